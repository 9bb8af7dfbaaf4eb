// The activity editor: a new draft of any kind, or an existing draft, with every
// option its kind has (titles and options in Swedish and English, multiple choice,
// correct answers, the scale's range and labels, words per person, results hidden
// until revealed, the agenda session). Sent as the `quick` (open: false) or `edit`
// action; an error is shown next to its field and the first such field takes the
// focus, and nothing typed is lost. `done(id)` closes it.
import { el } from "../lib/dom.js";
import { fmt, strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { state } from "./store.js";

const t = strings();
const WITH_OPTIONS = ["choice", "ranking"];

function field(name, label, control, hint = null) {
  control.id = `edit-${name}`;
  control.name = name;
  const hintId = hint ? `edit-${name}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return el("div", { class: "field", "data-field": name },
    el("label", { for: control.id, text: label }),
    hint ? el("p", { class: "hint", id: hintId, text: hint }) : null,
    control);
}

const input = (value, attrs = {}) => el("input", { value: value ?? "", autocomplete: "off", ...attrs });
function area(lines) {
  const node = el("textarea", { rows: 4 });
  node.value = (lines || []).join("\n");
  return node;
}
function checkbox(name, label, checked) {
  return el("div", { class: "setting-row", "data-field": name },
    el("input", { type: "checkbox", id: `edit-${name}`, name, checked }),
    el("label", { for: `edit-${name}`, text: label }));
}
function select(choices, chosen) {
  const node = el("select");
  for (const [value, label] of choices) node.append(el("option", { value, text: label, selected: String(value) === String(chosen ?? "") }));
  return node;
}
const fieldset = (legend, ...children) => el("fieldset", { class: "fieldset" }, el("legend", { text: legend }), ...children);

function kindFields(kind, c) {
  if (WITH_OPTIONS.includes(kind)) {
    const parts = [
      field("options", t.options, area(c.options), t.options_hint),
      field("options_en", t.options_en, Object.assign(area(c.options_en), { lang: "en" })),
    ];
    if (kind === "choice") {
      parts.push(checkbox("multiple", t.multiple, c.multiple),
        field("correct", t.correct, input((c.correct || []).map((i) => i + 1).join(", "), { inputmode: "numeric" }), t.correct_hint));
    }
    const options = fieldset(t.options_legend, ...parts);
    if (kind !== "choice") return options;
    return [options, fieldset(t.scoring_legend,
      field("points", t.points_field, input(c.points ?? 0, { type: "number", min: 0, max: 1000, inputmode: "numeric" }), t.points_hint),
      checkbox("speed_bonus", t.speed_bonus, c.speed_bonus))];
  }
  if (kind === "scale") {
    const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => [from + i, String(from + i)]);
    return fieldset(t.scale_legend,
      field("scale_min", t.scale_from, select(range(0, 1), c.scale_min ?? 1)),
      field("scale_max", t.scale_to, select(range(2, 10), c.scale_max ?? 5)),
      field("min_label", t.min_label, input(c.min_label, { maxlength: 80 })),
      field("max_label", t.max_label, input(c.max_label, { maxlength: 80 })),
      field("min_label_en", t.min_label_en, input(c.min_label_en, { maxlength: 80, lang: "en" })),
      field("max_label_en", t.max_label_en, input(c.max_label_en, { maxlength: 80, lang: "en" })));
  }
  if (kind === "wordcloud") {
    return fieldset(t.words_legend,
      field("max_entries", t.max_entries, input(c.max_entries ?? 3, { type: "number", min: 1, max: 10, inputmode: "numeric" })),
      checkbox("drop_stop_words", t.drop_stop_words, c.drop_stop_words));
  }
  if (kind === "open_text") {
    return fieldset(t.answers_legend,
      field("max_entries", t.answers_per_person, input(c.max_entries ?? 3, { type: "number", min: 1, max: 10, inputmode: "numeric" })),
      checkbox("premoderation", t.premoderation, c.premoderation));
  }
  if (kind === "qa") return fieldset(t.moderation_legend, checkbox("qa_premoderation", t.qa_premoderation, state.console?.qa_premoderation));
  return null;
}

// What the form says, as an action's fields, and the errors found before sending.
function read(form, kind) {
  const value = (name) => form.elements[name]?.value.trim() ?? "";
  const lines = (name) => value(name).split("\n").map((s) => s.trim()).filter(Boolean);
  const errors = {};
  const config = {};
  if (!value("title")) errors.title = t.required;
  if (WITH_OPTIONS.includes(kind)) {
    config.options = lines("options");
    config.options_en = lines("options_en");
    if (config.options.length < 2) errors.options = t.two_options;
    for (const name of ["options", "options_en"]) {
      if (config[name].length > 50 || config[name].some((o) => o.length > 200)) errors[name] = t.option_limits;
    }
    if (config.options_en.length && config.options_en.length !== config.options.length) errors.options_en = t.one_english_each;
  }
  if (kind === "choice") {
    config.multiple = form.elements.multiple.checked;
    const numbers = value("correct").split(/[,;]/).map((s) => s.trim()).filter(Boolean);
    if (numbers.some((n) => !/^\d+$/.test(n) || +n < 1 || +n > config.options.length)) errors.correct = t.correct_numbers;
    else config.correct = [...new Set(numbers.map((n) => +n - 1))].sort((a, b) => a - b);
    config.points = +value("points");
    if (!Number.isInteger(config.points) || config.points < 0 || config.points > 1000) errors.points = t.points_range;
    config.speed_bonus = form.elements.speed_bonus.checked;
  }
  if (kind === "scale") {
    for (const name of ["scale_min", "scale_max"]) config[name] = +value(name);
    for (const name of ["min_label", "max_label", "min_label_en", "max_label_en"]) config[name] = value(name);
  }
  if (kind === "open_text") {
    config.max_entries = +value("max_entries");
    if (!Number.isInteger(config.max_entries) || config.max_entries < 1 || config.max_entries > 10) errors.max_entries = t.max_entries_range;
    config.premoderation = form.elements.premoderation.checked;
  }
  if (kind === "wordcloud") {
    config.max_entries = +value("max_entries");
    if (!Number.isInteger(config.max_entries) || config.max_entries < 1 || config.max_entries > 10) errors.max_entries = t.max_entries_range;
    config.drop_stop_words = form.elements.drop_stop_words.checked;
  }
  const session = value("session_id");
  return {
    errors,
    fields: {
      title: value("title"),
      title_en: value("title_en"),
      hide_results: form.elements.hide_results.checked,
      session_id: session ? +session : null,
      config,
    },
  };
}

function showErrors(form, errors) {
  for (const old of form.querySelectorAll(".error-text")) old.remove();
  for (const node of form.querySelectorAll("[aria-invalid]")) {
    node.removeAttribute("aria-invalid");
    const hint = form.querySelector(`#${node.id}-hint`);
    if (hint) node.setAttribute("aria-describedby", hint.id); else node.removeAttribute("aria-describedby");
  }
  let first = null;
  for (const [name, message] of Object.entries(errors)) {
    const holder = form.querySelector(`[data-field="${name}"]`) || form.querySelector('[data-field="title"]');
    const control = holder.querySelector("input, textarea, select");
    const errorId = `${control.id}-error`;
    holder.append(el("p", { class: "error-text", id: errorId, text: message }));
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), errorId].filter(Boolean).join(" "));
    first = first || control;
  }
  first?.focus();
}

