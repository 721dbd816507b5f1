/*
 * Longhand editor: a live preview and a suggested slug, on top of a form that already
 * works without JavaScript (the "Preview" button re-renders the page on the server).
 * Plain browser JavaScript, no build step. Nothing here ever changes what the author
 * typed: it only reads the fields and writes the preview pane and a placeholder.
 */
(function () {
  "use strict";

  var form = document.getElementById("editor-form");
  var source = form && form.querySelector("textarea[name=source]");
  var preview = document.getElementById("preview");
  if (!form || !source || !preview || !window.fetch) return;

  var csrfInput = form.querySelector("input[name=_csrf]");
  var timer = null;
  var latest = 0; // numbers the requests, so a slow old answer never replaces a newer one

  function refreshPreview() {
    var request = ++latest;
    fetch("/admin/preview", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        "x-csrf-token": csrfInput ? csrfInput.value : ""
      },
      body: JSON.stringify({ source: source.value })
    })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (data) {
        if (request !== latest || !data || typeof data.html !== "string") return;
        preview.innerHTML = data.html; // sanitised by the server
      })
      .catch(function () {
        // Offline, signed out or busy: keep the last preview; the Preview button still works.
      });
  }

  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 300);
  });

  // The same rule as the server's slugify (src/domain/slug.ts), shown as a suggestion only.
  var title = form.querySelector("input[name=title]");
  var slug = form.querySelector("input[name=slug]");
  var spellings = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i" };

  function slugify(text) {
    var folded = text.toLowerCase();
    if (folded.normalize) folded = folded.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    var slugText = folded
      .replace(/[ßæœøđðłþı]/g, function (letter) { return spellings[letter] || ""; })
      .replace(/['’ʼ]/g, "")
      .split(/[^a-z0-9]+/)
      .filter(function (word) { return word !== ""; })
      .join("-");
    if (slugText.length > 80) {
      var head = slugText.slice(0, 80);
      var lastBreak = head.lastIndexOf("-");
      slugText = slugText.charAt(80) === "-" || lastBreak <= 0 ? head : head.slice(0, lastBreak);
    }
    return slugText;
  }

  function suggestSlug() {
    if (slug.value === "") slug.placeholder = slugify(title.value);
  }

  if (title && slug) {
    title.addEventListener("input", suggestSlug);
    slug.addEventListener("input", suggestSlug);
    suggestSlug();
  }
})();
