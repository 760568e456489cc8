// The release form's aids (loaded by PressReleaseAdminForm's Media, deferred):
// the body's Markdown preview, refreshed as the editor types, and the title's
// character counter. No inline script: the site's Content Security Policy
// refuses it.
"use strict";

(function () {
  const PREVIEW_DELAY_MS = 300;

  function debounce(action, delay) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(action, delay);
    };
  }

  // Ask the admin for the text's HTML, rendered by the public page's sanitiser;
  // an answer that comes after a newer request is dropped.
  function previewAsTyped(textarea) {
    const preview = document.getElementById(textarea.id + "_preview");
    const status = document.getElementById(textarea.id + "_preview_status");
    const token = textarea.form.querySelector("[name=csrfmiddlewaretoken]").value;
    let shown = textarea.value;
    let pending = null;

    async function refresh() {
      const text = textarea.value;
      if (text === shown) {
        return;
      }
      if (pending) {
        pending.abort();
      }
      const request = new AbortController();
      pending = request;
      try {
        const response = await fetch(textarea.dataset.previewUrl, {
          method: "POST",
          headers: { "X-CSRFToken": token },
          body: new URLSearchParams({ body: text }),
          credentials: "same-origin",
          signal: request.signal,
        });
        const answer = await response.json().catch(() => ({}));
        if (response.ok && typeof answer.html === "string") {
          preview.innerHTML = answer.html; // sanitised by the server
          status.textContent = "";
          shown = text;
        } else {
          status.textContent = answer.error || textarea.dataset.previewFailed;
        }
      } catch (error) {
        if (error.name !== "AbortError") {
          status.textContent = textarea.dataset.previewFailed;
        }
      } finally {
        if (pending === request) {
          pending = null;
        }
      }
    }

    textarea.addEventListener("input", debounce(refresh, PREVIEW_DELAY_MS));
  }

  // Show "n of limit characters" under a field whose limit is checked by the
  // server, not cut by a maxlength attribute. Characters are counted as Python
  // counts them (code points, not UTF-16 units).
  function countCharacters(input) {
    const limit = Number(input.dataset.maxLength);
    const counter = document.createElement("div");
    counter.className = "character-counter";
    counter.id = input.id + "_counter";
    input.insertAdjacentElement("afterend", counter);

    function update() {
      const count = Array.from(input.value).length;
      const template = count > limit ? input.dataset.counterOver : input.dataset.counter;
      counter.textContent = template
        .replace("%(count)s", count)
        .replace("%(limit)s", limit);
      counter.classList.toggle("over-limit", count > limit);
    }

    input.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[data-preview-url]").forEach(previewAsTyped);
  document.querySelectorAll("input[data-max-length]").forEach(countCharacters);
})();
