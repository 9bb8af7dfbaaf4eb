// The projector: the stage's results, large and high-contrast, updating live.
import { announcements } from "./lib/announcements.js";
import { countdown } from "./lib/countdown.js";
import { el, setStatus } from "./lib/dom.js";
import { liveSession } from "./lib/live-session.js";
import { chart, cloud, countLine, leaderboardList, localise } from "./lib/results.js";
import { count as plural, strings } from "./lib/strings.js";

const t = strings();
const screen = document.getElementById("screen");
const title = document.getElementById("screen-title");
const body = document.getElementById("screen-body");
const count = document.getElementById("screen-count");
const statusLine = document.getElementById("live-status");
let shown = null;

const session = liveSession(screen.dataset.code, {
  onState: (name) => setStatus(statusLine, t[name], name),
  onChange: render,
});

const notice = el("p", { class: "screen-announcement", role: "status" });
title.before(notice);
const timerHolder = el("div", { class: "screen-countdown" });
title.after(timerHolder);
const timer = countdown(timerHolder, t);

function render() {
  const latest = announcements(session.state, { projectorOnly: true })[0];
  notice.textContent = latest ? latest.text : "";
  const state = session.state;
  if (state.leaderboard) {
    title.textContent = t.leaderboard;
    count.textContent = playersLine(state.leaderboard);
    body.replaceChildren(leaderboardList(state.leaderboard, t));
    shown = "leaderboard";
    return;
  }
  const snapshot = state.stage === null ? null : state.snapshots.get(state.stage);
  timer.show(snapshot ? snapshot.activity : null);
  if (!snapshot) {
    if (shown !== "waiting") body.replaceChildren(el("p", { class: "screen-waiting", text: t.waiting }));
    shown = "waiting";
    count.textContent = "";
    return;
  }
  const activity = localise(snapshot.activity);
  const data = snapshot.results;
  title.textContent = activity.title;
  count.textContent = countLine(data, t);
  const kindKey = `${activity.id}:${Boolean(data)}`;
  if (shown !== kindKey) {
    body.replaceChildren();
    shown = kindKey;
  }
  if (!data) {
    body.replaceChildren(el("p", { class: "screen-waiting", text: t.results_hidden }));
    return;
  }
  const drawn = chart(activity, data, t);
  if (activity.kind === "wordcloud") {
    cloud(body, data, t.cloud_list);
  } else if (drawn) {
    body.replaceChildren(...drawn);
  } else if (activity.kind === "ideas") {
    body.replaceChildren(topList(data.ideas.slice(0, 6)));
  } else if (activity.kind === "open_text") {
    body.replaceChildren(wall(data.answers.slice(0, 12)));
  } else {
    const pinned = data.questions.find((q) => q.pinned);
    const rest = data.questions.filter((q) => !q.pinned && !q.answered).slice(0, pinned ? 3 : 5);
    // replaceChildren would show a null as the text "null": only what is there.
    const shown = [topList(rest)];
    if (pinned) {
      shown.unshift(el("blockquote", { class: "pinned" }, el("p", { class: "pinned-label", text: t.pinned }),
        el("p", { class: "pinned-text", text: pinned.text }),
        el("p", { class: "pinned-name", text: pinned.name || t.anonymous })));
    }
    body.replaceChildren(...shown);
  }
}

function topList(items) {
  if (!items.length) return el("p", { class: "screen-waiting", text: t.nothing_yet });
  return el("ol", { class: "top-list" }, ...items.map((item) =>
    el("li", {}, el("span", { class: "top-votes", text: String(item.votes) }), el("span", { text: item.text }))));
}

// The open-text wall: the newest approved answers as cards.
function wall(answers) {
  if (!answers.length) return el("p", { class: "screen-waiting", text: t.nothing_yet });
  return el("ul", { class: "screen-wall" }, ...answers.map((x) =>
    el("li", {}, el("span", { text: x.text }), x.count > 1 ? el("span", { class: "top-votes", text: `×${x.count}` }) : null)));
}

function playersLine(board) {
  return plural(t.players, board.players);
}