// `activity` is the draft to edit, or null for a new one of `kind`.
export function activityForm(activity, kind, done) {
  const a = activity || { title: "", title_en: "", hide_results: false, session_id: null, config: {} };
  const sessions = (state.console?.groups || []).filter((g) => g.session !== null).map((g) => [g.session, g.title]);
  const heading = activity ? fmt(t.edit_heading, { title: a.title }) : fmt(t.new_heading, { kind: t[`kind_${kind}`] });
  const form = el("form", { class: "edit-form form", novalidate: true, "aria-labelledby": "edit-heading" },
    el("h3", { id: "edit-heading", class: "panel-title", text: heading }),
    fieldset(t.title,
      field("title", t.title_sv, input(a.title, { maxlength: 300, required: true })),
      field("title_en", t.title_en, input(a.title_en, { maxlength: 300, lang: "en" }))),
    ...[kindFields(kind, a.config)].flat(),
    fieldset(t.when_legend,
      field("session_id", t.session_field, select([["", t.no_session], ...sessions], a.session_id)),
      checkbox("hide_results", t.hide_results_until, a.hide_results)),
    el("div", { class: "panel-actions" },
      el("button", { type: "submit", class: "button button--primary button--small", text: t.save }),
      el("button", { type: "button", class: "button button--small", text: t.cancel, "data-cancel": true })));
  form.querySelector("[data-cancel]").addEventListener("click", () => done(activity?.id ?? null));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { errors, fields } = read(form, kind);
    if (Object.keys(errors).length) { showErrors(form, errors); return; }
    const message = activity ? { type: "edit", activity: a.id, kind, ...fields } : { type: "quick", open: false, kind, ...fields };
    const ack = await act(message, (error) => showErrors(form, serverErrors(error)));
    if (!ack) return;
    const premoderation = form.elements.qa_premoderation;
    if (premoderation && premoderation.checked !== Boolean(state.console?.qa_premoderation)) {
      await act({ type: "premoderation", on: premoderation.checked });
    }
    done(activity ? a.id : ack.result.id);
  });
  return form;
}

// The server's field names (`config.options`) as the form's, and an error that names
// no field (a title too long, say) beside the title.
function serverErrors(error) {
  const named = Object.entries(error.fields || {}).map(([name, text]) => [name.replace(/^config\./, ""), text]);
  return named.length ? Object.fromEntries(named) : { title: [error.message, error.detail].filter(Boolean).join(" ") };
}
