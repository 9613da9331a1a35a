// Data tables on the static page: no kernel, no network. upphandlingskurs.data.table_html writes a
// plain table (caption, column headers, escaped cells, each cell's sort rank in data-sort) inside a
// <div data-kurs-tabell> that carries the Swedish texts. This script adds a labelled search box,
// turns each column header into a sort button (the header's aria-sort says the order) and keeps a
// live region that says how many rows are shown. Without JavaScript the table stays complete.
(function () {
  "use strict";
  if (window.kursTabell) { window.kursTabell.initAll(); return; }
  var counter = 0;

  function normalise(text) {
    return text.replace(/\s+/g, " ").trim().toLocaleLowerCase("sv");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function init(box) {
    if (box.getAttribute("data-kurs-tabell-klar")) { return; }
    var table = box.querySelector("table");
    if (!table || !table.tBodies.length || !table.tHead) { return; }
    box.setAttribute("data-kurs-tabell-klar", "ja");
    var text = JSON.parse(box.getAttribute("data-kurs-tabell"));
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { element: row, index: index, text: normalise(row.textContent) };
    });
    var sorted = { column: -1, direction: "" };
    counter += 1;
    if (!table.id) { table.id = "kurs-tabell-" + counter; }

    var controls = document.createElement("div");
    controls.className = "kurs-tabell-verktyg";
    var label = document.createElement("label");
    label.htmlFor = table.id + "-sok";
    label.textContent = text.search;
    var input = document.createElement("input");
    input.type = "search";
    input.id = table.id + "-sok";
    input.setAttribute("aria-controls", table.id);
    input.setAttribute("autocomplete", "off");
    var hint = document.createElement("span");
    hint.className = "kurs-tabell-tips";
    hint.textContent = text.hint;
    var status = document.createElement("p");
    status.className = "kurs-tabell-antal";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    controls.appendChild(label);
    controls.appendChild(input);
    controls.appendChild(hint);
    box.insertBefore(controls, table);
    box.insertBefore(status, table);

    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kurs-sortera";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      var arrow = document.createElement("span");
      arrow.className = "kurs-sortera-pil";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var direction = sorted.column === column && sorted.direction === "ascending" ? "descending" : "ascending";
        sortBy(column, direction);
      });
    });

    function rank(row, column) {
      var cell = row.element.cells[column];
      var value = cell ? cell.getAttribute("data-sort") : "";
      return value === null || value === "" ? null : Number(value);
    }

    function sortBy(column, direction) {
      var sign = direction === "ascending" ? 1 : -1;
      var order = rows.slice().sort(function (a, b) {
        var x = rank(a, column), y = rank(b, column);
        if (x === null || y === null) {  // a missing value stays last either way
          return x === y ? a.index - b.index : (x === null ? 1 : -1);
        }
        return x === y ? a.index - b.index : sign * (x - y);
      });
      order.forEach(function (row) { body.appendChild(row.element); });
      headers.forEach(function (header, i) {
        if (i === column) { header.setAttribute("aria-sort", direction); } else { header.removeAttribute("aria-sort"); }
      });
      sorted = { column: column, direction: direction };
      announce();
    }

    function announce() {
      var shown = rows.filter(function (row) { return !row.element.hidden; }).length;
      var message = shown === 0 ? text.none : fill(text.count, { shown: shown, total: rows.length });
      if (sorted.column >= 0) {
        message += " " + fill(text.sorted, {
          column: headers[sorted.column].textContent.trim(),
          direction: text[sorted.direction]
        });
      }
      status.textContent = message;
    }

    input.addEventListener("input", function () {
      var query = normalise(input.value);
      rows.forEach(function (row) { row.element.hidden = query !== "" && row.text.indexOf(query) === -1; });
      announce();
    });
    announce();
  }

  window.kursTabell = {
    initAll: function () {
      Array.prototype.forEach.call(document.querySelectorAll("div[data-kurs-tabell]"), init);
    }
  };
  window.kursTabell.initAll();
})();
