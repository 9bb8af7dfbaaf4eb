// Moderation settings: question approval on or off, the event's blocked words, and
// how many authors are muted.
import { button, byId, el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { on, state } from "./store.js";

const t = strings();

function render() {
  const c = state.console;
  byId("premoderation").checked = c.qa_premoderation;
  byId("blocklist").replaceChildren(...c.blocklist.map((word) => el("li", { class: "chip" },
    el("span", { text: word }),
    button("×", () => act({ type: "blocklist", remove: [word] }), { title: `${t.unhide}: ${word}` }))));
  for (const chip of byId("blocklist").querySelectorAll("button")) chip.setAttribute("aria-label", chip.title);
  byId("muted-count").textContent = c.muted ? `${t.muted}: ${c.muted}` : "";
}

byId("blocklist-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const word = byId("blocklist-word").value.trim();
  if (word && (await act({ type: "blocklist", add: [word] }))) event.target.reset();
});

byId("premoderation").addEventListener("change", (event) => act({ type: "premoderation", on: event.target.checked }));

on(["console"], render);
