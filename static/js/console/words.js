// Word moderation scales to hundreds of words: one search box filters the list, each
// row has a checkbox, and the chosen words are hidden or merged into one target
// chosen in a single combobox (an input with one datalist of every word). What is
// typed and chosen survives redraws (`kept`), and redraws wait while the
// moderator types (panel.js).
import { button, el } from "../lib/dom.js";
import { cloud } from "../lib/results.js";
import { fmt, strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { section } from "./section.js";

const t = strings();
let kept = { activity: null, filter: "", chosen: new Set() };

export function wordModeration(a, data) {
  const mod = data.moderation || { hidden: [], merges: [], recent: [], groups: [], splits: [] };
  const words = data.words || [];
  if (kept.activity !== a.id) kept = { activity: a.id, filter: "", chosen: new Set() };
  const chosen = kept.chosen;
  for (const key of [...chosen]) if (!words.some((w) => w.key === key)) chosen.delete(key);
  const forms = new Map((mod.groups || []).map((g) => [g.key, g.forms]));
  const wrap = el("div", { class: "mod-columns" });
  const search = el("input", { type: "search", id: `word-search-${a.id}`, class: "mod-search", value: kept.filter });
  const list = el("ol", { class: "mod-list mod-words" });
  const fill = () => {
    const needle = kept.filter.trim().toLocaleLowerCase();
    list.replaceChildren(...words.filter((w) => !needle || w.text.toLocaleLowerCase().includes(needle)).map((w) => {
      const box = el("input", { type: "checkbox", id: `word-${a.id}-${w.key}`, checked: chosen.has(w.key) });
      box.addEventListener("change", () => { if (box.checked) chosen.add(w.key); else chosen.delete(w.key); });
      const row = el("li", { class: "mod-row" },
        box,
        el("label", { for: box.id, class: "mod-text" }, el("strong", { text: w.text }), ` ${w.count}`),
        button(t.hide, () => act({ type: "hide_word", activity: a.id, key: w.key }), { cls: "button--danger" }));
      for (const form of (forms.get(w.key) || [])) {
        row.append(button(fmt(t.split_off, { form }), () => act({ type: "split_word", activity: a.id, form })));
      }
      return row;
    }));
  };
  search.addEventListener("input", () => { kept.filter = search.value; fill(); });
  fill();
  const options = el("datalist", { id: `word-targets-${a.id}` }, ...words.map((w) => el("option", { value: w.text })));
  const target = el("input", { id: `word-target-${a.id}`, class: "mod-search", list: options.id, autocomplete: "off" });
  const bulk = el("div", { class: "mod-bulk" },
    button(t.hide_chosen, () => {
      for (const key of chosen) act({ type: "hide_word", activity: a.id, key });
      chosen.clear();
    }, { cls: "button--danger" }),
    el("label", { for: target.id, text: t.merge_chosen }), target, options,
    button(t.merge, () => {
      const typed = target.value.trim();
      const match = words.find((w) => w.text === typed || w.key === typed);
      const sources = [...chosen].filter((key) => !match || key !== match.key);
      if (!typed || !sources.length) return;
      act({ type: "merge_words", activity: a.id, sources, target: match ? match.key : typed });
      chosen.clear();
    }));
  const cloudBox = el("div", { class: "mod-cloud" });
  if (data.layout) cloud(cloudBox, data, t.words);
  wrap.append(
    el("div", {}, section(t.words,
      ...(words.length
        ? [el("label", { for: search.id, text: t.search_words }), search, list, bulk]
        : [el("p", { class: "hint", text: t.nothing_yet })])), cloudBox),
    el("div", {},
      mod.hidden.length ? section(t.hidden_words, el("ol", { class: "mod-list" }, ...mod.hidden.map((w) =>
        el("li", { class: "mod-row mod-row--hidden" }, el("span", { class: "mod-text" }, el("s", { text: w.text }), ` ${w.count}`),
          button(t.unhide, () => act({ type: "unhide_word", activity: a.id, key: w.key })))))) : null,
      mod.merges.length ? section(t.merges, el("ol", { class: "mod-list" }, ...mod.merges.map((m) =>
        el("li", { class: "mod-row" }, el("span", { class: "mod-text", text: `${m.source} → ${m.target}` }),
          button(t.unmerge, () => act({ type: "unmerge_words", activity: a.id, sources: [m.source] })))))) : null,
      (mod.splits || []).length ? section(t.splits, el("ol", { class: "mod-list" }, ...mod.splits.map((form) =>
        el("li", { class: "mod-row" }, el("span", { class: "mod-text", text: form }),
          button(t.unmerge, () => act({ type: "unmerge_words", activity: a.id, sources: [form] })))))) : null,
      section(t.recent, el("ol", { class: "mod-list" }, ...mod.recent.map((r) =>
        el("li", { class: r.muted ? "mod-row mod-row--hidden" : "mod-row" },
          el("span", { class: "mod-text", text: r.text }),
          r.muted ? el("span", { class: "badge", text: t.muted }) : null,
          r.blocked ? el("span", { class: "badge", text: t.blocked }) : null,
          r.muted
            ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: r.id }))
            : button(t.mute, () => act({ type: "mute", activity: a.id, item: r.id }))))))));
  return wrap;
}
