// The import's progress page updates itself while Celery imports: every two seconds it asks the
// same page for ?format=json and replaces the panel. Without JavaScript the page says to refresh
// it (with a link), so nothing depends on this script.
const POLL_MS = 2000;

function start(region) {
  const url = region.dataset.importStatus;
  if (!url || region.dataset.finished === "true") {
    return;
  }
  let lastStatus = region.dataset.status;
  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(`status ${response.status}`);
      }
      const data = await response.json();
      if (data.status !== lastStatus) {
        region.innerHTML = data.panel;
        lastStatus = data.status;
      }
      if (data.finished) {
        region.dataset.finished = "true";
        return;
      }
    } catch (error) {
      // A failed poll is tried again; the refresh link stays on the page.
    }
    window.setTimeout(poll, POLL_MS);
  };
  window.setTimeout(poll, POLL_MS);
}

document.querySelectorAll("[data-import-status]").forEach(start);
