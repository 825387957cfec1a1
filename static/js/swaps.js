// What htmx does not do by itself on this site. When a request gets no answer at
// all (no connection, or no answer within the timeout), say so in the notice slot
// at the top of the page: what was typed stays in place, since nothing is swapped.
// Error answers from the server (413, 429, 500, 503...) are swapped into the same
// slot by the responseHandling rule in templates/_macros.html. And after a step is
// swapped in, behave like a new page: focus its error summary or its heading, and
// show it from the top.
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
    }
  });
})();
