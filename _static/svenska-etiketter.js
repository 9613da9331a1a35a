// sphinx-togglebutton 0.4.5 writes an English aria-label ("Toggle hidden content") into the
// buttons it adds to solutions and hints, from its JavaScript, so no template or catalogue can
// translate it. This gives those buttons a Swedish name as soon as they appear.
(function () {
  "use strict";
  var SWEDISH = "Visa eller dölj innehållet";
  function relabel() {
    document.querySelectorAll('button[aria-label="Toggle hidden content"]').forEach(function (button) {
      button.setAttribute("aria-label", SWEDISH);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    relabel();
    new MutationObserver(relabel).observe(document.body, { childList: true, subtree: true });
  });
})();
