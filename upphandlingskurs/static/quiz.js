// Self-tests on the static page: no kernel, no network. Each question is a <form>; checking
// an answer writes the verdict and the explanation into the question's live region.
(function () {
  "use strict";
  if (window.kursQuiz) { window.kursQuiz.initAll(); return; }

  function check(form) {
    var output = form.querySelector(".kurs-quiz-svar");
    var chosen = form.querySelector("input[type=radio]:checked");
    output.classList.remove("kurs-quiz-ratt", "kurs-quiz-fel");
    output.textContent = "";
    if (!chosen) {
      output.textContent = "Välj ett av svarsalternativen först.";
      return;
    }
    var right = chosen.getAttribute("data-correct") === "true";
    var verdict = document.createElement("strong");
    verdict.textContent = right ? "Rätt svar." : "Inte rätt. Försök gärna igen.";
    var why = document.createElement("span");
    why.textContent = chosen.getAttribute("data-feedback");
    output.appendChild(verdict);
    output.appendChild(why);
    output.classList.add(right ? "kurs-quiz-ratt" : "kurs-quiz-fel");
  }

  function init(form) {
    if (form.getAttribute("data-kurs-quiz-klar")) { return; }
    form.setAttribute("data-kurs-quiz-klar", "ja");
    form.addEventListener("submit", function (event) { event.preventDefault(); check(form); });
  }

  window.kursQuiz = {
    initAll: function () {
      Array.prototype.forEach.call(document.querySelectorAll("form.kurs-quiz-fraga"), init);
    }
  };
  window.kursQuiz.initAll();
})();
