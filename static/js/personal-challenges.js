// The challenges page follows practice done in other tabs: after each recorded attempt (and
// each completion) the list is fetched again from the server, which owns every number.
// The creation form keeps the suggested score in step with the chosen exercise.
(function () {
  "use strict";
  let pending = null;

  function refresh() {
    const groups = document.querySelector("[data-pc-groups]");
    if (!groups || !window.htmx) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      window.htmx.ajax("GET", groups.dataset.refreshUrl, { target: "#pc-groups", swap: "outerHTML" });
    }, 300);
  }

  document.addEventListener("live:attempt.recorded", refresh);
  document.addEventListener("live:personal_challenge.completed", refresh);

  const data = document.getElementById("pc-suggestions");
  const form = document.querySelector("[data-personal-challenge-form]");
  if (data && form) {
    const suggestions = JSON.parse(data.textContent);
    const exercise = form.querySelector('select[name="exercise"]');
    const target = form.querySelector("[data-target]");
    if (exercise && target) {
      exercise.addEventListener("change", () => {
        const suggested = suggestions[exercise.value];
        if (suggested !== undefined) target.value = String(suggested);
      });
    }
  }
})();
