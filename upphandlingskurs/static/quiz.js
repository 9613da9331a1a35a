// Self-tests on the static page: no kernel, no network. Each question is a <form>; checking
// an answer writes the verdict and the explanation into the question's live region, and the
// score under the last question ("Resultat: 3 av 5 rätt."). On the book's pages the answers are
// kept in the reader's browser by window.kursFramsteg (static/framsteg.js): after a reload each
// checked answer is chosen again and its explanation shown. Elsewhere (JupyterLab) nothing is kept.
(function () {
  "use strict";
  if (window.kursQuiz) { window.kursQuiz.initAll(); return; }

  function progress() { return window.kursFramsteg && window.kursFramsteg.available ? window.kursFramsteg : null; }

  function forms(root) { return Array.prototype.slice.call(root.querySelectorAll("form.kurs-quiz-fraga")); }

  // Show the verdict for the chosen option; returns whether an option was chosen.
  function check(form) {
    var output = form.querySelector(".kurs-quiz-svar");
    var chosen = form.querySelector("input[type=radio]:checked");
    output.classList.remove("kurs-quiz-ratt", "kurs-quiz-fel");
    output.textContent = "";
    if (!chosen) {
      output.textContent = "Välj ett av svarsalternativen först.";
      return false;
    }
    var right = chosen.getAttribute("data-correct") === "true";
    var verdict = document.createElement("strong");
    verdict.textContent = right ? "Rätt svar." : "Inte rätt. Försök gärna igen.";
    var why = document.createElement("span");
    why.textContent = chosen.getAttribute("data-feedback");
    output.appendChild(verdict);
    output.appendChild(why);
    output.classList.add(right ? "kurs-quiz-ratt" : "kurs-quiz-fel");
    // The answer that counts for the score: the last one checked.
    form.setAttribute("data-kurs-svar", chosen.value);
    form.setAttribute("data-kurs-ratt", right ? "ja" : "nej");
    return true;
  }

  function forget(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (radio) { radio.checked = false; });
    var output = form.querySelector(".kurs-quiz-svar");
    output.classList.remove("kurs-quiz-ratt", "kurs-quiz-fel");
    output.textContent = "";
    form.removeAttribute("data-kurs-svar");
    form.removeAttribute("data-kurs-ratt");
  }

  function showScore(quiz) {
    var score = quiz.querySelector(".kurs-quiz-resultat");
    if (!score) { return; }
    var all = forms(quiz);
    var answered = all.filter(function (form) { return form.hasAttribute("data-kurs-svar"); });
    var right = answered.filter(function (form) { return form.getAttribute("data-kurs-ratt") === "ja"; });
    if (!answered.length) { score.textContent = ""; return; }
    var text = "Resultat: " + right.length + " av " + all.length + " rätt.";
    if (answered.length < all.length) { text += " Du har svarat på " + answered.length + " av " + all.length + " frågor."; }
    score.textContent = text;
  }

  // Everything checked on the page, under each question's fingerprint, for the progress page.
  function store() {
    var keep = progress();
    if (!keep) { return; }
    var all = forms(document), answers = {};
    all.forEach(function (form) {
      var key = form.getAttribute("data-kurs-fraga");
      if (key && form.hasAttribute("data-kurs-svar")) {
        answers[key] = { choice: form.getAttribute("data-kurs-svar"), correct: form.getAttribute("data-kurs-ratt") === "ja" };
      }
    });
    keep.saveQuiz(null, { questions: all.length, answers: answers });
  }

  // Choose the stored answer again (or none) and show its verdict.
  function restore(form, answers) {
    var saved = answers[form.getAttribute("data-kurs-fraga")];
    var radio = saved && Array.prototype.filter.call(form.querySelectorAll("input[type=radio]"), function (option) {
      return option.value === saved.choice;
    })[0];
    if (radio) {
      radio.checked = true;
      check(form);
    } else {
      forget(form);
    }
  }

  function storedAnswers() {
    var keep = progress();
    var quiz = keep ? keep.quiz(null) : null;
    return quiz && quiz.answers ? quiz.answers : {};
  }

  function init(form) {
    if (form.getAttribute("data-kurs-quiz-klar")) { return false; }
    form.setAttribute("data-kurs-quiz-klar", "ja");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (check(form)) { store(); }
      showScore(form.closest(".kurs-quiz") || document);
    });
    return true;
  }

  function quizzes() { return Array.prototype.slice.call(document.querySelectorAll(".kurs-quiz")); }

  window.kursQuiz = {
    initAll: function () {
      var answers = storedAnswers();
      forms(document).forEach(function (form) {
        if (init(form) && answers[form.getAttribute("data-kurs-fraga")]) { restore(form, answers); }
      });
      quizzes().forEach(showScore);
    },
    // What is stored now, e.g. after the progress page cleared it in another tab.
    restoreAll: function () {
      var answers = storedAnswers();
      forms(document).forEach(function (form) { restore(form, answers); });
      quizzes().forEach(showScore);
    }
  };
  window.kursQuiz.initAll();
  // A page shown again with the browser's back button keeps its old state: read the stored one.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { window.kursQuiz.restoreAll(); } });
})();
