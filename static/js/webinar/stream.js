// The stream on the attendee's live page follows the agenda: the server says how many
// seconds the stream shown stays as it is (data-changes-in, then each answer of
// GET /<code>/stream); the page asks again then, and when the phone wakes up, and
// draws the stream of that moment (the markup of templates/webinar/_stream.html). A
// player that stays the same is left alone, so it keeps playing.
import { el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";

const LONGEST_WAIT = 6 * 3600; // seconds; setTimeout cannot wait for days
const RETRY = 30; // seconds, after a failed request

export function followStream(code) {
  const section = document.getElementById("stream");
  if (!section) return { refresh() {} }; // this participant sees no stream
  const holder = document.getElementById("stream-now");
  const t = strings();
  let shown = holder.querySelector("iframe")?.getAttribute("src") ?? holder.querySelector("a")?.getAttribute("href") ?? "";
  let timer = null;

  function draw(stream) {
    const key = stream ? stream.embed_url ?? stream.url : "";
    section.hidden = !stream;
    document.body.classList.toggle("live-phone--stream", Boolean(stream));
    if (key === shown) return;
    shown = key;
    holder.replaceChildren(...(stream ? parts(stream) : []));
  }

  function parts(stream) {
    const link = (cls, text) => el("a", { class: cls, href: stream.url, target: "_blank", rel: "noopener", text });
    if (stream.embed_url) {
      const frame = el("iframe", {
        src: stream.embed_url,
        title: t.stream_title,
        allow: "autoplay; encrypted-media; fullscreen; picture-in-picture",
        allowfullscreen: true,
        referrerpolicy: "strict-origin-when-cross-origin",
      });
      return [el("div", { class: "stream-player" }, frame), el("p", { class: "stream-open" }, link(null, t.stream_open))];
    }
    const label = { teams: t.stream_teams, zoom: t.stream_zoom }[stream.provider] ?? t.stream_link;
    return [el("p", { class: "stream-join" }, link("button", label))];
  }

  function wait(seconds) {
    clearTimeout(timer);
    if (seconds !== null) timer = setTimeout(refresh, Math.ceil(Math.min(seconds, LONGEST_WAIT) * 1000));
  }

  async function refresh() {
    try {
      const answer = await fetch(`/${encodeURIComponent(code)}/stream`, { headers: { accept: "application/json" } });
      if (!answer.ok) throw new Error(String(answer.status));
      const now = await answer.json();
      draw(now.stream);
      wait(now.changes_in);
    } catch {
      wait(RETRY);
    }
  }

  const first = section.dataset.changesIn;
  wait(first === "" ? null : Number(first));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refresh();
  });
  return { refresh };
}
