// Exercise 3 on the static page: the plan screening tool and the answer boxes of tasks 1-3. No kernel,
// no network.
//
// upphandlingskurs/tools/plan.py (static_copy, static_data) puts the plan in use beside the tool, with
// everything no typed amount changes decided by Python at build time: each procurement's cells as the
// table shows them, where its amounts in kronor come from (the course's table, or the amount typed for
// a kind the table lacks), whether its service may be reserved and its contract is long enough, its
// place in the table's order, and for each department the texts that depend only on which amounts were
// typed. This file screens the plan as screening.screen_plan does (classify_procedure's steps, the
// priority, the order) and fills the templates of tools/plan.py and exercises/plan_screening.py.
//
// The answer boxes (exercises/plan_screening.py, kind "plan-screening") judge with the amounts typed
// into this page's tool, read when the reader checks an answer: the page has no Python variable for
// them. They work out the same facts as plan_screening's task_N_verdict and judge as its CountRange,
// IdList and feedback.NumberQuestion do. tests/test_static_exercise_3.py compares the tool and the
// boxes with Python in a real browser.
//
// Loaded after static/verktyg.js (window.kursVerktyg.python: Python's strip, say, asInt, Problem) and
// before static/ovningar.js, which takes the tool and the question kind from the registries below.
(function () {
  "use strict";
  var NAME = "plan-screening";
  var P = window.kursVerktyg.python;

  // --- screening the plan -------------------------------------------------------------------------

  // parameters.thresholds_with_own_amounts as the tool meets it: each field in turn, empty is no
  // amount (procedure.typed_amount), a bad amount or one that would have to fill two periods of the
  // table (in the chosen department's dates) is refused. The amounts by kind, and a bit per kind typed.
  function typedAmounts(d, values, department) {
    var amounts = new Map(), typed = 0;
    d.amounts.forEach(function (amount, bit) {
      var value = values[amount.field];
      if (value === undefined || P.strip(value) === "") { return; }
      var number = P.asInt(d, value, amount.label, 1, d.max_amount, amount.field);
      var error = d.departments[department].two_periods[bit];
      if (error !== null) { throw new P.Problem(error, [amount.field]); }
      amounts.set(amount.kind, number);
      typed |= 1 << bit;
    });
    return {amounts: amounts, typed: typed};
  }

  // screening._amounts_by_date: the last row of the table valid on the day that has an amount.
  function amountOf(source, amounts) {
    var found = NaN;
    source.forEach(function (item) {
      if (typeof item === "number") { found = item; } else if (amounts.has(item)) { found = Number(amounts.get(item)); }
    });
    return found;
  }

  // procedure.classify_procedure, for one procurement.
  function classify(value, limit, threshold, annex2, atLimitAllowed) {
    var noLimit = isNaN(limit), noThreshold = isNaN(threshold);
    var belowLimit = value < limit || (atLimitAllowed && value === limit);
    var belowAnnex2Limit = value < threshold || (atLimitAllowed && value === threshold);
    if (!noLimit && belowLimit) { return "direct_award"; }
    if (noThreshold && (noLimit || annex2)) { return "needs_figure"; }
    if (noThreshold) { return "needs_threshold"; }
    if (annex2 && belowAnnex2Limit) { return "direct_award"; }
    if (annex2) { return "annex2"; }
    if (value >= threshold) { return "above_threshold"; }
    if (noLimit) { return "needs_figure"; }
    return "below_threshold";
  }

  // screening.screen_plan, for every procurement of the plan.
  function screen(d, amounts) {
    var R = d.rows, found = [];
    for (var i = 0; i < R.id.length; i++) {
      var limit = amountOf(d.sources[R.limit[i]], amounts), threshold = amountOf(d.sources[R.threshold[i]], amounts);
      var annex2 = R.annex2[i];
      var outcome = classify(R.value[i], limit, threshold, annex2, d.at_limit_allowed);
      var labour = outcome === "above_threshold" && !annex2;
      var missing = outcome === "needs_threshold" || outcome === "needs_figure";
      found.push({index: i, outcome: outcome, labour: labour, missing: missing, open: missing && !annex2,
                  priority: (R.reservable[i] ? 1 : 0) + (labour ? 1 : 0) + (R.long[i] ? 1 : 0),
                  threshold: threshold, directLimit: annex2 ? threshold : limit});
    }
    return found;
  }

  // screening.sort_by_priority: the highest priority first, then the larger value, then the lower id.
  function byPriority(d) {
    return function (a, b) { return b.priority - a.priority || d.rows.rank[a.index] - d.rows.rank[b.index]; };
  }

  // --- the tool ---------------------------------------------------------------------------------------

  function paragraph(text) {
    var node = document.createElement("p");
    node.textContent = text;
    return node;
  }

  // tools.plan.table_frame: a row as the table shows it, and each cell's sort rank (data.table_html).
  function cells(d, row) {
    var R = d.rows, T = d.texts, i = row.index, c = R.cells[i];
    var labour = row.open ? T.undecided_value : (row.labour ? T.yes : T.no);
    return [c[0], c[1], c[2], c[3], d.procedures[row.outcome], R.reservable[i] ? T.yes : T.no, labour,
            R.long[i] ? T.yes : T.no, String(row.priority)];
  }

  function ranks(d, row) {
    var s = d.rows.sort[row.index], S = d.sort_ranks, shown = cells(d, row);
    return [s[0], s[1], s[2], s[3], S.procedure[shown[4]], s[4], S.labour[shown[6]], s[5], S.priority[row.priority]];
  }

  // data.table_html: the same table, whose column headers sort it and whose search box narrows it
  // (static/table.js, started once the table is on the page).
  function sortableTable(d, rows) {
    var K = window.kursOvningar;
    var shown = rows.length ? d : Object.assign({}, d, {numeric: d.numeric.map(function () { return false; })});
    var box = K.table(shown, rows.map(function (row) { return cells(d, row); }));
    box.setAttribute("data-kurs-tabell", JSON.stringify(d.table_texts));
    Array.prototype.forEach.call(box.querySelectorAll("tbody tr"), function (line, number) {
      var sort = ranks(d, rows[number]);
      Array.prototype.forEach.call(line.cells, function (cell, column) { cell.setAttribute("data-sort", sort[column]); });
    });
    Promise.resolve().then(function () { if (window.kursTabell) { window.kursTabell.initAll(); } });
    return box;
  }

  // tools.plan.PlanScreeningTool.compute
  function planTool(d, v) {
    var T = d.texts;
    var minimum = P.asInt(d, v.min_prioritet, d.priority_label, 0, d.max_priority, "min_prioritet");
    var department = d.options.indexOf(v.forvaltning);
    var typed = typedAmounts(d, v, department);
    var plan = screen(d, typed.amounts).filter(function (row) {
      return department === 0 || d.rows.department[row.index] === department;
    });
    var matching = plan.filter(function (row) { return row.priority >= minimum; }).sort(byPriority(d));
    var undecided = plan.filter(function (row) { return row.missing; }).length;
    var parts = [];
    if (undecided) {
      var stillMissing = d.missing_texts[d.departments[department].missing[typed.typed]];
      parts.push(paragraph(P.say(T.undecided, {count: undecided, missing: stillMissing, undecided: T.undecided_value})));
    }
    if (matching.length > d.max_rows) { parts.push(paragraph(P.say(T.more, {shown: d.max_rows}))); }
    parts.push(sortableTable(d, matching.slice(0, d.max_rows)));
    return {summary: P.say(T.count, {matching: matching.length, total: plan.length, minimum: minimum}),
            note: d.explained, rows: [], parts: parts};
  }

  // --- the answer boxes ---------------------------------------------------------------------------------

  var parsed = new WeakMap();

  // The page's tool: its data (the plan) and the amounts typed into it.
  function pageTool() {
    var tool = document.querySelector('[data-kurs-ovning-verktyg="' + NAME + '"]');
    if (!tool) { throw new Error("Svarsrutorna i övning 3 behöver verktyget Sålla upphandlingsplanen på sidan."); }
    var script = tool.querySelector("script.kurs-ovning-data");
    if (!parsed.has(script)) { parsed.set(script, JSON.parse(script.textContent)); }
    return {d: parsed.get(script), values: window.kursVerktyg.formValues(tool.querySelector("form"))};
  }

  // Python's sorted() on texts: by code point.
  function byCodePoint(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var step = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (step) { return step; }
    }
    return x.length - y.length;
  }

  // plan_screening._ids: the ids of some rows, sorted.
  function ids(d, rows) {
    return rows.map(function (row) { return row.index; })
      .sort(function (a, b) { return d.rows.id_order[a] - d.rows.id_order[b]; })
      .map(function (index) { return d.rows.id[index]; });
  }

  function joined(T, items) {
    return items.length <= 1 ? items.join("") : items.slice(0, -1).join(", ") + T.and + items[items.length - 1];
  }

  function sentences(parts) { return parts.filter(function (part) { return part; }).join(" "); }

  // decision.kronor
  function kronor(amount) {
    var digits = (typeof amount === "bigint" ? amount : BigInt(Math.round(amount))).toString();
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0") + "\u00a0kr";
  }

  // plan_screening.missing_text (the page's advice) and own_amounts_text (every field of the tool is
  // for an amount the table lacks, so an amount typed in is used).
  function tail(d, q, typed) {
    var T = q.texts;
    var lacking = d.missing_texts[d.departments[0].missing[typed.typed]];
    var used = d.amounts.filter(function (amount) { return typed.amounts.has(amount.kind); });
    var own = used.length ? P.say(T.own_used, {
      what: used.length === 1 ? T.own_one : T.own_many,
      amounts: joined(T, used.map(function (amount) {
        return P.say(T.own_amount, {name: amount.name, amount: kronor(typed.amounts.get(amount.kind))});
      }))}) : "";
    return [lacking ? lacking + " " + T.type_them_page : "", own];
  }

  // plan_screening.task_1_verdict
  function task1(d, q, plan, typed) {
    var T = q.texts, R = d.rows;
    var own = plan.filter(function (row) { return d.options[R.department[row.index]] === q.department; });
    var decided = own.filter(function (row) { return row.outcome === "direct_award"; }).length;
    var undecided = ids(d, own.filter(function (row) { return row.outcome === "needs_figure"; }));
    var general = amountOf(q.general, typed.amounts), annex2Limit = amountOf(q.annex2_limit, typed.amounts);
    var details = [];
    if (!isNaN(general) && !isNaN(annex2Limit)) {
      details.push(P.say(T.t1_limits, {general: kronor(general), annex2: kronor(annex2Limit)}));
    } else if (!isNaN(general)) {
      details.push(P.say(T.t1_limit_only, {general: kronor(general)}));
    }
    var exact = ids(d, own.filter(function (row) { return R.value[row.index] === row.directLimit; }));
    if (exact.length) { details.push(P.say(T.t1_exact, {ids: joined(T, exact), verdict: q.exact_verdict})); }
    if (!isNaN(general)) {
      var atGeneral = ids(d, own.filter(function (row) { return R.annex2[row.index] && R.value[row.index] === general; }));
      if (atGeneral.length) {
        details.push(P.say(atGeneral.length === 1 ? T.t1_annex2_one : T.t1_annex2_many, {
          ids: joined(T, atGeneral), general: kronor(general),
          limit: isNaN(annex2Limit) ? T.t1_annex2_missing : kronor(annex2Limit)}));
      }
    }
    var rest = details.concat(tail(d, q, typed));
    var hint = sentences([q.hint].concat(rest));
    if (!undecided.length) {
      var right = P.say(T.t1_decided, {department: q.department, count: decided, total: own.length});
      return {kind: "number", expected: decided, tolerance: 0, near: [], right: sentences([right].concat(rest)),
              hint: hint, too_high: T.too_many, too_low: T.too_few};
    }
    var high = decided + undecided.length;
    var range = P.say(T.t1_range, {decided: decided, total: own.length, department: q.department,
                                   count: undecided.length, ids: joined(T, undecided), high: high});
    return {kind: "range", low: decided, high: high, note: sentences([range].concat(rest)), hint: hint};
  }

  // plan_screening.task_2_verdict
  function task2(d, q, plan, typed) {
    var T = q.texts, R = d.rows;
    var expected = ids(d, plan.filter(function (row) { return row.labour; }));
    var undecided = ids(d, plan.filter(function (row) { return row.open; }));
    var exact = ids(d, plan.filter(function (row) { return !R.annex2[row.index] && R.value[row.index] === row.threshold; }));
    var exactNamed = exact.length ? P.say(T.t2_exact, {ids: joined(T, exact)}) : "";
    var rest = [T.works].concat(tail(d, q, typed));
    var hint = sentences([T.t2_hint, exact.length ? T.t2_exact_hint : ""].concat(rest));
    if (!undecided.length) {
      var first = expected.length ? P.say(T.t2_decided, {count: expected.length}) : T.t2_none;
      return {kind: "ids", must: expected, may: expected, right: sentences([first, exactNamed].concat(rest)), hint: hint};
    }
    var must = expected.length ? P.say(T.t2_must, {ids: joined(T, expected)}) : "";
    var open = P.say(T.t2_undecided, {count: undecided.length, ids: joined(T, undecided)});
    return {kind: "ids", must: expected, may: expected.concat(undecided), size: null,
            note: sentences([must, open, exactNamed].concat(rest)), hint: sentences([T.t2_undecided_hint, hint])};
  }

  // The number of sorted keys above x (numpy's len - searchsorted(side="right")).
  function above(sorted, x) {
    var low = 0, high = sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (sorted[middle] <= x) { low = middle + 1; } else { high = middle; }
    }
    return sorted.length - low;
  }

  // plan_screening.top_five_bounds: which rows are among the five whatever the missing amounts are,
  // which are outside them whatever the amounts are; the rest depend on the amounts.
  function bounds(d, q, plan) {
    var count = plan.length, keyLow = [], keyHigh = [];
    plan.forEach(function (row) {
      var tie = count - 1 - d.rows.rank[row.index];
      keyLow.push(row.priority * count + tie);
      keyHigh.push((row.priority + (row.open ? 1 : 0)) * count + tie);
    });
    var sortedLow = keyLow.slice().sort(function (a, b) { return a - b; });
    var sortedHigh = keyHigh.slice().sort(function (a, b) { return a - b; });
    var found = {surelyIn: [], undecided: []};
    plan.forEach(function (row, i) {
      var open = row.open ? 1 : 0;
      var surelyIn = row.priority >= 1 && above(sortedHigh, keyLow[i]) - open < q.top;
      var surelyOut = row.priority + open < 1 || above(sortedLow, keyHigh[i]) >= q.top;
      if (surelyIn) { found.surelyIn.push(row); } else if (!surelyOut) { found.undecided.push(row); }
    });
    return found;
  }

  // plan_screening.task_3_verdict
  function task3(d, q, plan, typed) {
    var T = q.texts, found = bounds(d, q, plan);
    var lines = tail(d, q, typed), lacking = lines[0], own = lines[1];
    if (found.undecided.length) {
      var surelyIn = ids(d, found.surelyIn), undecided = ids(d, found.undecided);
      var eligible = plan.filter(function (row) { return row.priority >= 1; }).length;
      var must = surelyIn.length ? P.say(T.t3_must, {ids: joined(T, surelyIn)}) : "";
      return {kind: "ids", must: surelyIn, may: surelyIn.concat(undecided), size: [Math.min(q.top, eligible), q.top],
              note: sentences([must, P.say(T.t3_undecided, {ids: joined(T, undecided)}), q.rule, lacking, own]),
              hint: sentences([T.t3_undecided_hint, T.t3_hint, q.rule, lacking, own])};
    }
    var top = plan.filter(function (row) { return row.priority >= 1; }).sort(byPriority(d)).slice(0, q.top);
    var first = T.t3_none;
    if (top.length) {
      var shown = top.length === q.top ? T.t3_five : P.say(T.t3_fewer, {count: top.length});
      first = P.say(T.t3_top, {shown: shown, highest: top[0].priority});
    }
    var chosen = ids(d, top);
    return {kind: "ids", must: chosen, may: chosen, right: sentences([first, q.rule, own]),
            hint: sentences([T.t3_hint, q.rule, own])};
  }

  var TASKS = {1: task1, 2: task2, 3: task3};

  // plan_screening.CountRange.check
  function checkRange(box, q, verdict, answer) {
    var K = window.kursOvningar, T = q.texts;
    var value = K.readNumber(box, answer);
    if (value === null) { return K.verdict(box, "fel", P.say(box.texts.not_a_number, {answer: answer})); }
    if (Number.isInteger(value) && verdict.low <= value && value <= verdict.high) {
      return {kind: "tomt", title: q.undecided_title, message: verdict.note};
    }
    var side = value > verdict.high ? T.too_many_whatever : (value < verdict.low ? T.too_few_whatever : T.whole);
    return K.verdict(box, "fel", sentences([P.say(box.texts.answered, {answer: answer}), side, verdict.hint]));
  }

  // plan_screening.IdList.check (a typed answer is always a text, so always a list)
  function checkIds(box, q, verdict, answer) {
    var K = window.kursOvningar, T = q.texts;
    var given = new Set(K.listItems(q.list, answer)), must = new Set(verdict.must), may = new Set(verdict.may);
    var lacking = verdict.must.filter(function (item) { return !given.has(item); }).length;
    var parts = [];
    if (verdict.must.length === verdict.may.length) {  // decided
      var extra = Array.from(given).filter(function (item) { return !must.has(item); }).sort(byCodePoint);
      if (!lacking && !extra.length) { return K.verdict(box, "ratt", verdict.right); }
      if (lacking) { parts.push(P.say(box.texts.set_missing, {what: q.what, count: lacking})); }
      if (extra.length) { parts.push(P.say(box.texts.set_extra, {what: q.what, count: extra.length, items: extra.join(", ")})); }
    } else {
      var outside = Array.from(given).filter(function (item) { return !may.has(item); }).sort(byCodePoint);
      var size = verdict.size;
      if (size && !(size[0] <= given.size && given.size <= size[1])) {
        var wanted = size[0] === size[1] ? String(size[0]) : P.say(T.size_between, {low: size[0], high: size[1]});
        parts.push(P.say(T.size, {count: wanted, given: given.size}));
      }
      if (lacking) { parts.push(P.say(T.must_missing, {count: lacking})); }
      if (outside.length) { parts.push(P.say(T.cannot_be_there, {count: outside.length, items: outside.join(", ")})); }
      if (!parts.length) { return {kind: "tomt", title: q.undecided_title, message: verdict.note}; }
    }
    return K.verdict(box, "fel", parts.join("; ") + ". " + verdict.hint);
  }

  // plan_screening.page_check: a bad amount in the tool first, then the task's verdict.
  function checkTask(box, q, answer) {
    var tool = pageTool(), typed;
    try {
      typed = typedAmounts(tool.d, tool.values, 0);
    } catch (problem) {
      if (!(problem instanceof P.Problem)) { throw problem; }
      return {kind: "tomt", title: q.texts.bad_amount, message: problem.message};
    }
    var verdict = TASKS[q.task](tool.d, q, screen(tool.d, typed.amounts), typed);
    if (verdict.kind === "number") { return window.kursOvningar.checkNumber(box, verdict, answer); }
    return (verdict.kind === "range" ? checkRange : checkIds)(box, q, verdict, answer);
  }

  // A long web address in the feedback breaks instead of widening the page (phones, 320 px).
  function wrapBoxes() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kurs-svarsruta]"), function (box) {
      var data = box.querySelector("script.kurs-svarsruta-data");
      if (data && JSON.parse(data.textContent).question.kind === NAME) { box.style.overflowWrap = "break-word"; }
    });
  }

  window.kursOvningsverktyg = window.kursOvningsverktyg || {};
  window.kursOvningsverktyg[NAME] = planTool;
  window.kursOvningsfragor = window.kursOvningsfragor || {};
  window.kursOvningsfragor[NAME] = checkTask;
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wrapBoxes); } else { wrapBoxes(); }
})();
