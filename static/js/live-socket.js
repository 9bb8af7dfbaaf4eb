// The live connection shared by the phone page and the projector: reconnects with
// exponential backoff and jitter, keeps the newest snapshot per activity (by version)
// and asks for a resync after every reconnect and every stage change.
const decoder = new TextDecoder();

export function strings() {
  return JSON.parse(document.getElementById("live-strings").textContent);
}

export function liveSession(code, { onChange, onState, onReply, query = "" }) {
  const state = { stage: null, stageVersion: -1, snapshots: new Map(), mine: new Map(), hello: null, announcements: new Map() };
  let socket = null;
  let attempt = 0;
  let refs = 0;
  const waiting = new Map();

  function open() {
    onState("connecting");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/${code}/ws${query}`);
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", () => {
      attempt = 0;
      onState("connected");
    });
    socket.addEventListener("message", (event) => {
      const text = typeof event.data === "string" ? event.data : decoder.decode(event.data);
      receive(JSON.parse(text));
    });
    socket.addEventListener("close", () => {
      onState("offline");
      for (const [, reject] of waiting.values()) reject({ code: "offline" });
      waiting.clear();
      const ceiling = Math.min(30000, 500 * 2 ** attempt);
      attempt += 1;
      setTimeout(open, ceiling / 2 + Math.random() * (ceiling / 2));
    });
  }

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
        const pending = waiting.get(message.ref);
        if (pending) {
          waiting.delete(message.ref);
          (message.type === "ack" ? pending[0] : pending[1])(message);
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
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  // Send a submission; resolves on its ack (after the server's commit), rejects on error.
  function submit(message) {
    refs += 1;
    const ref = `r${refs}`;
    return new Promise((resolve, reject) => {
      if (!send({ ...message, ref })) {
        reject({ code: "offline" });
        return;
      }
      waiting.set(ref, [resolve, reject]);
    });
  }

  open();
  return { state, submit, send };
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
