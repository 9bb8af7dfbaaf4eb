// The one websocket client of every live page (phone, projector, console).
// - Reconnects with exponential backoff and jitter; the backoff starts again once the
//   server has greeted (its first message of type `greeting`), so a socket refused
//   after opening (too many open, 4429) keeps backing off.
// - Stale-socket guard: events of a socket that is no longer the current one are
//   ignored, so an old socket closing late never drops a newer connection.
// - Offline/online: a browser that knows it is offline drops the socket at once
//   instead of waiting for a timeout, and reconnects as soon as it is back.
// - Replies: `request` sends once and settles on the answer with its `ref` (rejects
//   with {offline: true} when there is no connection or it drops first); `submit`
//   adds a nonce and waits for its ack, resending after every reconnect with the same
//   nonce so the server counts it once (docs/protocol.md).
// Every other message goes to `onMessage`; the connection's state ("connecting",
// "connected", "offline") to `onState`.
import { newNonce } from "./nonce.js";

const decoder = new TextDecoder();
const MAX_DELAY_MS = 30000;
const FIRST_DELAY_MS = 500;

export function openSocket(path, { greeting, onMessage, onState }) {
  let socket = null;
  let connected = false;
  let attempt = 0;
  let refs = 0;
  let retry = null;
  const requests = new Map(); // ref -> {resolve, reject}: answered or dropped with the socket
  const submissions = new Map(); // ref -> {message, resolve, reject}: kept until answered

  function open() {
    clearTimeout(retry);
    onState("connecting");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${path}`);
    socket = ws;
    ws.binaryType = "arraybuffer";
    ws.addEventListener("open", () => {
      if (ws !== socket) return;
      connected = true;
      onState("connected");
      for (const entry of submissions.values()) ws.send(JSON.stringify(entry.message));
    });
    ws.addEventListener("message", (event) => {
      if (ws !== socket) return;
      const text = typeof event.data === "string" ? event.data : decoder.decode(event.data);
      receive(JSON.parse(text));
    });
    ws.addEventListener("close", () => {
      if (ws === socket) lost();
    });
  }

  // The socket is gone: drop what asked once, keep submissions, and reconnect when
  // that can work.
  function lost() {
    socket = null;
    connected = false;
    for (const { reject } of requests.values()) reject({ offline: true });
    requests.clear();
    onState("offline");
    clearTimeout(retry);
    if (!navigator.onLine) return; // the "online" event reconnects
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
    attempt += 1;
    retry = setTimeout(open, ceiling / 2 + Math.random() * (ceiling / 2));
  }

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
    if (message.type === greeting) attempt = 0;
    if (message.type === "ack" || message.type === "error") {
      const entry = requests.get(message.ref) || submissions.get(message.ref);
      if (entry) {
        requests.delete(message.ref);
        submissions.delete(message.ref);
        (message.type === "ack" ? entry.resolve : entry.reject)(message);
        return;
      }
    }
    onMessage(message);
  }

  function send(message) {
    if (connected && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function nextRef() {
    refs += 1;
    return `r${refs}`;
  }

  function request(message) {
    const ref = nextRef();
    return new Promise((resolve, reject) => {
      if (!send({ ...message, ref })) {
        reject({ offline: true });
        return;
      }
      requests.set(ref, { resolve, reject });
    });
  }

  function submit(message) {
    const entry = { message: { ...message, ref: nextRef(), nonce: newNonce() } };
    return new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
      submissions.set(entry.message.ref, entry);
      send(entry.message);
    });
  }

  open();
  return {
    send,
    request,
    submit,
    isConnected: () => connected,
    unsent: () => (connected ? 0 : submissions.size),
  };
}
