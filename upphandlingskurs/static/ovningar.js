// The exercises on the static page: the exercise tools and the answer boxes. No kernel, no network.
//
// upphandlingskurs/static_exercises.py writes the HTML, and beside each tool and each answer box, in a
// <script type="application/json">, the data it needs: the expected answer and the Swedish sentences of
// the check (upphandlingskurs/feedback.py and the exercise's check module), or the data in use with
// each row's cells formatted by Python. This file only applies them, step by step as the Python
// functions named above each function do; tests/test_static_exercises.py compares the two in a real
// browser. Python's own ways come from static/verktyg.js (window.kursVerktyg.python), loaded first.
// An answer that is checked is recorded in window.kursFramsteg (static/framsteg.js) when it is there.
(function () {
  "use strict";
  if (window.kursOvningar) { window.kursOvningar.initAll(); return; }
  var P = window.kursVerktyg.python;
  var values = window.kursVerktyg.formValues;  // one reading of a form for both scripts

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function whole(pattern) { return new RegExp("^(?:" + pattern + ")$"); }

  // --- an answer ------------------------------------------------------------------------------------

  // static_exercises.read_typed: null for nothing, "ja" for "ja" in quotation marks, else the text.
  function readTyped(d, typed) {
    var text = P.strip(Array.from(String(typed)).map(function (c) { return has(d.quotes, c) ? d.quotes[c] : c; }).join(""));
    if (text === "") { return null; }
    var quoted = whole(d.quoted).exec(text);
    return quoted ? quoted[2] : text;
  }

  // feedback.read_number
  function readNumber(d, answer) {
    var text = P.strip(answer.split(",").join(".").split(" ").join(""));
    return whole(d.number).test(text) ? Number(text) : null;
  }

  function verdict(d, kind, message) {
    var titles = {ratt: d.texts.right, fel: d.texts.wrong, tomt: d.texts.empty};
    return {kind: kind, title: titles[kind], message: message};
  }

  // feedback.NumberQuestion.check
  function checkNumber(d, q, answer) {
    var T = d.texts;
    var value = readNumber(d, answer);
    if (value === null) { return verdict(d, "fel", P.say(T.not_a_number, {answer: answer})); }
    if (Math.abs(value - q.expected) <= q.tolerance + 1e-9) { return verdict(d, "ratt", q.right); }
    var parts = [P.say(T.answered, {answer: answer})];
    var near = q.near.filter(function (n) { return Math.abs(value - n.value) <= n.tolerance + 1e-9; })[0];
    if (near) {
      parts.push(near.message);
    } else if (value > q.expected && q.too_high) {
      parts.push(q.too_high);
    } else if (value < q.expected && q.too_low) {
      parts.push(q.too_low);
    }
    if (q.hint) { parts.push(q.hint); }
    return verdict(d, "fel", parts.join(" "));
  }

  // feedback.ChoiceQuestion.check
  function checkChoice(d, q, answer) {
    var key = P.strip(answer).toLowerCase(), found = null;
    q.options.forEach(function (option) { if (option.toLowerCase() === key) { found = option; } });
    if (found === null) {
      return verdict(d, "fel", P.say(d.texts.not_an_option, {options: q.options.join(", "), answer: answer}));
    }
    return verdict(d, found === q.correct ? "ratt" : "fel", q.explanations[found]);
  }

  // feedback.SetQuestion.items: the identifiers in a typed list, "A, B" or "['A', 'B']".
  function listItems(q, answer) {
    var text = P.strip(answer);
    if (text.charAt(0) === "[" && text.charAt(text.length - 1) === "]") { text = text.slice(1, -1); }
    var items = [];
    text.split(new RegExp(q.separators)).forEach(function (item) {
      var part = P.strip(item);
      var quoted = whole(q.quoted_item).exec(part);
      part = P.strip(quoted ? quoted[2] : part);
      if (part) { items.push(q.upper ? part.toUpperCase() : part); }
    });
    return items;
  }

  // feedback.SetQuestion.check (a typed answer is always a text, so always a list)
  function checkSet(d, q, answer) {
    var given = {}, expected = {}, missing = 0, extra = [];
    listItems(q, answer).forEach(function (item) { given[item] = true; });
    q.expected.forEach(function (item) { expected[item] = true; if (!has(given, item)) { missing += 1; } });
    Object.keys(given).forEach(function (item) { if (!has(expected, item)) { extra.push(item); } });
    if (!missing && !extra.length) { return verdict(d, "ratt", q.explanation); }
    extra.sort();
    var parts = [];
    if (missing) { parts.push(P.say(d.texts.set_missing, {what: q.what, count: missing})); }
    if (extra.length) { parts.push(P.say(d.texts.set_extra, {what: q.what, count: extra.length, items: extra.join(", ")})); }
    return verdict(d, "fel", parts.join("; ") + ". " + q.explanation);
  }

  // The question kinds, by feedback's to_data()["kind"]. A kind in its own file (loaded before this
  // one) adds itself to window.kursOvningsfragor: a function (d, q, answer) that returns
  // {kind: "ratt"|"fel"|"tomt", title, message}; window.kursOvningar has the helpers below.
  var CHECKS = window.kursOvningsfragor = window.kursOvningsfragor || {};
  CHECKS.number = checkNumber;
  CHECKS.choice = checkChoice;
  CHECKS.set = checkSet;

  // static_exercises.page_feedback
  function judge(d, typed) {
    var answer = readTyped(d, typed);
    if (answer === null) { return verdict(d, "tomt", d.page_texts.no_answer); }
    return CHECKS[d.question.kind](d, d.question, answer);
  }

  function record(d, typed, result) {
    var progress = window.kursFramsteg;
    if (!progress || typeof progress.record !== "function") { return; }
    try {
      progress.record(null, d.task, {answered: true, correct: result.kind === "ratt", value: typed});
    } catch (problem) { /* the answer is checked all the same */ }
  }

  // The same structure as feedback._box.
  function checkAnswer(box) {
    var d = JSON.parse(box.querySelector("script.kurs-svarsruta-data").textContent);
    var typed = box.querySelector("input[name=svar]").value;
    var result = judge(d, typed);
    var region = box.querySelector(".kurs-svarsruta-aterkoppling");
    var shown = element("div", "kurs-svar kurs-svar-" + result.kind);
    shown.style.borderLeft = "0.4rem solid " + d.colours[result.kind];
    shown.style.padding = "0.2rem 0 0.2rem 0.8rem";
    var text = element("p");
    text.appendChild(element("strong", null, result.title));
    text.appendChild(document.createTextNode(" " + result.message));
    shown.appendChild(text);
    region.textContent = "";
    region.appendChild(shown);
    if (result.kind !== "tomt") { record(d, typed, result); }
  }

  // --- the tools ----------------------------------------------------------------------------------------

  // tools.enterprises.search (FindEnterprisesTool). The rows come in largest_first order.
  function findEnterprises(d, v) {
    var T = d.texts;
    var least = P.asInt(d, v.min_sysselsatta, d.min_label, 0, null, "min_sysselsatta");
    var kommun = d.options.kommun.indexOf(v.kommun), typ = d.options.typ.indexOf(v.typ);
    var bransch = d.options.bransch.indexOf(v.bransch);
    var found = [];
    for (var i = 0; i < d.rows.length; i++) {
      if (!(d.occupied[i] >= least)) { continue; }
      if (kommun !== 0 && d.kommun[i] !== kommun) { continue; }
      if (typ !== 0 && d.typ[i] !== typ) { continue; }
      if (bransch !== 0 && d.bransch[i].indexOf(bransch) < 0) { continue; }
      if (v.praktik === "ja" && !d.placements[i]) { continue; }
      found.push(d.rows[i]);
    }
    if (!found.length) { return {summary: T.none, note: T.none_note, rows: []}; }
    return {summary: P.say(T.count, {count: found.length}),
            note: found.length > d.max_rows ? P.say(T.more, {shown: d.max_rows}) : "",
            rows: found.slice(0, d.max_rows)};
  }

  // The tools, by the name in data-kurs-ovning-verktyg. A tool in its own file (loaded after
  // verktyg.js and before this one) adds itself to window.kursOvningsverktyg: a function (d, values)
  // that returns {summary, note, rows, parts}, where parts are nodes shown after the table.
  var TOOLS = window.kursOvningsverktyg = window.kursOvningsverktyg || {};
  TOOLS["find-enterprises"] = findEnterprises;

  // The same table as data.table_html (without its search box), in a box that scrolls on a phone.
  function table(d, rows) {
    var box = element("div", "kurs-tabell-ruta");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", d.table_label);
    box.tabIndex = 0;
    var grid = element("table", "kurs-tabell");
    grid.appendChild(element("caption", null, d.texts.caption));
    var head = element("thead"), headings = element("tr");
    d.columns.forEach(function (name, column) {
      var cell = element("th", d.numeric[column] ? "kurs-tal" : null, name);
      cell.setAttribute("scope", "col");
      headings.appendChild(cell);
    });
    head.appendChild(headings);
    grid.appendChild(head);
    var body = element("tbody");
    rows.forEach(function (row) {
      var line = element("tr");
      row.forEach(function (value, column) { line.appendChild(element("td", d.numeric[column] ? "kurs-tal" : null, value)); });
      body.appendChild(line);
    });
    grid.appendChild(body);
    box.appendChild(grid);
    return box;
  }

  function runTool(tool) {
    var d = JSON.parse(tool.querySelector("script.kurs-ovning-data").textContent);
    var form = tool.querySelector("form");
    var answer = tool.querySelector(".kurs-verktyg-svar");
    var rows = tool.querySelector(".kurs-ovning-tabell");
    var alert = tool.querySelector(".kurs-verktyg-felruta");
    [answer, rows, alert].forEach(function (region) { region.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) { input.removeAttribute("aria-invalid"); });
    try {
      var result = TOOLS[d.tool](d, values(form));
      var summary = element("p");
      summary.appendChild(element("strong", "kurs-ovning-sammanfattning", result.summary));
      if (result.note) { summary.appendChild(document.createTextNode(" " + result.note)); }
      answer.appendChild(summary);
      if (result.rows && result.rows.length) { rows.appendChild(table(d, result.rows)); }
      (result.parts || []).forEach(function (part) { rows.appendChild(part); });
    } catch (problem) {
      if (!(problem instanceof P.Problem)) { throw problem; }
      var message = element("p", "kurs-fel");
      message.appendChild(element("strong", null, d.interface.error_prefix));
      message.appendChild(document.createTextNode(" "));
      message.appendChild(element("span", "kurs-fel-text", problem.message));
      alert.appendChild(message);
      problem.fields.forEach(function (name) {
        Array.prototype.forEach.call(form.querySelectorAll('input[type=text][name="' + name + '"]'), function (input) {
          input.setAttribute("aria-invalid", "true");
        });
      });
    }
  }

  // --- the page -----------------------------------------------------------------------------------------

  function ready(part, run) {
    if (part.getAttribute("data-kurs-ovning-klar")) { return; }
    part.setAttribute("data-kurs-ovning-klar", "ja");
    part.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); run(part); });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kurs-ovning-verktyg]"), function (tool) { ready(tool, runTool); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-kurs-svarsruta]"), function (box) { ready(box, checkAnswer); });
  }

  // The page's checked tasks, so that the progress page counts the exercise as done when they are
  // (a task answered in free text has no box and cannot be recorded).
  function declareTasks() {
    var progress = window.kursFramsteg;
    var ids = Array.prototype.map.call(document.querySelectorAll("[data-kurs-svarsruta]"), function (box) {
      return box.getAttribute("data-kurs-svarsruta");
    });
    if (!ids.length || !progress || !progress.available || typeof progress.declareTasks !== "function") { return; }
    try { progress.declareTasks(null, ids); } catch (problem) { /* nothing is kept */ }
  }

  // element and table for the tools in their own files.
  // For the tools and question kinds in their own files.
  window.kursOvningar = {initAll: initAll, element: element, table: table, verdict: verdict, readNumber: readNumber,
                         listItems: listItems, checkNumber: checkNumber, checkChoice: checkChoice, checkSet: checkSet};
  initAll();
  // The page carries this script once, in its first exercise part: the parts after it are there
  // when the page has been read.
  function whenRead() { initAll(); declareTasks(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenRead);
  } else {
    whenRead();
  }
})();
