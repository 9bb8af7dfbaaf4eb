// Drawing live results on the phone, the projector and the console: bars, the word
// cloud (SVG, words keyed by their normalised form so they glide to new places), and
// an activity's texts in the page's language. No inline styles in markup: sizes and positions are set through the CSSOM, which the CSP allows.
import { el } from "./dom.js";
import { count, fmt } from "./strings.js";

const SVG = "http://www.w3.org/2000/svg";

function bars(labels, counts, { highlight = new Set(), unit = { one: "%(n)s", other: "%(n)s" } } = {}) {
  const total = counts.reduce((a, b) => a + b, 0);
  const top = Math.max(1, ...counts);
  const list = el("ol", { class: "bars" });
  labels.forEach((label, index) => {
    const value = counts[index] || 0;
    const fill = el("span", { class: "bar-fill" });
    fill.style.width = `${(100 * value) / top}%`;
    const share = total ? Math.round((100 * value) / total) : 0;
    list.append(
      el(
        "li",
        { class: highlight.has(index) ? "bar-row bar-row--correct" : "bar-row" },
        el("span", { class: "bar-label", text: label }),
        el("span", { class: "bar" }, fill),
        el("span", { class: "bar-count", text: `${count(unit, value)} · ${share} %` }),
      ),
    );
  });
  return list;
}

// Update (or create) the cloud inside `holder`, keeping its elements: a word keeps
// its element (keyed by its normalised form), so one that moves glides there and a
// new one grows in (both off under prefers-reduced-motion, see live.css). The words
// drawn on first sight of a cloud just appear. Each word is stretched to the length
// the layout measured, in the font the layout measured with (static/fonts).
export function cloud(holder, results, listLabel) {
  let svg = holder.querySelector("svg.cloud");
  const first = !svg;
  if (first) {
    svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "cloud");
    svg.setAttribute("aria-hidden", "true");
    holder.append(svg);
    const details = el("details", { class: "cloud-list" }, el("summary", { text: listLabel }), el("ol"));
    holder.append(details);
  }
  svg.setAttribute("viewBox", `0 0 ${results.width} ${results.height}`);
  const seen = new Set();
  for (const word of results.layout || []) {
    seen.add(word.key);
    let text = svg.querySelector(`text[data-key="${CSS.escape(word.key)}"]`);
    if (!text) {
      text = document.createElementNS(SVG, "text");
      text.dataset.key = word.key;
      text.setAttribute("lengthAdjust", "spacingAndGlyphs");
      text.classList.add("cloud-word");
      if (!first) text.classList.add("cloud-word--new");
      svg.append(text);
    }
    text.textContent = word.text;
    text.setAttribute("textLength", word.length);
    text.setAttribute("fill", word.colour);
    text.style.fontSize = `${word.size}px`;
    text.style.translate = `${word.x}px ${word.y}px`;
    text.style.rotate = `${word.rotate}deg`;
  }
  for (const text of svg.querySelectorAll("text")) {
    if (!seen.has(text.dataset.key)) text.remove();
  }
  const list = holder.querySelector(".cloud-list ol");
  list.replaceChildren(
    ...(results.words || []).map((w) => el("li", { text: `${w.text} (${w.count})` })),
  );
}

// The values of a rating scale, low to high.
export function scaleValues(config) {
  const low = config.scale_min ?? 1;
  const high = config.scale_max ?? 5;
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

// The chart of a poll, a rating scale or a ranking (its bars, and a scale's mean), as
// a list of nodes; null for the other kinds, which each page draws its own way.
export function chart(activity, results, t) {
  const config = activity.config;
  if (activity.kind === "choice") {
    return [bars(config.options, results.counts, { highlight: new Set(config.correct || []), unit: t.votes })];
  }
  if (activity.kind === "scale") {
    return [bars(scaleValues(config).map(String), results.distribution, { unit: t.answers }),
      el("p", { class: "mean", text: `${t.mean}: ${results.mean ?? "–"}` })];
  }
  if (activity.kind === "ranking") return [bars(config.options, results.points, { unit: t.points })];
  return null;
}

export function countLine(results, t) {
  return results ? count(t.participants, results.participants) : "";
}

// Organisers write an activity's texts in Swedish and, optionally, English. One
// snapshot carries both to every screen; each shows its page's language and falls
// back to the other text where one is missing.
export function localise(activity) {
  const english = document.documentElement.lang === "en";
  const pick = (sv, en) => (english ? en || sv : sv || en) || "";
  const config = activity.config || {};
  const options = config.options || [];
  const optionsEn = (config.options_en || []).length === options.length ? config.options_en : [];
  return {
    ...activity,
    title: pick(activity.title, activity.title_en),
    config: {
      ...config,
      options: options.map((option, i) => pick(option, optionsEn[i])),
      min_label: pick(config.min_label, config.min_label_en),
      max_label: pick(config.max_label, config.max_label_en),
    },
  };
}

// A scored quiz question: a poll with points (only quiz questions, polls with a correct
// answer, have them; phones see the correct answer only after the reveal).
export function isScored(activity) {
  return activity.kind === "choice" && ((activity.config || {}).points || 0) > 0;
}

// A quiz's leaderboard: rank, nickname and points; equal points share a rank. `own`
// marks this phone's nickname.
export function leaderboardList(board, t, own = "") {
  if (!board.top.length) return el("p", { class: "live-note", text: t.no_scores });
  return el("ol", { class: "leaderboard" }, ...board.top.map((p) =>
    el("li", { class: p.nickname === own ? "leaderboard-row leaderboard-row--own" : "leaderboard-row" },
      el("span", { class: "leaderboard-rank", text: fmt(t.rank, { n: p.rank }) }),
      el("span", { class: "leaderboard-name", text: p.nickname }),
      el("span", { class: "leaderboard-points", text: count(t.points, p.points) }))));
}
