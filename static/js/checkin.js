// Check-in page: typed codes and camera scans go to the server as JSON, each scan
// with its own nonce. A scan whose answer never arrived is sent again with the SAME
// nonce, so the server counts it once. Without this script the page's forms work alone.
import { el } from "./lib/dom.js";
import { newNonce } from "./lib/nonce.js";
import { strings } from "./lib/strings.js";

const root = document.getElementById("checkin");
const t = strings();
const form = document.getElementById("code-form");
const codeInput = form.querySelector("input[name=code]");
const nonceInput = form.querySelector("input[name=nonce]");
const csrf = form.querySelector("input[name=_csrf_token]").value;
const result = document.getElementById("result");
const slug = root.dataset.slug;
const list = root.dataset.list;

function show(colour, message, person) {
  result.className = `result result--${colour}`;
  result.replaceChildren(el("p", { class: "result-message", text: message }));
  if (person) result.append(el("p", { class: "result-person", text: person }));
}

let pending = null; // a scan without an answer yet: {code, nonce}

async function send(code) {
  if (!pending || pending.code !== code) pending = { code, nonce: newNonce() };
  try {
    const response = await fetch(`/checkin/${slug}/scans`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrftoken": csrf },
      body: JSON.stringify({ nonce: pending.nonce, code, list }),
      credentials: "same-origin",
    });
    const body = await response.json();
    pending = null;
    if (!response.ok) {
      const errors = body.errors || {};
      show("red", errors.code || body.detail || body.title);
      return;
    }
    const person = [body.name, body.organisation].filter(Boolean).join(" · ");
    show(body.colour, body.message, person);
    if (body.outcome === "checked-in") refreshCounts();
  } catch {
    show("red", t.offline);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = codeInput.value.trim();
  if (!code) return;
  send(code).then(() => {
    codeInput.value = "";
    nonceInput.value = newNonce();
    codeInput.focus();
  });
});

async function refreshCounts() {
  try {
    const response = await fetch(`/checkin/${slug}/counts`, { credentials: "same-origin" });
    if (!response.ok) return;
    for (const count of await response.json()) {
      const item = document.querySelector(`#counts [data-key="${count.key}"]`);
      if (!item) continue;
      item.querySelector(".count-checked").textContent = count.checked_in;
      item.querySelector(".count-expected").textContent = count.expected;
    }
  } catch {
    // the next tick tries again
  }
}
setInterval(refreshCounts, 10000);

// The camera: the browser's own BarcodeDetector where there is one.
const camera = document.getElementById("camera");
if ("BarcodeDetector" in window) {
  camera.hidden = false;
  const toggle = document.getElementById("camera-toggle");
  const video = document.getElementById("camera-view");
  let stream = null;
  let detector = null;
  let last = { code: "", at: 0 };

  async function tick() {
    if (!stream) return;
    try {
      const codes = await detector.detect(video);
      const code = codes.length ? codes[0].rawValue.trim() : "";
      const now = Date.now();
      if (code && (code !== last.code || now - last.at > 4000)) {
        last = { code, at: now };
        await send(code);
      }
    } catch {
      // a frame that could not be read
    }
    setTimeout(tick, 250);
  }

  async function stop() {
    for (const track of stream ? stream.getTracks() : []) track.stop();
    stream = null;
    video.hidden = true;
    toggle.textContent = t.scan;
  }

  toggle.addEventListener("click", async () => {
    if (stream) return stop();
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch {
      show("red", t.no_camera);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    toggle.textContent = t.stop;
    tick();
  });
}

// After a search the results are in view (the form's #found) and take the focus, so
// a screen reader reads them and the next Tab reaches their first button.
const found = document.getElementById("found");
if (found && location.hash === "#found") found.focus();

root.dataset.ready = "true";
