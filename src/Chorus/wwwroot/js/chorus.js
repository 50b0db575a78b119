// Chorus: the few behaviours plain HTML lacks. Loaded once; listens on the document, so pages swapped in by htmx
// need nothing. Without this file every form still works, only without confirmation, copy buttons and the phone menu
// (the navigation then stays open above the page).
(function () {
  "use strict";

  // Styles that need the script (the phone menu) apply only when it runs.
  document.documentElement.classList.add("js");

  function setMenu(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  }

  // The menu button (phones) opens the side navigation and puts the focus in it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".menu-button");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    setMenu(button, open);
    if (open) {
      var first = document.getElementById(button.getAttribute("aria-controls")).querySelector("summary, a");
      if (first) first.focus();
    }
  });

  // Escape closes what is open, innermost first — the workspace switcher, then the phone menu — and gives the focus
  // back to what opened it. The confirmation dialog closes on Escape by itself.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    if (event.target.closest && event.target.closest("dialog")) return;
    var details = event.target.closest ? event.target.closest("details[open]") : null;
    if (details) {
      details.open = false;
      details.querySelector("summary").focus();
      event.preventDefault();
      return;
    }
    var button = document.querySelector(".menu-button[aria-expanded='true']");
    if (button) {
      setMenu(button, false);
      button.focus();
      event.preventDefault();
    }
  });

  // A button with data-confirm="…" asks first, in the layout's <dialog>; the form is sent only on "Confirm".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!submitter || !submitter.dataset.confirm) return;
    if (form.dataset.confirmed === "yes") { delete form.dataset.confirmed; return; }
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    event.stopImmediatePropagation();
    document.getElementById("confirm-dialog-message").textContent = submitter.dataset.confirm;
    dialog.returnValue = "";
    dialog.addEventListener("close", function answered() {
      dialog.removeEventListener("close", answered);
      if (dialog.returnValue === "confirm") {
        form.dataset.confirmed = "yes";
        form.requestSubmit(submitter);
      } else {
        submitter.focus();
      }
    });
    dialog.showModal();
    document.getElementById("confirm-dialog-confirm").focus();
  }, true);

  // A button with data-copy="#id" copies that field's value and says so.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    if (!field) return;
    var done = function () {
      var label = button.querySelector(".copy-label");
      if (label && button.dataset.copied) label.textContent = button.dataset.copied;
      button.classList.add("copied");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      if (document.execCommand("copy")) done();
    }
  });
  // A form with data-upload-progress="#id" sends its files in the background and fills that <progress> as they go;
  // the answer replaces the page as a plain submission would (the next page, or this one with its errors).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.uploadProgress || typeof FormData === "undefined") return;
    var progress = document.querySelector(form.dataset.uploadProgress);
    if (!progress) return;
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    progress.hidden = false;
    progress.value = 0;
    request.upload.addEventListener("progress", function (sent) {
      if (sent.lengthComputable) progress.value = Math.round(100 * sent.loaded / sent.total);
    });
    request.addEventListener("load", function () {
      // The request followed the redirect already: its answer is the next page (with its one-time confirmation).
      var answer = new DOMParser().parseFromString(request.responseText, "text/html");
      if (request.responseURL) window.history.replaceState(null, "", request.responseURL);
      document.title = answer.title;
      document.body.replaceWith(answer.body);
    });
    request.addEventListener("error", function () { progress.hidden = true; form.submit(); });
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) { button.disabled = true; });
    request.send(new FormData(form));
  });
})();
