// The theme's tooltips (Bootstrap 5.3, started by pydata-sphinx-theme for every element with
// data-bs-toggle="tooltip": the sidebar toggles, the colour mode and search buttons, the download
// menu's items) are added at the end of <body> when they show, outside every landmark, which
// axe-core reports as content outside a landmark (region). Bootstrap's "inserted" event comes
// after a tooltip is added and before it is positioned, so it is moved here into the landmark
// of the element it belongs to (the banner, the course's navigation, the main content), and
// Bootstrap positions it there. Nothing else changes: same text, same place on the screen.
(function () {
  "use strict";
  var LANDMARKS = "header, nav, main, aside, footer, [role=banner], [role=navigation], [role=main], "
    + "[role=complementary], [role=contentinfo], [role=search], [role=region]";
  document.addEventListener("inserted.bs.tooltip", function (event) {
    var trigger = event.target;
    var id = trigger instanceof Element ? trigger.getAttribute("aria-describedby") : null;
    var tip = id ? document.getElementById(id) : null;
    var landmark = trigger instanceof Element ? trigger.closest(LANDMARKS) : null;
    if (tip && landmark && tip.parentElement === document.body) {
      landmark.appendChild(tip);
    }
  });
})();
