// Runs first in the body, before the page paints: GOV.UK Frontend's styles for enhanced components
// depend on these classes. A static file, because the Content-Security-Policy allows no inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
