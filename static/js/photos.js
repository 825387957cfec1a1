// Photos on a slow phone connection. A camera photo of 3-5 MB takes over a minute
// at 400 kbps; the server keeps at most 2000 px anyway (blueprints/apply/photos.py).
// So when a photo is chosen, this draws it again at most 2000 px long as a JPEG and
// puts that in the file box instead: the form then sends a few hundred KB, with or
// without htmx. Whatever the browser cannot decode is sent as it is, and the server
// checks and re-encodes every photo either way. While the form is sending, a
// progress bar and a cancel button show (they are in the page, hidden until now).
(function () {
  "use strict";

  var LONGEST_SIDE = 2000;
  var QUALITY = 0.85;
  var WORTH_SHRINKING = 600 * 1024; // smaller files go as they are

  function shrink(file) {
    if (!window.createImageBitmap || !window.DataTransfer || file.size < WORTH_SHRINKING) {
      return Promise.resolve(null);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
    }).then(function (blob) {
      if (!blob || blob.size >= file.size) {
        return null;
      }
      return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
    }).catch(function () { return null; }); // e.g. HEIC in a browser that cannot draw it
  }

  // As the server's messages write sizes: "4,8 MB", "861 KB".
  function size(bytes) {
    if (bytes >= 1024 * 1024) {
      return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + "\u00a0MB"; // no-break space
    }
    return Math.round(bytes / 1024) + "\u00a0KB";
  }

  // The photos of each form still being made small; the form carries data-shrinking meanwhile.
  var shrinking = new WeakMap();

  function pendingOf(form) {
    if (!shrinking.has(form)) {
      shrinking.set(form, new Set());
    }
    return shrinking.get(form);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-shrink]") || !input.files.length) {
      return;
    }
    var original = input.files[0];
    var note = document.getElementById(input.id + "-diperkecil");
    var form = input.form;
    var jobs = pendingOf(form);
    var job = shrink(original).then(function (small) {
      if (small && input.files[0] === original) {
        var chosen = new DataTransfer();
        chosen.items.add(small);
        input.files = chosen.files;
        if (note) {
          note.textContent = note.getAttribute("data-message").replace("{before}", size(original.size))
            .replace("{after}", size(small.size));
          note.hidden = false;
        }
      }
      jobs.delete(job);
      if (!jobs.size) {
        form.removeAttribute("data-shrinking");
      }
    });
    jobs.add(job);
    form.setAttribute("data-shrinking", "1");
  });

  // Lanjutkan pressed while a photo is still being made small (a second or more on a
  // cheap phone): wait for it, so that the small one is sent and not the original.
  // htmx gathers the form's values only when the request is issued. A second press
  // while waiting does nothing more; "Batalkan pengiriman" calls the sending off.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    var jobs = form && shrinking.get(form);
    if (!jobs || !jobs.size) {
      return;
    }
    event.preventDefault();
    if (form.hasAttribute("data-waiting")) {
      return;
    }
    form.setAttribute("data-waiting", "send");
    var box = progressOf(form);
    if (box) {
      box.querySelector("progress").removeAttribute("value"); // no amount yet: a moving bar
      box.hidden = false;
    }
    Promise.all(Array.from(jobs)).then(function () {
      var send = form.getAttribute("data-waiting") === "send";
      form.removeAttribute("data-waiting");
      if (send) {
        event.detail.issueRequest(true);
      }
    });
  });

  function progressOf(form) {
    return form && form.querySelector(".upload-progress");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = progressOf(event.detail.elt.closest && event.detail.elt.closest("form"));
    if (box) {
      box.querySelector("progress").value = 0;
      box.hidden = false;
    }
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var box = progressOf(event.detail.elt.closest && event.detail.elt.closest("form"));
    if (box && event.detail.lengthComputable) {
      box.querySelector("progress").value = Math.round(100 * event.detail.loaded / event.detail.total);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = progressOf(event.detail.elt.closest && event.detail.elt.closest("form"));
    if (box) {
      box.hidden = true;
    }
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel-upload]");
    if (cancel) {
      if (cancel.form.hasAttribute("data-waiting")) {
        cancel.form.setAttribute("data-waiting", "cancelled");
      }
      htmx.trigger(cancel.form, "htmx:abort");
      progressOf(cancel.form).hidden = true;
    }
  });
})();
