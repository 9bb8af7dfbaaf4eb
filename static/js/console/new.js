// New activity: choose a kind and "Create a draft" opens the activity editor
// (edit.js) in the panel; the saved draft is then the chosen activity.
import { byId } from "../lib/dom.js";
import { newActivity } from "./panel.js";

const form = byId("new-activity");
form.addEventListener("submit", (event) => {
  event.preventDefault();
  newActivity(form.elements.kind.value);
});
