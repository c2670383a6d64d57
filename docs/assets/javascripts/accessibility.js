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
