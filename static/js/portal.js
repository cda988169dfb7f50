/* viborg_bu — the portal's own script. No inline script anywhere: the Content-Security-Policy
   allows scripts from our own origin only (docs/decisions/0007-hardened-settings-and-csp.md). */
(function () {
  "use strict";

  // htmx requests that change something carry Django's CSRF token, read from <meta name="csrf-token">.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb === "get") {
      return;
    }
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // A form sent back with errors: focus its summary, so a screen reader reads what is wrong first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
