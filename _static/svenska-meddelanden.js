// Swedish messages for two scripts that have none of their own. Loaded on every page after
// Sphinx's translations.js and sphinx-copybutton's copybutton.js, before the page has loaded
// (html_js_files in _config.yml), so both scripts use these when they first write text.
(function () {
  "use strict";

  // Sphinx 7.4's search page (searchtools.js) and search-term highlighting (sphinx_highlight.js).
  // Sphinx's Swedish catalogue has these messages as empty strings, so the results page showed no
  // heading, no count of hits and no text when nothing matched. Documentation.addTranslations is
  // how Sphinx loads its catalogue (translations.js); this adds to it.
  if (typeof Documentation !== "undefined" && typeof Documentation.addTranslations === "function") {
    Documentation.addTranslations({
      locale: "sv",
      plural_expr: "(n != 1)",
      messages: {
        "Searching": "Söker",
        "Preparing search...": "Förbereder sökningen …",
        "Search Results": "Sökresultat",
        "Search finished, found ${resultCount} page(s) matching the search query.":
          "Sökningen är klar. Antal träffar: ${resultCount}.",
        "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
          "Inga träffar. Kontrollera stavningen, eller sök på färre ord: bara sidor som innehåller alla orden visas.",
        ", in ": ", i ",
        "Hide Search Matches": "Dölj sökträffarna",
      },
    });
  }

  // sphinx-copybutton 0.5.2 keeps its button texts in a dictionary per language (`messages` in
  // copybutton.js) and picks the page's language from <html lang> when it loads; it has no
  // Swedish. This adds Swedish to that dictionary, selects it, and renames the two icons whose
  // titles copybutton.js wrote when it loaded. The buttons themselves are added after the page
  // has loaded, so they get the Swedish texts.
  if (typeof messages === "object" && messages !== null && messages.en && typeof messages.en.copy === "string"
      && !messages.sv && document.documentElement.lang === "sv") {
    messages.sv = {
      copy: "Kopiera",
      copy_to_clipboard: "Kopiera till urklipp",
      copy_success: "Kopierat!",
      copy_failure: "Det gick inte att kopiera",
    };
    locale = "sv";
    iconCopy = iconCopy.replace(messages.en.copy_to_clipboard, messages.sv.copy_to_clipboard);
    iconCheck = iconCheck.replace(messages.en.copy_success, messages.sv.copy_success);
  }
})();
