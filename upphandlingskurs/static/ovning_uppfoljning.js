// Exercise 5's tool on the static page: follow up a contract's employment requirement (FollowUpTool).
//
// upphandlingskurs/tools/follow_up.py (static_data) embeds beside the tool, as JSON, what this script
// needs: the tool's and the rule's Swedish sentences as templates (TEXTS, STATUS_TEXTS), the rule's
// parameters, and each contract of the data in use with what depends only on the contract already
// computed by Python (table cells, running totals, quarter names, the six-month deadline, and for
// every number of quarters reported what was delivered and whether an employment ended early).
// This script takes the quarters up to the reader's date and applies the steps of
// rules.employment.employment_requirement_status to them; tests/test_static_exercise_5.py compares it
// with the Python tool over a grid of contracts and dates in a real browser. It draws the chart as
// SVG in the page, named by the same text alternative as the notebook's chart, with the same data
// table under it. Loaded after static/verktyg.js and before static/ovningar.js, which calls it.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  // static/ovningar.js's helpers (element, table), there when the tool is used.
  function O() { return window.kursOvningar; }

  // --- what Python does (as static/verktyg.js does it for the decision tools) ----------------------

  // The day's number, for Python's (a - b).days (setUTCFullYear: years below 100 are not 19xx).
  function dayNumber(iso) {
    var day = new Date(0);
    day.setUTCFullYear(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
    return Math.round(day.getTime() / 86400000);
  }

  // --- the rule ---------------------------------------------------------------------------------------

  // employment.employment_requirement_status for contract c on the date report, with the quarters up
  // to that date (p: what ContractFollowUp gives for them). A contract's own data is valid (the
  // schema), so the rule's checks of the data are not repeated here.
  function status(d, c, report, p) {
    var P = window.kursVerktyg.python, S = d.status_texts;
    var reasons = [P.say(S.delivered, {delivered: p.text, committed: c.committed_text})], deviation = false;
    var noStart = c.first === null || c.first > report;  // a start after the date has not happened on it
    if (noStart) {
      deviation = report > c.deadline;
      reasons.push(P.say(deviation ? S.no_start_late : S.no_start_yet, {deadline: c.deadline}));
    } else {
      deviation = c.first > c.deadline;
      reasons.push(P.say(deviation ? S.first_late : S.first_in_time, {first: c.first, deadline: c.deadline}));
    }
    function decided(outcome, summary) { return {outcome: outcome, summary: summary, reasons: reasons}; }
    if (p.delivered >= c.committed) { return decided("met", S.met); }
    if (p.ended_early && p.delivered * 100 >= d.share * c.committed) {
      reasons.push(P.say(S.share_met, {share: d.share_text}));
      return decided("met", S.met_by_share);
    }
    if (p.ended_early) { reasons.push(P.say(S.share_not_met, {share: d.share_text})); }
    if (report >= c.end) { return decided("not_met", S.not_met); }
    var elapsed = (dayNumber(report) - dayNumber(c.start)) / (dayNumber(c.end) - dayNumber(c.start));
    var expected = c.committed * elapsed;
    reasons.push(P.say(S.even_pace, {expected: P.monthsText(expected)}));
    if (deviation) { return decided("deviation", S.deviation); }
    if (p.delivered >= expected) { return decided("on_track", S.on_track); }
    return decided("behind", S.behind);
  }

  // --- what the reader sees -----------------------------------------------------------------------------

  // Decision.to_html's reasons and law; the summary is the tool's summary line (ovningar.js).
  function reasonsBox(d, result) {
    var P = window.kursVerktyg.python;
    var box = O().element("div", "kurs-beslut kurs-beslut-" + result.outcome);
    box.setAttribute("data-utfall", result.outcome);
    var list = O().element("ul", "kurs-beslut-skal");
    result.reasons.forEach(function (reason) { list.appendChild(O().element("li", null, reason)); });
    box.appendChild(list);
    box.appendChild(O().element("p", "kurs-beslut-lagrum", P.say(d.result_texts.paragraphs, {paragraphs: d.paragraphs.join(", ")})));
    return box;
  }

  // tools.follow_up.follow_up_chart_description for the first `count` quarters.
  function description(d, c, count) {
    var P = window.kursVerktyg.python, T = d.texts, shown = c.quarters.slice(0, count);
    var span = count === 1 ? P.say(T.span_one, {quarter: shown[0].name})
      : P.say(T.span, {first: shown[0].name, last: shown[count - 1].name});
    var all = shown.filter(function (q) { return q.total >= c.committed; })[0];
    var share = shown.filter(function (q) { return q.total >= c.threshold; })[0];
    var outcome = all ? P.say(T.reached_all, {quarter: all.name})
      : share ? P.say(T.reached_share, {share: d.share_text, quarter: share.name})
      : P.say(T.not_reached, {share: d.share_text});
    return P.say(T.description, {contract_id: c.id, span: span, quarters: P.say(T.quarters, {count: count}),
                                 total: shown[count - 1].cells[3], committed: c.committed_shown,
                                 share: d.share_text, threshold: c.threshold_shown, outcome: outcome});
  }

  function draw(parent, tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    parent.appendChild(node);
    return node;
  }

  function tickText(value) { return (Number.isInteger(value) ? String(value) : value.toFixed(1)).replace(".", ","); }

  // A round step for about five lines on the y axis: 1, 2, 2.5 or 5 times a power of ten.
  function step(top) {
    var raw = top / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 2.5, 5, 10].map(function (f) { return f * power; }).filter(function (s) { return s >= raw; })[0];
  }

  // FollowUpChart, drawn in the page: delivered months in total per quarter against the commitment
  // (dashed) and the fulfilled share (dotted), on a light panel in light and dark mode alike. The
  // SVG scales with its box (viewBox); its name is the text alternative, its <text> is hidden from
  // screen readers (role img), and the same numbers follow in a table.
  function chart(d, c, count) {
    var box = O().element("div", "kurs-diagram");
    function drawn() {
      box.textContent = "";
      drawChart(box, d, c, count, NARROW.matches ? 340 : 560);
    }
    function redraw() {
      if (box.isConnected) { drawn(); } else { NARROW.removeEventListener("change", redraw); }
    }
    drawn();
    NARROW.addEventListener("change", redraw);
    return box;
  }

  // Narrower on a small screen, so that the letters stay readable when the chart is scaled down;
  // drawn again when the screen crosses that width (a phone turned, a window made narrower).
  var NARROW = window.matchMedia("(max-width: 639.98px)");

  function drawChart(box, d, c, count, width) {
    var T = d.texts, P = window.kursVerktyg.python, C = d.colours;
    var left = 54, right = width - 16;
    // The legend, in rows under the title (an entry's width estimated from its letters).
    var entries = [[T.delivered, C.delivered, ""], [T.commitment, C.commitment, "7 4"],
                   [P.say(T.fulfilled, {share: d.share_text}), C.fulfilled, "2 3"]];
    var rows = [[]], at = left;
    entries.forEach(function (entry) {
      var needed = 32 + entry[0].length * 6.4 + 22;
      if (at + needed > right && rows[rows.length - 1].length) { rows.push([]); at = left; }
      rows[rows.length - 1].push({entry: entry, at: at});
      at += needed;
    });
    var top = 44 + rows.length * 20 + 14, height = top + 196 + 66, bottom = height - 66;
    var shown = c.quarters.slice(0, count);
    var days = shown.map(function (q) { return dayNumber(q.cells[0]); });
    var first = days[0], last = days[count - 1];
    var margin = count === 1 ? 45 : (last - first) * 0.04;
    first -= margin; last += margin;
    var highest = Math.max.apply(null, [c.committed].concat(shown.map(function (q) { return q.total; })));
    var yStep = step(highest * 1.1), yTop = Math.ceil(highest * 1.1 / yStep) * yStep;
    function x(day) { return left + (day - first) / (last - first) * (right - left); }
    function y(value) { return bottom - value / yTop * (bottom - top); }
    var svg = draw(box, "svg", {viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
                                "class": "kurs-diagram-svg", "font-family": "inherit", "font-size": "13"});
    svg.style.cssText = "display:block;width:100%;max-width:40rem;height:auto";
    draw(svg, "title", {}, description(d, c, count));
    draw(svg, "rect", {x: 0.5, y: 0.5, width: width - 1, height: height - 1, fill: "#ffffff", stroke: "#6b6b6b"});
    draw(svg, "text", {x: width / 2, y: 24, "text-anchor": "middle", "font-weight": "600", fill: "#1a1a1a"},
         P.say(T.title, {contract_id: c.id}));
    rows.forEach(function (row, number) {
      var line = 48 + number * 20;
      row.forEach(function (item) {
        draw(svg, "line", {x1: item.at, x2: item.at + 26, y1: line - 4, y2: line - 4, stroke: item.entry[1],
                           "stroke-width": 2.5, "stroke-dasharray": item.entry[2] || "none"});
        draw(svg, "text", {x: item.at + 32, y: line, fill: "#1a1a1a", "font-size": "12"}, item.entry[0]);
      });
    });
    // The y axis: round numbers, a light line at each.
    for (var value = 0; value <= yTop + 1e-9; value += yStep) {
      draw(svg, "line", {x1: left, x2: right, y1: y(value), y2: y(value), stroke: "#d4d4d4", "stroke-width": 1});
      draw(svg, "text", {x: left - 6, y: y(value) + 4, "text-anchor": "end", fill: "#1a1a1a", "font-size": "12"},
           tickText(Math.round(value * 10) / 10));
    }
    draw(svg, "text", {x: 14, y: (top + bottom) / 2, "text-anchor": "middle", fill: "#1a1a1a", "font-size": "12",
                       transform: "rotate(-90 14 " + (top + bottom) / 2 + ")"}, T.y_label);
    draw(svg, "line", {x1: left, x2: right, y1: bottom, y2: bottom, stroke: "#1a1a1a", "stroke-width": 1});
    draw(svg, "line", {x1: left, x2: left, y1: top, y2: bottom, stroke: "#1a1a1a", "stroke-width": 1});
    // The x axis: each quarter, labelled with its first day (at most eight labels, four when narrow).
    var every = Math.ceil(count / (width < 560 ? 4 : 8));
    shown.forEach(function (q, i) {
      var at = x(days[i]);
      draw(svg, "line", {x1: at, x2: at, y1: bottom, y2: bottom + 5, stroke: "#1a1a1a", "stroke-width": 1});
      if (i % every === 0) {
        draw(svg, "text", {x: at, y: bottom + 16, "text-anchor": "end", fill: "#1a1a1a", "font-size": "11",
                           transform: "rotate(-35 " + at + " " + (bottom + 16) + ")"}, q.cells[0]);
      }
    });
    draw(svg, "line", {x1: left, x2: right, y1: y(c.committed), y2: y(c.committed), stroke: C.commitment,
                       "stroke-width": 2, "stroke-dasharray": "7 4"});
    draw(svg, "line", {x1: left, x2: right, y1: y(c.threshold), y2: y(c.threshold), stroke: C.fulfilled,
                       "stroke-width": 2, "stroke-dasharray": "2 3"});
    draw(svg, "polyline", {points: shown.map(function (q, i) { return x(days[i]) + "," + y(q.total); }).join(" "),
                           fill: "none", stroke: C.delivered, "stroke-width": 2.5});
    shown.forEach(function (q, i) { draw(svg, "circle", {cx: x(days[i]), cy: y(q.total), r: 4, fill: C.delivered}); });
  }

  // The chart's data: follow_up_table's rows up to the date, as data.table_html shows them.
  function dataTable(d, c, count) {
    var P = window.kursVerktyg.python;
    return O().table({table_label: P.say(d.table_label, {caption: c.caption}), texts: {caption: c.caption},
                      columns: d.columns, numeric: d.numeric},
                     c.quarters.slice(0, count).map(function (q) { return q.cells; }));
  }

  // FollowUpTool.compute: the contract's quarters up to the date, the rule's status, and the chart
  // with its table when a quarter has been reported.
  function followUp(d, v) {
    var P = window.kursVerktyg.python, T = d.texts;
    var report = P.asDate(d, v.datum, d.date_label, "datum");
    var c = d.contracts.filter(function (contract) { return contract.id === v.kontrakt; })[0];
    if (!c) { throw new P.Problem(P.say(T.unknown_contract, {contract_id: v.kontrakt}), ["kontrakt"]); }
    if (report < c.start) {
      throw new P.Problem(P.say(d.status_texts.before_start, {report: report, start: c.start}), ["datum"]);
    }
    var count = 0;
    while (count < c.quarters.length && c.quarters[count].cells[0] <= report) { count += 1; }
    var result = status(d, c, report, c.prefixes[count]);
    var parts = [reasonsBox(d, result)];
    if (count > 0) { parts.push(chart(d, c, count), dataTable(d, c, count)); }
    return {summary: result.summary, note: P.say(T.supplier, {supplier: c.supplier}), rows: [], parts: parts};
  }

  window.kursOvningsverktyg = window.kursOvningsverktyg || {};
  window.kursOvningsverktyg["follow-up"] = followUp;
})();
