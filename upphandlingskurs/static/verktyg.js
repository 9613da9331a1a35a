// The course's decision tools on the static page: no kernel, no network.
//
// Each tool is a <section data-kurs-verktyg="…"> with a form and, in a <script type="application/json">,
// the data it needs: the numbers from the course's tables and the Swedish sentences of the Python rules
// (upphandlingskurs/rules/), as templates. This file holds only the decision steps. They mirror the
// Python rules step by step, and tests/test_static_tools.py checks every answer against the Python rule
// in a real browser, so the two cannot drift apart unnoticed. Python's own ways are copied where they
// show in the answer: whole numbers are exact (BigInt), one decimal is rounded half to even, and
// "strip" removes what Python counts as white space.
(function () {
  "use strict";
  if (window.kursVerktyg) { window.kursVerktyg.initAll(); return; }

  // --- what Python does -----------------------------------------------------------------------------

  var SPACE = "[\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var EDGES = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");

  function strip(text) { return String(text).replace(EDGES, ""); }

  // decision.say: each {name} replaced by the value, nothing else is special.
  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) { throw new Error("Mallen saknar värdet " + name); }
      return String(values[name]);
    });
  }

  // Bad input: the Swedish message and the fields it is about.
  function Problem(message, fields) { this.message = message; this.fields = fields || []; }

  function fail(template, values, fields) { throw new Problem(say(template, values), fields); }

  function asInt(d, value, label, minimum, maximum, name) {
    var T = d.input_texts;
    var text = strip(value).split(" ").join("").split("\u00a0").join("");
    if (!/^-?[0-9]+$/.test(text)) { fail(T.not_integer, {label: label, value: value}, [name]); }
    var number = BigInt(text);
    if (minimum !== null && number < BigInt(minimum)) {
      fail(T.below_minimum, {label: label, minimum: minimum, value: number}, [name]);
    }
    if (maximum !== null && number > BigInt(maximum)) {
      fail(T.above_maximum, {label: label, maximum: maximum, value: number}, [name]);
    }
    return number;
  }

  function asBool(d, value, label, name) {
    var text = strip(value).toLowerCase();
    if (text === "ja" || text === "nej") { return text === "ja"; }
    fail(d.input_texts.not_yes_no, {label: label, value: value}, [name]);
  }

  function pad(number, width) { var text = String(number); while (text.length < width) { text = "0" + text; } return text; }

  function daysIn(year, month) {
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  function iso(year, month, day) { return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2); }

  // A date as "ÅÅÅÅ-MM-DD" (such strings compare in date order).
  function asDate(d, value, label, name) {
    var text = strip(value);
    var parts = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (parts) {
      var year = +parts[1], month = +parts[2], day = +parts[3];
      if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)) { return iso(year, month, day); }
    }
    fail(d.input_texts.not_date, {label: label, value: value}, [name]);
  }

  function today() { var now = new Date(); return iso(now.getFullYear(), now.getMonth() + 1, now.getDate()); }

  // decision.add_months: the same day some calendar months later (the last day of a shorter month).
  function addMonths(day, months) {
    var year = +day.slice(0, 4), month = +day.slice(5, 7), date = +day.slice(8, 10);
    var index = month - 1 + months;
    var newYear = year + Math.floor(index / 12), newMonth = ((index % 12) + 12) % 12 + 1;
    return iso(newYear, newMonth, Math.min(date, daysIn(newYear, newMonth)));
  }

  // decision.kronor: '2 389 585 kr' with no-break spaces (Python formats the number as a float).
  function kronor(number) {
    var digits = BigInt(Math.round(number)).toString();
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0") + "\u00a0kr";
  }

  // f"{x:.1f}": rounded half to even. A double lies exactly halfway between two tenths only when it
  // ends in .25 or .75, where toFixed would round up.
  function fixed1(x) {
    var quarters = x * 4;
    if (Number.isInteger(quarters) && quarters % 2 !== 0) {
      var lower = Math.floor(x * 10);
      return ((lower % 2 === 0 ? lower : lower + 1) / 10).toFixed(1);
    }
    return x.toFixed(1);
  }

  function oneDecimal(x) { return fixed1(x).replace(".", ","); }

  // employment._months: '18', '0,8'.
  function monthsText(x) { return fixed1(x).replace(".", ",").split(",0").join(""); }

  // parameters.check_cpv_format and reservable_range_for.
  function checkCpv(d, code, name) {
    var text = strip(code);
    if (!/^[0-9]{8}-[0-9]$/.test(text)) { fail(d.cpv_texts.bad_cpv, {label: d.cpv_label, code: text}, [name]); }
    return text;
  }

  function reservableRange(d, code, name) {
    var number = parseInt(checkCpv(d, code, name).slice(0, 8), 10);
    for (var i = 0; i < d.cpv_ranges.length; i++) {
      var row = d.cpv_ranges[i];
      if (row.from <= number && number <= row.to) { return row; }
    }
    return null;
  }

  function decision(outcome, summary, reasons, paragraphs, facts) {
    return {outcome: outcome, summary: summary, reasons: reasons, paragraphs: paragraphs, facts: facts || {}};
  }

  // --- the rules ----------------------------------------------------------------------------------

  // reservation.check_reserved_participation (4 kap. 18 § LOU)
  function reservation18(d, v) {
    var L = d.labels, T = d.texts;
    var occupied = asInt(d, v.occupied, L.occupied, 0, d.max_occupied, "occupied");
    var target = asInt(d, v.target_group, L.target_group, 0, null, "target_group");
    var purpose = asBool(d, v.integration_purpose, L.integration_purpose, "integration_purpose");
    var programme = asBool(d, v.sheltered_programme, L.sheltered_programme, "sheltered_programme");
    if (target > occupied) { fail(T.target_above_occupied, {target_group: target, occupied: occupied}, ["target_group", "occupied"]); }
    var reasons = [];
    var shareOk = occupied > 0n && Number(target) * 100 >= d.required * Number(occupied);
    if (occupied === 0n) {
      reasons.push(T.nobody_occupied);
    } else {
      reasons.push(say(T.share, {
        target_group: target, occupied: occupied, share: oneDecimal(Number(100n * target) / Number(occupied)),
        verdict: shareOk ? T.share_met : T.share_not_met, required: d.required_text
      }));
    }
    var purposeOk;
    if (programme) {
      purposeOk = true;
      reasons.push(T.programme);
    } else {
      purposeOk = purpose;
      reasons.push(purpose ? T.purpose_met : T.purpose_not_met);
    }
    reasons.push(T.when_checked);
    var allowed = shareOk && purposeOk;
    return decision(allowed ? "allowed" : "not_allowed", allowed ? T.participation_allowed : T.participation_not_allowed,
                    reasons, d.paragraphs_18);
  }

  // reservation.reservable_service_reason and contract_length_reason
  function serviceReason(d, T, code, name) {
    var service = reservableRange(d, code, name);
    if (service === null) { return [false, say(T.cpv_not_listed, {cpv_code: code, paragraph: d.paragraph})]; }
    return [true, say(T.cpv_listed, {cpv_code: code, service: service.name})];
  }

  function lengthReason(d, T, months) {
    if (months > BigInt(d.longest_months)) { return [false, say(T.too_long, {months: months, longest: d.longest_months})]; }
    return [true, say(T.long_enough, {months: months, longest: d.longest_months})];
  }

  // reservation.check_welfare_reservation (19 kap. 25 § LOU)
  function reservation25(d, v) {
    var L = d.labels, T = d.texts;
    var months = asInt(d, v.contract_months, L.contract_months, 1, null, "contract_months");
    var conditions = [
      [T.condition_purpose, asBool(d, v.purpose_linked, L.purpose_linked, "purpose_linked")],
      [T.condition_profit, asBool(d, v.reinvests_profit, L.reinvests_profit, "reinvests_profit")],
      [T.condition_participation, asBool(d, v.participatory, L.participatory, "participatory")]
    ];
    var onDate = asDate(d, v.on_date === "" ? today() : v.on_date, L.on_date, "on_date");
    var reasons = [];
    var service = serviceReason(d, T, v.cpv_code, "cpv_code");
    var allowed = service[0];
    reasons.push(service[1]);
    conditions.forEach(function (condition) {
      reasons.push(say(T.condition, {condition: condition[0], answer: condition[1] ? T.yes : T.no}));
      allowed = allowed && condition[1];
    });
    var length = lengthReason(d, T, months);
    allowed = allowed && length[0];
    reasons.push(length[1]);
    if (v.previous_award !== "") {
      var previous = asDate(d, v.previous_award, L.previous_award, "previous_award");
      if (previous > onDate) { fail(T.award_in_future, {previous: previous, on_date: onDate}, ["previous_award", "on_date"]); }
      var cutoff = addMonths(onDate, -12 * d.bar_years);
      if (previous > cutoff) {
        allowed = false;
        reasons.push(say(T.recent_award, {previous: previous, years: d.bar_years, cutoff: cutoff}));
        reasons.push(say(T.other_authorities, {years: d.bar_years}));
      } else {
        reasons.push(say(T.old_award, {previous: previous, years: d.bar_years}));
      }
    }
    if (allowed) { reasons.push(T.announce); }
    return decision(allowed ? "allowed" : "not_allowed", allowed ? T.welfare_allowed : T.welfare_not_allowed,
                    reasons, d.paragraphs_25);
  }

  // procedure.procedure_for (and classify_procedure)
  function procedureFor(d, v) {
    var L = d.labels, T = d.texts, K = d.kinds, P = d.paragraphs;
    var value = asInt(d, v.value_kr, L.value_kr, 0, d.max_value, "value_kr");
    var onDate = asDate(d, v.on_date === "" ? today() : v.on_date, L.on_date, "on_date");
    var annex2 = asBool(d, v.annex2, L.annex2, "annex2");
    var state = asBool(d, v.state_authority, L.state_authority, "state_authority");
    var typed = strip(v.threshold_kr || "") === "" ? null : asInt(d, v.threshold_kr, L.threshold_kr, 1, d.max_value, "threshold_kr");
    if (d.contract_types.indexOf(v.contract_type) < 0) {
      fail(T.bad_contract_type, {label: L.contract_type, types: d.contract_types.join(", "), value: v.contract_type}, ["contract_type"]);
    }
    var kind = annex2 ? K.social : v.contract_type === "byggentreprenad" ? K.works : state ? K.state : K.other;
    function amount(wanted) {
      for (var i = 0; i < d.thresholds.length; i++) {
        var row = d.thresholds[i];
        if (row.kind === wanted && row.from <= onDate && (row.to === null || row.to >= onDate)) {
          if (row.amount !== null) { return {amount: row.amount, text: row.text}; }
          if (row.euro !== null) { return {amount: null, text: say(T.missing_euro, {kind: wanted, on_date: onDate, euro: row.euro})}; }
          break;
        }
      }
      return {amount: null, text: say(T.missing, {kind: wanted, on_date: onDate})};
    }
    var limit = amount(K.direct_award), threshold = amount(kind);
    if (threshold.amount === null && typed !== null) {
      threshold = {amount: Number(typed), text: say(T.typed_amount, {amount: kronor(Number(typed))})};
    }
    var x = Number(value), noLimit = limit.amount === null, noThreshold = threshold.amount === null;
    var belowLimit = !noLimit && (x < limit.amount || (d.at_limit_allowed && x === limit.amount));
    var belowAnnex2Limit = !noThreshold && (x < threshold.amount || (d.at_limit_allowed && x === threshold.amount));
    var outcome = belowLimit ? "direct_award"
      : noThreshold && (noLimit || annex2) ? "needs_figure"
      : noThreshold ? "needs_threshold"
      : annex2 && belowAnnex2Limit ? "direct_award"
      : annex2 ? "annex2"
      : x >= threshold.amount ? "above_threshold"
      : noLimit ? "needs_figure" : "below_threshold";
    var reasons = noLimit ? [say(T.value, {value: kronor(x)}), limit.text]
      : [say(T.value_and_limit, {value: kronor(x), limit: limit.text})];
    if (!noLimit && x === limit.amount && !annex2) { reasons.push(T.at_limit); }
    if (outcome === "needs_figure" || outcome === "needs_threshold") {
      if (noThreshold) { reasons.push(threshold.text); }
      reasons.push(d.where);
      return decision(outcome, T[outcome], reasons, P[outcome]);
    }
    if (belowLimit) {
      reasons.push(T.below_limit);
      return decision(outcome, T.direct_award, reasons, P.direct_award);
    }
    if (annex2) {
      reasons.push(say(T.annex2_limit, {threshold: threshold.text}));
      if (outcome === "direct_award") {
        reasons.push(T.annex2_below);
        return decision(outcome, T.direct_award, reasons, P.direct_award);
      }
      if (x === threshold.amount) { reasons.push(T.at_limit); }
      reasons.push(T.annex2_reason);
      return decision(outcome, T.annex2, reasons, P.annex2);
    }
    reasons.push(say(T.threshold, {kind: kind, threshold: threshold.text}));
    if (outcome === "above_threshold") {
      reasons.push(T.at_or_above);
      return decision(outcome, T.above_threshold, reasons, P.above_threshold);
    }
    reasons.push(T.between);
    return decision(outcome, T.below_threshold, reasons, P.below_threshold);
  }

  // employment.size_employment_requirement
  function employment(d, v) {
    var L = d.labels, T = d.texts, M = d.maxima;
    var contract = asInt(d, v.contract_months, L.contract_months, 1, M.contract_months, "contract_months");
    var persons = asInt(d, v.persons, L.persons, 1, M.persons, "persons");
    var perPerson = asInt(d, v.months_per_person, L.months_per_person, 1, null, "months_per_person");
    var first = asInt(d, v.first_start_month, L.first_start_month, 0, null, "first_start_month");
    var targetGroup = strip(v.target_group) || T.default_target_group;
    if (perPerson > contract) {
      fail(T.longer_than_contract, {months_per_person: perPerson, contract_months: contract}, ["months_per_person", "contract_months"]);
    }
    if (first > contract) {
      fail(T.starts_after_contract, {first_start_month: first, contract_months: contract}, ["first_start_month", "contract_months"]);
    }
    var total = persons * perPerson;
    var fulfilledMonths = Number(total) * d.fulfilled_share / 100;
    var reasons = [
      say(T.total, {persons: persons, months_per_person: perPerson, total: total, contract_months: contract}),
      say(T.fulfilled, {fulfilled_months: monthsText(fulfilledMonths), fulfilled_share: d.fulfilled_share_text})
    ];
    var ok = first <= BigInt(d.deadline);
    reasons.push(say(ok ? T.in_time : T.too_late, {first_start_month: first, deadline: d.deadline}));
    var text = say(T.requirement_text, {target_group: targetGroup, total: total, deadline_in_words: d.deadline_in_words,
                                        fulfilled_share: d.fulfilled_share_text});
    return decision(ok ? "proposal" : "needs_change", ok ? say(T.proposal, {total: total}) : T.needs_change,
                    reasons, d.paragraphs, {requirement_text: text, text_note: T.text_note});
  }

  // route.route_for (IOP or procurement)
  function route(d, v) {
    var L = d.labels, T = d.texts, A = d.aim_keys;
    var initiative = asBool(d, v.initiative_from_organisation, L.initiative_from_organisation, "initiative_from_organisation");
    var buys = asBool(d, v.municipality_buys, L.municipality_buys, "municipality_buys");
    var market = asBool(d, v.market_exists, L.market_exists, "market_exists");
    var contribute = asBool(d, v.both_contribute, L.both_contribute, "both_contribute");
    var control = asBool(d, v.detailed_control, L.detailed_control, "detailed_control");
    var grants = asBool(d, v.fits_ordinary_grants, L.fits_ordinary_grants, "fits_ordinary_grants");
    if (d.aims.indexOf(v.aim) < 0) { fail(T.bad_aim, {label: L.aim, aims: d.aims.join(", "), value: v.aim}, ["aim"]); }
    var qualified = asBool(d, v.qualified_suppliers, L.qualified_suppliers, "qualified_suppliers");
    var listed = asBool(d, v.listed_25a, L.listed_25a, "listed_25a");
    function result(key, summary, reasons) {
      return decision(key, summary, reasons, d.paragraphs[key], {route: d.route_names[key]});
    }
    var reasons = [
      initiative ? T.initiative_yes : T.initiative_no,
      buys ? T.buys_yes : T.buys_no,
      market ? T.market_yes : T.market_no,
      contribute ? T.contribute_yes : T.contribute_no,
      control ? T.control_yes : T.control_no
    ];
    if (initiative && !buys && !market && contribute && !control) {
      if (grants) {
        reasons.push(T.grants);
        return result("grant", T.grant, reasons);
      }
      reasons.push(T.no_grants, T.iop_caveat);
      return result("iop", T.iop, reasons);
    }
    reasons.push(T.not_iop);
    reasons.push(buys ? T.not_a_purchase_route : T.treated_as_purchase);
    var key;
    if (v.aim === A.everyone) {
      reasons.push(T.everyone, T.social_requirements);
      key = "ordinary";
    } else if (v.aim === A.work_integration) {
      if (qualified) {
        reasons.push(say(T.qualified, {required: d.required_text}), T.qualified_checked);
        key = "integration";
      } else {
        reasons.push(say(T.not_qualified, {required: d.required_text}), T.employment_instead);
        key = "ordinary";
      }
    } else if (v.aim === A.idea_based && listed) {
      reasons.push(T.listed_25a, T.idea_based, T.idea_based_caveat);
      key = "idea_based";
    } else {
      if (v.aim === A.idea_based) { reasons.push(T.not_listed_25a); }
      // route._welfare_route
      var months = asInt(d, v.contract_months, L.contract_months, 1, null, "contract_months");
      var service = serviceReason(d, d.reservation_texts, v.cpv_code, "cpv_code");
      reasons.push(service[1]);
      var length = lengthReason(d, d.reservation_texts, months);
      reasons.push(length[1]);
      if (service[0] && length[0]) {
        reasons.push(T.welfare_conditions, d.reservation_texts.announce);
        key = "welfare";
      } else {
        reasons.push(T.welfare_not_usable, T.social_requirements);
        key = "ordinary";
      }
    }
    return result(key, T[key + "_summary"], reasons);
  }

  var RULES = {
    "reservation-18": reservation18,
    "reservation-19-25": reservation25,
    "procedure": procedureFor,
    "employment": employment,
    "iop-route": route
  };

  // --- the page -----------------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The same structure as Decision.to_html().
  function render(d, result) {
    var box = element("div", "kurs-beslut kurs-beslut-" + result.outcome);
    box.setAttribute("data-utfall", result.outcome);
    var summary = element("p");
    summary.appendChild(element("strong", "kurs-beslut-sammanfattning", result.summary));
    box.appendChild(summary);
    if (result.reasons.length) {
      var list = element("ul", "kurs-beslut-skal");
      result.reasons.forEach(function (reason) { list.appendChild(element("li", null, reason)); });
      box.appendChild(list);
    }
    var paragraphs = result.paragraphs.length ? result.paragraphs.join(", ") : d.result_texts.no_paragraph;
    box.appendChild(element("p", "kurs-beslut-lagrum", say(d.result_texts.paragraphs, {paragraphs: paragraphs})));
    var parts = [box];
    if (result.facts.requirement_text) {
      var heading = element("p");
      heading.appendChild(element("strong", null, d.interface.requirement_heading));
      parts.push(heading, element("p", "kurs-villkorstext", result.facts.requirement_text),
                 element("p", "kurs-villkorstext-not", result.facts.text_note));
    }
    return parts;
  }

  function values(form) {
    var found = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name) { return; }
      if (input.type === "radio") {
        if (!(input.name in found)) { found[input.name] = ""; }
        if (input.checked) { found[input.name] = input.value; }
      } else if (input.type === "checkbox") {
        found[input.name] = input.checked ? input.value : "";
      } else {
        found[input.name] = input.value;
      }
    });
    return found;
  }

  function run(tool) {
    var d = JSON.parse(tool.querySelector("script.kurs-verktyg-data").textContent);
    var form = tool.querySelector("form");
    var answer = tool.querySelector(".kurs-verktyg-svar");
    var alert = tool.querySelector(".kurs-verktyg-felruta");
    answer.textContent = "";
    alert.textContent = "";
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
    });
    try {
      render(d, RULES[d.tool](d, values(form))).forEach(function (part) { answer.appendChild(part); });
    } catch (problem) {
      if (!(problem instanceof Problem)) { throw problem; }
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

  function init(tool) {
    if (tool.getAttribute("data-kurs-verktyg-klar")) { return; }
    tool.setAttribute("data-kurs-verktyg-klar", "ja");
    tool.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); run(tool); });
  }

  window.kursVerktyg = {
    initAll: function () {
      Array.prototype.forEach.call(document.querySelectorAll("section[data-kurs-verktyg]"), init);
    },
    // What Python does, for the exercises' script (static/ovningar.js), which is loaded after this one.
    python: {strip: strip, say: say, asInt: asInt, asDate: asDate, addMonths: addMonths, monthsText: monthsText,
             Problem: Problem},
    // A form's values by field name, as the Python side receives them (also for static/ovningar.js).
    formValues: values
  };
  window.kursVerktyg.initAll();
})();
