// The live connection shared by the phone page and the projector: reconnects with
// exponential backoff and jitter, keeps the newest snapshot per activity (by version)
// and asks for a resync after every reconnect and every stage change.
// Submissions wait until their ack: one made offline, or in flight when the socket
// dropped, is sent again after the reconnect with the same nonce, so the server
// counts it once (docs/protocol.md).
const decoder = new TextDecoder();

// 16 random bytes in hex (crypto.randomUUID needs a secure context; this does not).
function newNonce() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function strings() {
  return JSON.parse(document.getElementById("live-strings").textContent);
}

export function liveSession(code, { onChange, onState, onReply, query = "" }) {
  const state = { stage: null, stageVersion: -1, snapshots: new Map(), mine: new Map(), hello: null, announcements: new Map() };
  let socket = null;
  let connected = false;
  let attempt = 0;
  let refs = 0;
  let retry = null;
  // Submissions without an answer yet, by ref, in the order they were made.
  const waiting = new Map();

  function open() {
    clearTimeout(retry);
    onState("connecting");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/${code}/ws${query}`);
    socket = ws;
    ws.binaryType = "arraybuffer";
    ws.addEventListener("open", () => {
      if (ws !== socket) return;
      connected = true;
      onState("connected");
      for (const entry of waiting.values()) ws.send(JSON.stringify(entry.message));
    });
    ws.addEventListener("message", (event) => {
      if (ws !== socket) return;
      const text = typeof event.data === "string" ? event.data : decoder.decode(event.data);
      const message = JSON.parse(text);
      // Working once greeted: a socket refused after opening (too many open, 4429)
      // keeps backing off instead of retrying at once.
      if (message.type === "hello") attempt = 0;
      receive(message);
    });
    ws.addEventListener("close", () => {
      if (ws === socket) lost();
    });
  }

  // The socket is gone: keep what waits for an ack, and reconnect when it can work.
  function lost() {
    socket = null;
    connected = false;
    onState("offline");
    clearTimeout(retry);
    if (!navigator.onLine) return; // the "online" event reconnects
    const ceiling = Math.min(30000, 500 * 2 ** attempt);
    attempt += 1;
    retry = setTimeout(open, ceiling / 2 + Math.random() * (ceiling / 2));
  }

  // A phone that knows it is offline drops the socket at once instead of waiting for
  // a timeout, and reconnects as soon as it is back.
  window.addEventListener("offline", () => {
    if (!socket) return;
    const old = socket;
    lost();
    old.close();
  });
  window.addEventListener("online", () => {
    if (socket) return;
    attempt = 0;
    open();
  });

  function receive(message) {
    switch (message.type) {
      case "hello":
        state.hello = message;
        break;
      case "stage":
        if (message.version < state.stageVersion) return;
        if (message.activity !== state.stage && message.activity !== null) {
          send({ type: "sync", activity: message.activity });
        }
        state.stage = message.activity;
        state.stageVersion = message.version;
        break;
      case "snapshot": {
        const known = state.snapshots.get(message.activity.id);
        if (known && known.version > message.version) return;
        state.snapshots.set(message.activity.id, message);
        break;
      }
      case "mine":
        state.mine.set(message.activity, message);
        break;
      case "announcement":
        state.announcements.set(message.id, message);
        break;
      case "ack":
      case "error": {
        const entry = waiting.get(message.ref);
        if (entry) {
          waiting.delete(message.ref);
          (message.type === "ack" ? entry.resolve : entry.reject)(message);
        } else if (onReply) {
          onReply(message);
        }
        return;
      }
      default:
        return;
    }
    onChange(state, message);
  }

  function send(message) {
    if (connected && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  // Send a submission; resolves on its ack (after the server's commit), rejects on an
  // error. Offline, it waits and goes out after the reconnect.
  function submit(message) {
    refs += 1;
    const entry = { message: { ...message, ref: `r${refs}`, nonce: newNonce() } };
    return new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
      waiting.set(entry.message.ref, entry);
      send(entry.message);
    });
  }

  open();
  return {
    state,
    submit,
    send,
    isConnected: () => connected,
    unsent: () => (connected ? 0 : waiting.size),
  };
}

export function setStatus(element, text, stateName) {
  element.dataset.state = stateName;
  element.textContent = text;
}

// Active announcements, newest first, without those this browser dismissed.
export function announcements(state, { projectorOnly = false } = {}) {
  const dismissed = new Set(JSON.parse(localStorage.getItem("eventday-dismissed") || "[]"));
  return [...state.announcements.values()]
    .filter((a) => a.active && !dismissed.has(a.id) && (!projectorOnly || a.projector))
    .sort((a, b) => b.id - a.id);
}

export function dismiss(id) {
  const dismissed = JSON.parse(localStorage.getItem("eventday-dismissed") || "[]");
  localStorage.setItem("eventday-dismissed", JSON.stringify([...dismissed, id].slice(-50)));
}
