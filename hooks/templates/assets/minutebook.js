/* Minutebook: progressive enhancement only. Without this script every permanent link is still shown
   and can be copied by hand; with it, each "Copy link" button works and the page's permanent link
   shows its full address. */
(function () {
  "use strict";

  var announcer = function (message) {
    var region = document.getElementById("mb-announce");
    if (!region) return;
    // Clear first so the same words are announced again on a second copy.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  };

  var copyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-http hosts: copy through a temporary text area.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  };

  var enhance = function (button) {
    // The browser resolves the relative link into the full address a reader would cite.
    var address = new URL(button.getAttribute("data-href"), document.baseURI).href;
    var block = button.closest(".mb-permalink");
    var link = block && block.querySelector("a.mb-permalink__link");
    if (link) link.textContent = address;
    var label = button.querySelector(".mb-copy__label");
    button.hidden = false;
    var reset = function () { if (label) label.textContent = "Copy link"; };
    // "Copied" stays until the reader moves on, so it is not gone before it is seen.
    button.addEventListener("blur", reset);
    button.addEventListener("click", function () {
      copyText(address).then(function () {
        if (label) label.textContent = "Copied";
        announcer("Copied " + address);
      }, function () {
        announcer("Could not copy. Select the link text to copy it.");
      });
    });
  };

  // Tables and code written into the minutes or a guide may be wider than the screen and scroll in
  // their own box: one that does can be reached, and scrolled, with the keyboard too (WCAG 2.1.1).
  var reachable = function () {
    var tables = document.querySelectorAll(".md-typeset table:not([class]), .md-typeset pre > code");
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].scrollWidth > tables[i].clientWidth) tables[i].tabIndex = 0;
      else tables[i].removeAttribute("tabindex");
    }
  };

  var start = function () {
    var buttons = document.querySelectorAll("button.mb-copy[data-href]");
    for (var i = 0; i < buttons.length; i++) enhance(buttons[i]);
    reachable();
    window.addEventListener("resize", reachable);
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
