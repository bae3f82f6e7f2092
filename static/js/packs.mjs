// The pack build page updates itself while the build runs: every two seconds it asks the same
// page for ?format=json and replaces the progress panel. Without JavaScript the page says to
// refresh it (with a link), so nothing depends on this script.
const POLL_MS = 2000;

function start(region) {
  const url = region.dataset.packBuildStatus;
  if (!url || region.dataset.finished === "true") {
    return;
  }
  let lastStatus = null;
  let lastProgress = null;
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
      if (data.status !== lastStatus || data.progress !== lastProgress) {
        region.innerHTML = data.panel;
        lastStatus = data.status;
        lastProgress = data.progress;
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

document.querySelectorAll("[data-pack-build-status]").forEach(start);
