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

  // Inline forms in a table row (Skift status): keyboard focus follows the form (WCAG 2.4.3). It moves
  // into the form when it opens, to the first field in error when it comes back with errors, and back to
  // the row's button after saving or cancelling. The swap replaces what had focus, so the row is
  // remembered by its id before the request.
  var rowId = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var row = event.detail.elt.closest("tr[id]");
    rowId = row ? row.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var row = rowId && document.getElementById(rowId);
    if (!row) {
      return;
    }
    var form = row.querySelector(".status-change-form");
    var target = form
      ? form.querySelector(".is-invalid") || form.querySelector("select, textarea, input:not([type=hidden])")
      : row.querySelector(".status-change-link");
    if (target) {
      target.focus();
    }
  });

  // The session ends after a while without use (core.middleware). Two minutes before, say so and offer
  // to stay signed in; any request (a page, an htmx swap) starts the count again.
  var idle = document.querySelector('meta[name="session-idle-seconds"]');
  if (idle) {
    var warning = null;
    var timer = null;
    var restart = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var template = document.getElementById("session-warning");
        if (!warning && template) {
          warning = template.content.firstElementChild.cloneNode(true);
          document.getElementById("indhold").appendChild(warning);
        }
        if (warning) {
          warning.hidden = false;
          warning.querySelector("button").focus();
        }
      }, Math.max(Number(idle.content) - 120, 0) * 1000);
    };
    restart();
    document.addEventListener("htmx:afterRequest", restart);
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".session-warning__stay")) {
        return;
      }
      var token = document.querySelector('meta[name="csrf-token"]').content;
      fetch(idle.dataset.keepalive, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
        .then(function (response) {
          if (response.ok) {
            warning.hidden = true;
            document.getElementById("live-status").textContent = "Du er stadig logget ind.";
            restart();
          }
        });
    });
  }

  // Text not yet sent is kept: what is typed into a form is kept in this tab (sessionStorage) from the
  // moment it is sent. If the session had ended, the post leads to the login page and then back to the
  // form, which gets the text again and says so; any other page after a post means it went through.
  var DRAFTS = "viborg-bu-utkast:";
  var isLogin = /\/login\/$/.test(window.location.pathname);
  var draftKey = function (form) {
    var target = form.getAttribute("hx-post") || form.getAttribute("action") || window.location.pathname;
    return DRAFTS + new URL(target, window.location.href).pathname;
  };
  var forgetDrafts = function (except) {
    for (var i = sessionStorage.length - 1; i >= 0; i--) {
      var key = sessionStorage.key(i);
      if (key && key.indexOf(DRAFTS) === 0 && !except[key]) {
        sessionStorage.removeItem(key);
      }
    }
  };
  var keptFields = function (form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      return field.name && field.name !== "csrfmiddlewaretoken" && field.name !== "version" &&
        ["hidden", "password", "file", "submit", "button", "checkbox", "radio"].indexOf(type) === -1;
    });
  };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (/\/logout\/$/.test(new URL(form.getAttribute("action") || "", window.location.href).pathname)) {
      forgetDrafts({});  // signing out on a shared computer leaves no text behind for the next person
      return;
    }
    if (isLogin || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    var values = {};
    keptFields(form).forEach(function (field) { values[field.name] = field.value; });
    try { sessionStorage.setItem(draftKey(form), JSON.stringify(values)); } catch (error) { /* full or off */ }
  }, true);
  var restoreDrafts = function () {
    if (isLogin) {
      return;
    }
    var seen = {};
    document.querySelectorAll('form[method="post"], form[hx-post]').forEach(function (form) {
      var key = draftKey(form);
      var stored = sessionStorage.getItem(key);
      seen[key] = true;
      if (!stored) {
        return;
      }
      sessionStorage.removeItem(key);
      var restored = false;
      keptFields(form).forEach(function (field) {
        var value = JSON.parse(stored)[field.name];
        // Only into a field as the page drew it: a form sent back with errors already holds what was sent.
        var untouched = field.tagName === "SELECT" || field.value === field.defaultValue;
        if (typeof value === "string" && untouched && field.value !== value) {
          field.value = value;
          restored = true;
        }
      });
      if (restored) {
        document.getElementById("live-status").textContent =
          "Teksten, du skrev, blev ikke gemt, fordi du var logget ud. Den er sat ind igen: gennemse den, og gem.";
        var notice = document.createElement("p");
        notice.className = "alert alert-info draft-restored";
        notice.setAttribute("role", "status");
        notice.textContent = "Din tekst blev ikke gemt, fordi du var logget ud. Den er sat ind igen: gennemse den, og tryk Gem.";
        form.insertBefore(notice, form.firstChild);
      }
    });
    // A post that led anywhere else went through: its kept text is not needed any more.
    forgetDrafts(seen);
  };
  document.addEventListener("DOMContentLoaded", restoreDrafts);

  // On a phone the main menu folds behind a "Menu" button (a disclosure: aria-expanded says its state).
  var toggle = document.querySelector(".portal-menu__toggle");
  if (toggle) {
    var menu = toggle.closest(".portal-menu");
    toggle.hidden = false;
    menu.classList.add("is-folded");
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("is-folded") === false;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A form sent back with errors: focus its summary, so a screen reader reads what is wrong first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  });

  // Printed, a table the screen keeps one step away ("Vis som tabel") is what the paper needs: open it
  // for the print and close it again afterwards, as the reader left it.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details[data-open-for-print]:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
  });
})();
