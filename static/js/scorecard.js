// The identification scorecard's total, kept up to date while the criteria are scored.
// The server computes the same total when the page is drawn and when the form is sent back.
document.addEventListener("change", (event) => {
  const card = event.target.closest(".scorecard");
  if (!card || !event.target.matches("select[name$='_score']")) {
    return;
  }
  const output = card.querySelector("[data-scorecard-total]");
  if (!output) {
    return;
  }
  let total = 0;
  for (const select of card.querySelectorAll("select[name$='_score']")) {
    const value = Number.parseInt(select.value, 10);
    if (!Number.isNaN(value)) {
      total += value;
    }
  }
  output.value = String(total);
});
