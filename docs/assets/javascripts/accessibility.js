/* Two ARIA gaps in Material's markup, closed as its elements appear (also after instant
   navigation): the search dialog has no name, and each code block's copy button sits in a
   <nav>, which made every code block an unnamed navigation landmark. */
(function () {
  function label() {
    for (const dialog of document.querySelectorAll(".md-search[role=dialog]:not([aria-label])")) {
      dialog.setAttribute("aria-label", "Search");
    }
    for (const toolbar of document.querySelectorAll(".md-code__nav:not([role])")) {
      toolbar.setAttribute("role", "none");
    }
  }
  label();
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
})();

/* Figures keep their text legible and scroll sideways when wider than the column
   (docs/assets/diagrams.css): such a frame gets a visible hint, and a tab stop so that the
   keyboard can scroll it. A ResizeObserver reports each frame once the browser has laid it
   out, and again whenever its size changes (a resized window, a turned phone, a figure shown
   in a tab or an opened details): measured there, after the browser's own layout, the frames
   cost no layout of their own, where measuring every figure when the page starts forced one
   (a long task on a phone). Frames that instant navigation brings are observed as they come. */
(function () {
  function markScrollable(entries) {
    const figures = new Set(entries.map(({ target }) => target.closest(".lstm-diagram")));
    // Every measure first, then every change: a change between two measures would make the
    // browser lay the page out again for each figure.
    const measured = [...figures].filter(Boolean).map((figure) => ({
      hint: figure.querySelector(".lstm-diagram__hint"),
      frames: [...figure.querySelectorAll(".lstm-diagram__frame")].map((frame) => [
        frame, frame.offsetParent !== null && frame.scrollWidth > frame.clientWidth + 1]),
    }));
    for (const { hint, frames } of measured) {
      let scrolls = false;
      for (const [frame, overflows] of frames) {
        scrolls = scrolls || overflows;
        if (overflows) {
          frame.tabIndex = 0;
          frame.setAttribute("role", "region");
          frame.setAttribute("aria-label", "Figure, scrolls sideways");
        } else {
          frame.removeAttribute("tabindex");
          frame.removeAttribute("role");
          frame.removeAttribute("aria-label");
        }
      }
      if (hint) hint.hidden = !scrolls;
    }
  }
  const sizes = new ResizeObserver(markScrollable);
  const observed = new Set();  // observing a frame again would report it again
  function observeFrames() {
    for (const frame of observed) {
      if (!frame.isConnected) {  // gone with the page instant navigation left
        sizes.unobserve(frame);
        observed.delete(frame);
      }
    }
    for (const frame of document.querySelectorAll(".lstm-diagram__frame")) {
      if (!observed.has(frame)) {
        observed.add(frame);
        sizes.observe(frame);
      }
    }
  }
  observeFrames();
  new MutationObserver(observeFrames).observe(document.documentElement,
                                              { childList: true, subtree: true });
})();

/* The palette switch is a pair of hidden radio buttons; Material turns it with Enter. Space,
   the key that presses a button, turns it the same way (a checked radio ignores Space). */
document.addEventListener("keydown", function (event) {
  const input = event.target;
  if (event.key !== " " || !(input instanceof HTMLInputElement)
      || !input.matches("[data-md-component=palette] .md-option")) return;
  const inputs = [...input.form.querySelectorAll(".md-option")];
  const next = inputs[(inputs.indexOf(input) + 1) % inputs.length];
  event.preventDefault();
  next.click();
  next.focus();
});

/* A pasted error message is searched as words. Material's search reads its box as a query
   language: "name:" would be a field, "-1" a word to leave out, "x~1" a fuzzy word, and a
   pasted traceback's line breaks vanish. Pasted text keeps its words (and its quoted names,
   which Material requires) and drops the rest of that syntax, so that a whole message,
   Keras 2 or 3, finds the section showing it. */
document.addEventListener("paste", function (event) {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.matches(".md-search__input")) return;
  const text = event.clipboardData && event.clipboardData.getData("text");
  if (!text) return;
  event.preventDefault();
  const words = text.replace(/[:~^*]+/g, " ").replace(/(^|\s)[+-]+/g, "$1")
    .replace(/\s+/g, " ").trim();
  const start = box.selectionStart, end = box.selectionEnd;
  box.value = box.value.slice(0, start) + words + box.value.slice(end);
  box.setSelectionRange(start + words.length, start + words.length);
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
}, true);
