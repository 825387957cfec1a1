// What htmx does not do by itself on this site. When a request gets no answer at
// all (no connection, or no answer within the timeout), say so in the notice slot
// at the top of the page: what was typed stays in place, since nothing is swapped.
// Error answers from the server (413, 429, 500, 503...) are swapped into the same
// slot by the responseHandling rule in templates/_macros.html. And after a step is
// swapped in, behave like a new page: focus its error summary or its heading, and
// show it from the top. After an inline check has changed one field's message, the
// rest of the page agrees with it: the error summary (from the last press of
// Lanjutkan) says the same for that field or no longer lists it, the box loses or
// gains its red mark, and the box points screen readers at its message. A box is
// not checked while Lanjutkan is being pressed: the press itself moves the focus out
// of the box, and a message that came or went before the finger lifted would move
// the button from under it, so the press would be lost (the step's POST checks
// every box anyway).
(function () {
  "use strict";

  function slot() {
    return document.getElementById("galat-kiriman");
  }

  function focusTop(element) {
    if (!element) {
      return;
    }
    if (!element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  function showMessage(id) {
    var box = slot();
    var message = document.getElementById(id);
    if (!box || !message) {
      return;
    }
    box.replaceChildren(message.content.cloneNode(true));
    focusTop(box.firstElementChild);
  }

  function messageText(message) {
    var words = message.cloneNode(true);
    var hidden = words.querySelector(".visually-hidden"); // "Galat:", for screen readers
    if (hidden) {
      hidden.remove();
    }
    return words.textContent.trim();
  }

  function describedBy(box, id, on) {
    var ids = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (each) {
      return each && each !== id;
    });
    if (on) {
      ids.push(id);
    }
    if (ids.length) {
      box.setAttribute("aria-describedby", ids.join(" "));
    } else {
      box.removeAttribute("aria-describedby");
    }
  }

  function checked(target) {
    var name = target.id.replace(/-pesan$/, "");
    var message = target.querySelector(".field-error");
    var field = target.closest(".field");
    var box = document.getElementById(name);
    if (field) {
      field.classList.toggle("has-error", !!message);
    }
    if (box) {
      describedBy(box, name + "-galat", !!message);
    }
    var item = document.getElementById(name + "-ringkasan");
    if (!item) {
      return;
    }
    if (message) {
      item.querySelector("a").textContent = messageText(message);
      return;
    }
    var summary = item.closest(".error-summary");
    item.remove();
    if (summary && !summary.querySelector("li")) {
      summary.remove();
    }
  }

  var pressed = null; // the form whose submit button is held down

  document.addEventListener("pointerdown", function (event) {
    var button = event.target.closest && event.target.closest("button[type=submit], input[type=submit]");
    pressed = button ? button.form : null;
  }, true);
  document.addEventListener("click", function () { pressed = null; });
  document.addEventListener("pointercancel", function () { pressed = null; });
  document.addEventListener("pointerup", function () { window.setTimeout(function () { pressed = null; }, 0); });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (pressed && elt.form === pressed && /-pesan$/.test(event.detail.target.id)) {
      event.preventDefault();
    }
  });

  // An error answer that is not this site's own notice (an empty 500 or 429, a proxy's 502 page, a JSON
  // body) would show nothing, or a stranger's page in English: say something plain instead.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.xhr.status >= 400 && detail.target === slot() &&
        (detail.serverResponse || "").indexOf("error-notice") === -1) {
      detail.shouldSwap = false;
      showMessage("pesan-gangguan");
    }
  });
  document.addEventListener("htmx:sendError", function () { showMessage("pesan-tanpa-jawaban"); });
  document.addEventListener("htmx:timeout", function () { showMessage("pesan-tanpa-jawaban"); });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var box = slot();
    if (target === box) {
      focusTop(box.firstElementChild);
    } else if (target.id === "langkah") {
      if (box) {
        box.replaceChildren();
      }
      focusTop(target.querySelector(".error-summary") || target.querySelector("h1"));
    } else if (/-pesan$/.test(target.id)) {
      checked(target);
    }
  });
})();
