// Chorus composer: what the composer's forms do with a script (they work without it). A form with data-draft-key keeps
// a copy of what is typed in localStorage until the server has it, and restores it after a reload or a failed save,
// saying so. A form with data-check-url sends itself there as people type (debounced) and swaps in the counters,
// problems and previews of the answer (elements with data-live, by id). A form with data-autosave-url saves itself
// there a few seconds after the last change and says whether it worked.
(function () {
  "use strict";

  var CHECK_DELAY = 500;
  var SAVE_DELAY = 3000;

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), setUp);
  }

  function setUp(form) {
    if (form.dataset.ready === "yes") return;
    form.dataset.ready = "yes";
    var status = document.getElementById("autosave-status");
    var key = form.dataset.draftKey;
    var checkTimer = null;
    var saveTimer = null;
    var changes = 0;
    var savedChanges = 0;
    var saving = false;

    function say(message, failed) {
      if (!status) return;
      status.textContent = message || "";
      status.classList.toggle("failed", !!failed);
    }

    function fields() {
      return Array.prototype.filter.call(form.querySelectorAll("input[name], textarea[name], select[name]"), function (field) {
        return field.type !== "file" && field.type !== "submit" && field.name !== "__RequestVerificationToken";
      });
    }

    function fieldKey(field) {
      return field.type === "checkbox" ? field.name + "=" + field.value : field.name;
    }

    function values() {
      var copy = {};
      fields().forEach(function (field) {
        copy[fieldKey(field)] = field.type === "checkbox" ? field.checked : field.value;
      });
      return copy;
    }

    function keepCopy(submitted) {
      try {
        localStorage.setItem(key, JSON.stringify({ savedAt: form.dataset.savedAt || "", submitted: !!submitted, values: values() }));
      } catch (full) {
        // A full or disabled storage: the server save still runs.
      }
    }

    function dropCopy() {
      try { localStorage.removeItem(key); } catch (unavailable) { /* nothing kept */ }
    }

    // A copy left by a form sent to the server that answered with a newer save is stale: the server has it.
    function restore() {
      var copy;
      try { copy = JSON.parse(localStorage.getItem(key) || "null"); } catch (broken) { copy = null; }
      if (!copy || !copy.values) return;
      if (copy.submitted && copy.savedAt !== (form.dataset.savedAt || "")) { dropCopy(); return; }
      var restored = false;
      fields().forEach(function (field) {
        var kept = copy.values[fieldKey(field)];
        if (kept === undefined) return;
        if (field.type === "checkbox") {
          if (field.checked !== kept) { field.checked = kept; restored = true; }
        } else if (field.value !== kept) {
          field.value = kept;
          restored = true;
        }
      });
      if (restored) {
        say(form.dataset.restored);
        changed();
      } else {
        dropCopy();
      }
    }

    function body() {
      var data = new FormData(form);
      // Files are sent by the Save button only, not on every pause.
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) { data.delete(input.name); });
      return data;
    }

    function check() {
      fetch(form.dataset.checkUrl, { method: "POST", body: body(), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var answer = new DOMParser().parseFromString(html, "text/html");
          Array.prototype.forEach.call(answer.querySelectorAll("[data-live][id]"), function (fresh) {
            var current = document.getElementById(fresh.id);
            if (!current) return;
            // A <details> the person opened stays open.
            if (current.tagName === "SECTION") {
              var open = current.querySelector("details[open]");
              if (open && fresh.querySelector("details")) fresh.querySelector("details").open = true;
            }
            current.replaceWith(document.importNode(fresh, true));
          });
          markInvalid();
        })
        .catch(function () { /* the next pause checks again */ });
    }

    // A field whose problem list is not empty says so to assistive technologies.
    function markInvalid() {
      Array.prototype.forEach.call(form.querySelectorAll("input[aria-describedby], textarea[aria-describedby]"), function (field) {
        var ids = field.getAttribute("aria-describedby").split(" ");
        var invalid = ids.some(function (id) {
          var element = document.getElementById(id);
          return element && element.classList.contains("problems") && element.querySelector(".problem");
        });
        field.setAttribute("aria-invalid", invalid ? "true" : "false");
      });
    }

    function save() {
      if (saving) { saveTimer = setTimeout(save, SAVE_DELAY); return; }
      saving = true;
      var sent = changes;
      say(form.dataset.saving);
      fetch(form.dataset.autosaveUrl, { method: "POST", body: body(), credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; },
            function () { return { ok: false, answer: {} }; });
        })
        .then(function (result) {
          saving = false;
          if (!result.ok) { say(result.answer.message || form.dataset.offline, true); return; }
          form.dataset.savedAt = result.answer.savedAt;
          savedChanges = sent;
          say(result.answer.message);
          if (changes === savedChanges) dropCopy(); else keepCopy(false);
        })
        .catch(function () {
          saving = false;
          say(form.dataset.offline, true);
        });
    }

    function changed() {
      changes++;
      keepCopy(false);
      if (form.dataset.checkUrl) {
        clearTimeout(checkTimer);
        checkTimer = setTimeout(check, CHECK_DELAY);
      }
      if (form.dataset.autosaveUrl) {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(save, SAVE_DELAY);
      }
    }

    form.addEventListener("input", function (event) {
      if (event.target.type === "file") return;
      changed();
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") changed();
    });
    // Sent to the server: the editor keeps its copy until the answer shows a newer save; the first step's copy goes
    // (a refusal answers the form with what was typed).
    form.addEventListener("submit", function () {
      clearTimeout(saveTimer);
      if (form.dataset.savedAt === undefined) dropCopy(); else keepCopy(true);
    });
    restore();
    setUpInserts();

    // The insert bars: a template, a signature or a hashtag group goes into the field of its variant last focused
    // (the variant's text until another of its fields is focused); "shorten links" asks the server to replace the
    // addresses of that field. Each change is announced as typing is, so the counters and problems follow.
    function setUpInserts() {
      Array.prototype.forEach.call(form.querySelectorAll("[data-insert-bar]"), function (bar) {
        var section = bar.closest("section.variant");
        if (!section) return;
        bar.hidden = false;
        var last = null;
        section.addEventListener("focusin", function (event) {
          var field = event.target;
          if (field.tagName === "TEXTAREA" && field.name) last = field;
        });
        function target() {
          return last && section.contains(last) ? last : section.querySelector("textarea[name$='.Text']");
        }
        function announce(field) {
          field.dispatchEvent(new Event("input", { bubbles: true }));
          field.focus();
        }
        function insertAtCursor(field, text) {
          var start = typeof field.selectionStart === "number" ? field.selectionStart : field.value.length;
          var end = typeof field.selectionEnd === "number" ? field.selectionEnd : start;
          var before = field.value.slice(0, start);
          var after = field.value.slice(end);
          var spaced = (before && !/\s$/.test(before) ? " " : "") + text + (after && !/^\s/.test(after) ? " " : "");
          field.value = before + spaced + after;
          var caret = (before + spaced).length;
          field.setSelectionRange(caret, caret);
        }
        function append(field, text) {
          var current = field.value.replace(/\s+$/, "");
          field.value = current ? current + "\n\n" + text : text;
          field.setSelectionRange(field.value.length, field.value.length);
        }
        bar.addEventListener("click", function (event) {
          var button = event.target.closest("button");
          if (!button || !bar.contains(button)) return;
          var field = target();
          if (!field) return;
          var kind = button.dataset.insert;
          if (kind === "template") {
            insertAtCursor(field, button.dataset.text || "");
            var title = section.querySelector("input[name$='.Title']");
            if (button.dataset.title && title && !title.value) {
              title.value = button.dataset.title;
              title.dispatchEvent(new Event("input", { bubbles: true }));
            }
          } else if (kind === "signature") {
            append(field, button.dataset.text || "");
          } else if (kind === "hashtags") {
            insertAtCursor(field, button.dataset.text || "");
          } else if (button.hasAttribute("data-shorten-links")) {
            shorten(field, bar.querySelector(".insert-status"));
            return;
          } else {
            return;
          }
          var menu = button.closest("details");
          if (menu) menu.open = false;
          announce(field);
        });
      });
    }

    function shorten(field, status) {
      var data = new FormData();
      var token = form.querySelector("input[name=__RequestVerificationToken]");
      if (token) data.append(token.name, token.value);
      data.append("text", field.value);
      fetch(form.dataset.shortenUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
        })
        .then(function (result) {
          if (!result.ok) { if (status) status.textContent = result.answer.message || form.dataset.shortenFailed; return; }
          if (status) status.textContent = (form.dataset.shortened || "").replace("{0}", result.answer.links);
          if (result.answer.text !== field.value) {
            field.value = result.answer.text;
            announce(field);
          }
        })
        .catch(function () { if (status) status.textContent = form.dataset.shortenFailed; });

      function announce(f) {
        f.dispatchEvent(new Event("input", { bubbles: true }));
        f.focus();
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // Pages swapped in by htmx (boosted links) run this file again or fire htmx:load; either sets up new forms once.
  document.addEventListener("htmx:load", init);
})();
