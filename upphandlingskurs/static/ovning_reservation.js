// Exercises 2 and 6 on the static page: what the notebook's reservation tools do besides the static
// decision tools, and the answer kind "route". No kernel, no network.
//
// The tools are static/verktyg.js's "reservation-18" and "reservation-19-25", each in a
// <div data-kurs-reservation> with, in a <script type="application/json">, the data written by
// upphandlingskurs/tools/reservation.py (page_html). This file adds what the notebook tools add:
// - "foretag": picking an enterprise fills in its values (ReservedParticipationTool._fill_from);
// - "cpv": after the decision, the note on a CPV code the course's tables do not know
//   (WelfareReservationTool.compute, unknown_cpv_note).
// The answer kind "route" is exercise 6's choice of route (iop_choice.RouteQuestion). static/ovningar.js,
// loaded after this file, judges the answer; window.kursVerktyg.python and window.kursOvningar are
// used when a reader acts. tests/test_static_exercises_2_6.py compares page and Python.
(function () {
  "use strict";
  if (window.kursOvningReservation) { window.kursOvningReservation.initAll(); return; }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // --- the answer kind "route" ----------------------------------------------------------------------

  // iop_choice.RouteQuestion.normalise: Python's " ".join(text.split()).strip(" .")
  function normalise(q, answer) {
    var words = String(answer).split(new RegExp(q.space)).filter(function (word) { return word !== ""; });
    return words.join(" ").replace(/^[ .]+|[ .]+$/g, "");
  }

  // iop_choice.RouteQuestion.route: the route an option or a short form names, else the answer as written.
  function route(q, answer) {
    var key = normalise(q, answer).toLowerCase();
    for (var i = 0; i < q.options.length; i++) {
      if (q.options[i].toLowerCase() === key) { return q.options[i]; }
    }
    return has(q.aliases, key) ? q.aliases[key] : answer;
  }

  window.kursOvningsfragor = window.kursOvningsfragor || {};
  window.kursOvningsfragor.route = function (d, q, answer) {
    return window.kursOvningar.checkChoice(d, q, route(q, answer));
  };

  // --- the tools ----------------------------------------------------------------------------------------

  function data(part) { return JSON.parse(part.querySelector("script.kurs-reservation-data").textContent); }

  // ReservedParticipationTool._fill_from
  function picker(part) {
    var d = data(part);
    var form = part.querySelector("form");
    form.elements.namedItem("foretag").addEventListener("change", function (event) {
      var name = event.target.value;
      if (name === d.manual || !has(d.rows, name)) { return; }
      Object.keys(d.rows[name]).forEach(function (field) { form.elements.namedItem(field).value = d.rows[name][field]; });
    });
  }

  // WelfareReservationTool.compute: the note comes before the decision. The form's own handler
  // (verktyg.js) has answered when the submit event reaches this element.
  function cpvNote(part) {
    var d = data(part);
    part.addEventListener("submit", function (event) {
      var answer = part.querySelector(".kurs-verktyg-svar");
      if (!answer.querySelector(".kurs-beslut")) { return; }
      var code = window.kursVerktyg.python.strip(event.target.elements.namedItem("cpv_code").value);
      if (d.known.indexOf(code) >= 0) { return; }
      var note = document.createElement("p");
      note.className = "kurs-fel kurs-cpv-okand";
      note.textContent = window.kursVerktyg.python.say(d.texts.unknown_cpv, {code: code});
      answer.insertBefore(note, answer.firstChild);
    });
  }

  var KINDS = {foretag: picker, cpv: cpvNote};

  function initAll() {
    // A tool that comes after verktyg.js is on the page does not carry the script again (tools/reservation.py).
    if (window.kursVerktyg) { window.kursVerktyg.initAll(); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-kurs-reservation]"), function (part) {
      if (part.getAttribute("data-kurs-reservation-klar")) { return; }
      part.setAttribute("data-kurs-reservation-klar", "ja");
      KINDS[part.getAttribute("data-kurs-reservation")](part);
    });
  }

  window.kursOvningReservation = {initAll: initAll};
  initAll();
  // On exercise 6 the script comes with the first answer box, before the tool.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initAll); }
})();
