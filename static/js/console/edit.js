// The edit form of a draft: its titles, a poll's or ranking's options in both
// languages, and whether results wait for the reveal. `done` closes it.
import { button, el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";

const t = strings();

export function editForm(a, done) {
  const form = el("form", { class: "edit-form form" },
    el("div", { class: "field" }, el("label", { for: "edit-title", text: t.title }),
      el("input", { id: "edit-title", name: "title", value: a.title, maxlength: 300, required: true })),
    el("div", { class: "field" }, el("label", { for: "edit-title-en", text: t.title_en }),
      el("input", { id: "edit-title-en", name: "title_en", value: a.title_en || "", maxlength: 300, lang: "en" })));
  const hasOptions = a.kind === "choice" || a.kind === "ranking";
  if (hasOptions) {
    for (const [name, label, lang] of [["options", t.options, null], ["options_en", t.options_en, "en"]]) {
      const area = el("textarea", { id: `edit-${name}`, name, rows: 4, lang });
      area.value = (a.config[name] || []).join("\n");
      form.append(el("div", { class: "field" }, el("label", { for: `edit-${name}`, text: label }), area));
    }
  }
  form.append(el("div", { class: "setting-row" },
    el("input", { type: "checkbox", id: "edit-hide", name: "hide", checked: a.hide_results }),
    el("label", { for: "edit-hide", text: t.hide_results_until })));
  form.append(el("div", { class: "panel-actions" },
    el("button", { type: "submit", class: "button button--primary button--small", text: t.save }),
    button(t.cancel, done)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const config = { ...a.config };
    const lines = (name) => form.elements[name].value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (hasOptions) { config.options = lines("options"); config.options_en = lines("options_en"); }
    const ack = await act({ type: "edit", activity: a.id, title: form.elements.title.value.trim(), title_en: form.elements.title_en.value.trim(), hide_results: form.elements.hide.checked, config, session_id: a.session_id });
    if (ack) done();
  });
  return form;
}
