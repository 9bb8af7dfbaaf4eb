// Copy activities from another event this moderator can moderate (the `copy`
// action): the chosen ones become drafts at the end of this event's run of show.
import { count, strings } from "../lib/strings.js";
import { act } from "./connection.js";

const t = strings();

for (const form of document.querySelectorAll(".copy-form")) {
  const error = form.querySelector(".error-text");
  const boxes = () => [...form.querySelectorAll('input[name="activities"]')];
  const fail = (text) => {
    error.className = "error-text";
    error.textContent = text;
    error.hidden = false;
    boxes()[0].setAttribute("aria-invalid", "true");
    boxes()[0].focus();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    boxes()[0].removeAttribute("aria-invalid");
    const chosen = boxes().filter((box) => box.checked).map((box) => +box.value);
    if (!chosen.length) { fail(t.choose_to_copy); return; }
    const ack = await act({ type: "copy", source: form.dataset.source, activities: chosen }, (refused) =>
      fail(Object.values(refused.fields || {}).join(" ") || refused.message));
    if (!ack) return;
    for (const box of boxes()) box.checked = false;
    error.hidden = false;
    error.className = "hint";
    error.textContent = count(t.copied, ack.result.length);
  });
}
