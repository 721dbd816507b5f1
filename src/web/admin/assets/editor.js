/*
 * Longhand editor: a live preview, a suggested slug and photos (upload or reuse, then insert),
 * on top of a form that already works without JavaScript (the "Preview" button re-renders the
 * page on the server; the media library page gives each photo's Markdown). Plain browser
 * JavaScript, no build step. Only inserting a photo the author confirmed changes the text.
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

  setUpPhotos();

  /*
   * Photos: dropped on the text, pasted, or chosen with "Add photo", each is uploaded to the
   * media library with a progress bar, then the author is asked for alt text and a caption and
   * the photo goes in as `![alt](url "caption")`, on its own paragraph where the cursor was.
   * "Reuse a photo from the library" does the same with a photo already uploaded, and so does
   * uploading the very same file again: the server answers with the photo it has, and its
   * alt text and caption are offered again. Cancelling inserts nothing; the upload stays in
   * the library.
   */
  function setUpPhotos() {
    var tools = document.getElementById("photo-tools");
    var picker = document.getElementById("photo-file");
    var statusList = document.getElementById("photo-status");
    var dialog = document.getElementById("photo-details");
    if (!tools || !picker || !statusList || !dialog || !window.FormData || typeof dialog.showModal !== "function") return;
    var details = {
      form: document.getElementById("photo-details-form"),
      name: document.getElementById("photo-details-name"),
      thumb: document.getElementById("photo-details-thumb"),
      alt: document.getElementById("photo-alt"),
      caption: document.getElementById("photo-caption"),
      cancel: document.getElementById("photo-cancel")
    };
    var library = {
      toggle: document.getElementById("photo-reuse"),
      panel: document.getElementById("photo-library"),
      note: document.getElementById("photo-library-note"),
      choices: document.getElementById("photo-choices"),
      more: document.getElementById("photo-more"),
      nextPage: 1
    };
    tools.hidden = false;

    // Photos waiting for their alt text, asked one at a time.
    var waiting = [];
    var asking = null;

    /** Where new photos go: the caret, remembered now, since the text may lose focus meanwhile. */
    function insertionPoint() {
      return { at: source.selectionEnd };
    }

    function uploadAll(files, spot) {
      for (var i = 0; i < files.length; i++) upload(files[i], spot);
    }

    function statusEntry(name) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.className = "photo-name";
      label.textContent = name;
      item.appendChild(label);
      var message = document.createElement("span");
      message.className = "photo-message";
      item.appendChild(message);
      statusList.appendChild(item);
      return {
        item: item,
        say: function (text, kind) {
          message.textContent = text;
          item.className = kind ? "photo-" + kind : "";
        }
      };
    }

    function upload(file, spot) {
      var name = file.name || "Pasted photo";
      var entry = statusEntry(name);
      entry.say(" uploading…", "uploading");
      var progress = document.createElement("progress");
      progress.max = 100;
      progress.setAttribute("aria-label", "Uploading " + name);
      entry.item.appendChild(progress);

      var body = new FormData();
      body.append("_csrf", csrfInput ? csrfInput.value : ""); // before the file: the server reads it first
      body.append("file", file, name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/admin/media");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("x-csrf-token", csrfInput ? csrfInput.value : "");
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
      };
      xhr.onload = function () {
        progress.remove();
        var answer = null;
        try {
          answer = JSON.parse(xhr.responseText);
        } catch (e) {
          answer = null;
        }
        if ((xhr.status === 201 || xhr.status === 200) && answer && typeof answer.url === "string") {
          // The same file uploaded before: the library's photo, described as it was then.
          var existing = answer.existing === true;
          entry.say(existing ? " already in the media library." : " uploaded.", "done");
          ask({
            id: answer.id,
            url: answer.url,
            name: name,
            alt: existing && typeof answer.alt === "string" ? answer.alt : "",
            caption: existing && typeof answer.caption === "string" ? answer.caption : "",
            existing: existing,
            spot: spot,
            entry: entry
          });
        } else {
          var sentence = answer && typeof answer.error === "string" ? answer.error : "The upload failed (" + xhr.status + "). Nothing was inserted.";
          entry.say(": " + sentence, "error");
        }
      };
      xhr.onerror = function () {
        progress.remove();
        entry.say(": the upload failed; check the connection and try again. Nothing was inserted.", "error");
      };
      xhr.send(body);
    }

    /** Queues a photo for its alt text and caption; asks at once when nothing else is being asked. */
    function ask(photo) {
      waiting.push(photo);
      if (!asking) askNext();
    }

    function askNext() {
      asking = waiting.shift() || null;
      if (!asking) return;
      details.name.textContent = asking.existing
        ? asking.name + " is already in the media library: its alt text and caption from then are filled in."
        : asking.name;
      details.thumb.textContent = "";
      var img = document.createElement("img");
      img.src = asking.thumbUrl || asking.url;
      img.alt = "";
      details.thumb.appendChild(img);
      details.alt.value = asking.alt;
      details.caption.value = asking.caption;
      dialog.returnValue = "";
      dialog.showModal();
      details.alt.focus();
    }

    // "Insert" submits the dialog's own form (Enter in either field does too); Escape and
    // "Cancel" close it with no return value.
    details.cancel.addEventListener("click", function () {
      dialog.close("");
    });
    dialog.addEventListener("close", function () {
      var photo = asking;
      asking = null;
      if (photo) {
        if (dialog.returnValue === "insert") {
          insertPhoto(photo, details.alt.value, details.caption.value);
        } else if (photo.entry) {
          photo.entry.say(photo.existing ? " already in the media library, not inserted." : " uploaded, not inserted: it stays in the media library.", "done");
        }
      }
      if (waiting.length > 0) askNext();
      else source.focus();
    });

    function insertPhoto(photo, alt, caption) {
      var markdown = imageMarkdown(photo.url, alt, caption);
      var text = source.value;
      var at = Math.min(photo.spot.at, text.length);
      var before = text.slice(0, at);
      var after = text.slice(at);
      var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
      var tail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
      var block = lead + markdown + tail;
      source.focus();
      source.setSelectionRange(at, at);
      // execCommand keeps the browser's undo history; setRangeText is the fallback.
      var typed = false;
      try {
        typed = document.execCommand("insertText", false, block) && source.value.slice(at, at + block.length) === block;
      } catch (e) {
        typed = false;
      }
      if (!typed) {
        source.value = text;
        source.setRangeText(block, at, at, "end");
      }
      var end = at + block.length;
      source.setSelectionRange(end, end);
      // Later photos of the same drop follow this one.
      photo.spot.at = end;
      if (photo.entry) photo.entry.say(" inserted.", "done");
      clearTimeout(timer);
      refreshPreview();
      saveText(photo.id, alt, caption, photo.entry);
    }

    /** Keeps the alt text and caption on the library's copy too, so the library shows them. */
    function saveText(id, alt, caption, entry) {
      var body = new URLSearchParams();
      body.set("_csrf", csrfInput ? csrfInput.value : "");
      body.set("alt", alt);
      body.set("caption", caption);
      fetch("/admin/media/" + encodeURIComponent(id), {
        method: "POST",
        credentials: "same-origin",
        headers: { accept: "application/json", "x-csrf-token": csrfInput ? csrfInput.value : "" },
        body: body
      })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
        })
        .catch(function () {
          if (entry) entry.say(" inserted; its alt text and caption could not be saved in the media library.", "error");
        });
    }

    picker.addEventListener("change", function () {
      var files = Array.prototype.slice.call(picker.files || []);
      picker.value = ""; // the same photo can be chosen again
      uploadAll(files, insertionPoint());
    });

    function hasFiles(transfer) {
      return !!transfer && Array.prototype.indexOf.call(transfer.types || [], "Files") !== -1;
    }

    source.addEventListener("dragover", function (event) {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      source.classList.add("photo-drop");
    });
    source.addEventListener("dragleave", function () {
      source.classList.remove("photo-drop");
    });
    source.addEventListener("drop", function (event) {
      source.classList.remove("photo-drop");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || files.length === 0) return; // dropped text is the browser's to handle
      // Never let the browser open a dropped file in place of the unsaved post.
      event.preventDefault();
      uploadAll(Array.prototype.slice.call(files), insertionPoint());
    });
    source.addEventListener("paste", function (event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (!files || files.length === 0) return;
      event.preventDefault();
      uploadAll(Array.prototype.slice.call(files), insertionPoint());
    });

    // Reusing a photo from the library.
    var reuseSpot = null;
    library.toggle.addEventListener("click", function () {
      var open = library.panel.hidden;
      library.panel.hidden = !open;
      library.toggle.setAttribute("aria-expanded", String(open));
      if (!open) return;
      reuseSpot = insertionPoint();
      if (library.nextPage === 1) loadLibrary();
    });
    library.more.addEventListener("click", loadLibrary);

    function loadLibrary() {
      library.note.textContent = "Loading your photos…";
      library.more.hidden = true;
      fetch("/admin/media.json?page=" + library.nextPage, { credentials: "same-origin", headers: { accept: "application/json" } })
        .then(function (res) {
          if (!res.ok || !/json/.test(res.headers.get("content-type") || "")) throw new Error(String(res.status));
          return res.json();
        })
        .then(function (data) {
          data.items.forEach(addChoice);
          library.note.textContent = data.total === 0 ? "No photos in the library yet." : "";
          library.more.hidden = data.page >= data.pageCount;
          library.nextPage = data.page + 1;
        })
        .catch(function () {
          library.note.textContent = "The library could not be loaded. Open the media library instead.";
          library.more.hidden = false;
        });
    }

    function addChoice(photo) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "photo-choice";
      var img = document.createElement("img");
      img.src = photo.thumbUrl;
      img.alt = "";
      img.width = Math.min(120, photo.thumbWidth);
      img.height = Math.max(1, Math.round((photo.thumbHeight * img.width) / photo.thumbWidth));
      img.loading = "lazy";
      var name = document.createElement("span");
      name.textContent = photo.name;
      button.appendChild(img);
      button.appendChild(name);
      button.addEventListener("click", function () {
        ask({ id: photo.id, url: photo.url, thumbUrl: photo.thumbUrl, name: photo.name, alt: photo.alt || "", caption: photo.caption || "", spot: reuseSpot || insertionPoint() });
      });
      item.appendChild(button);
      library.choices.appendChild(item);
    }
  }

  /**
   * `![alt](url "caption")`, kept to one image on one line whatever the author typed: line
   * breaks become spaces, and the characters that would end the alt text or the caption early
   * are escaped with a backslash.
   */
  /**
   * Alt text as image text in Markdown. Balanced brackets may stand as they are, and are left
   * so: post pages keep them, while they drop characters escaped inside alt text. Only a bracket
   * without a partner, or a backslash before punctuation, is escaped to keep the image whole.
   */
  function altMarkdown(text) {
    var chars = text.split("");
    var open = [];
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === "[") open.push(i);
      else if (chars[i] === "]") {
        if (open.length > 0) open.pop();
        else chars[i] = "\\]";
      } else if (chars[i] === "\\" && /[!-\/:-@\[-`{-~]/.test(text.charAt(i + 1))) chars[i] = "\\\\";
    }
    open.forEach(function (at) {
      chars[at] = "\\[";
    });
    return chars.join("");
  }

  function imageMarkdown(url, alt, caption) {
    var oneLine = function (text) {
      return text.replace(/\s+/g, " ").trim();
    };
    var safeAlt = altMarkdown(oneLine(alt));
    var safeCaption = oneLine(caption).replace(/[\\"()]/g, "\\$&");
    return "![" + safeAlt + "](" + url + (safeCaption ? ' "' + safeCaption + '"' : "") + ")";
  }
})();
