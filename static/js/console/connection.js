// The console's socket (lib/socket.js) and its two lines in the top bar: the
// connection's state, and the answer to the moderator's last action.
import { learnServerClock } from "../lib/countdown.js";
import { byId, setStatus } from "../lib/dom.js";
import { openSocket } from "../lib/socket.js";
import { strings } from "../lib/strings.js";
import { emit, receive } from "./store.js";

const t = strings();
let socket = null;

export function connect(slug) {
  socket = openSocket(`/console/${slug}/ws`, {
    greeting: "console",
    onState: (name) => {
      setStatus(byId("console-status"), t[name], name);
      if (name === "connected") socket.send({ type: "ping" }); // the server's clock, for countdowns
    },
    onMessage: (message) => {
      // An error that answers no action of this console (a refused connection, say).
      if (message.type === "error") say(message.message, true);
      else if (message.type === "pong") {
        learnServerClock(message.now);
        emit("clock");
      } else receive(message);
    },
  });
}

// Send an action; resolves with its ack (after the server's commit), or with null
// after showing why it failed (and handing a refusal to `onRefused`, which a form uses
// to show each field's error). Nothing waits for a reconnect: the moderator decides
// again when the console shows the current state.
export async function act(message, onRefused = null) {
  try {
    const ack = await socket.request(message);
    say(t.done);
    return ack;
  } catch (error) {
    say(error.offline ? t.offline : [error.message, error.detail].filter(Boolean).join(" "), true);
    if (!error.offline && onRefused) onRefused(error);
    return null;
  }
}

function say(text, isError = false) {
  const line = byId("console-feedback");
  line.textContent = text;
  line.dataset.kind = isError ? "error" : "ok";
}
