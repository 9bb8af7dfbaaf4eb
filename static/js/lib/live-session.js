// What the phone page and the projector know of the live session, kept over the one
// socket (lib/socket.js): the stage (with a quiz leaderboard when one is shown, and
// whether the evaluation runs live), the newest snapshot per activity, this phone's
// own answers ("mine") and the announcements. After every stage change to another
// activity it asks for that activity's snapshot (a resync), and for those kept
// reachable beside the stage (`always_open`) once per connection.
import { learnServerClock } from "./countdown.js";
import { newerSnapshot, newerStage } from "./live-state.js";
import { openSocket } from "./socket.js";

export function liveSession(code, { onChange, onState, onReply }) {
  const state = { stage: null, stageVersion: -1, leaderboard: null, alwaysOpen: [], evaluation: false, snapshots: new Map(), mine: new Map(), hello: null, announcements: new Map() };
  const socket = openSocket(`/${code}/ws`, { greeting: "hello", onMessage: receive, onState });
  let synced = new Set(); // always-open activities asked for on this connection

  // What stays reachable beside the stage: asked for once per connection (then its
  // snapshots come from the event's channel like the stage's).
  function syncAlwaysOpen() {
    for (const id of state.alwaysOpen) {
      if (id === state.stage || synced.has(id)) continue;
      synced.add(id);
      socket.send({ type: "sync", activity: id });
    }
  }

  function receive(message) {
    switch (message.type) {
      case "hello":
        state.hello = message;
        learnServerClock(message.now);
        synced = new Set();
        break;
      case "pong":
        learnServerClock(message.now);
        return;
      case "stage":
        if (!newerStage(state, message)) return;
        if (message.activity !== state.stage && message.activity !== null) {
          socket.send({ type: "sync", activity: message.activity });
        }
        state.stage = message.activity;
        state.stageVersion = message.version;
        state.evaluation = Boolean(message.evaluation);
        state.leaderboard = message.leaderboard || null;
        state.alwaysOpen = message.always_open || [];
        syncAlwaysOpen();
        break;
      case "snapshot":
        if (!newerSnapshot(state, message)) return;
        state.snapshots.set(message.activity.id, message);
        break;
      case "mine":
        state.mine.set(message.activity, message);
        break;
      case "announcement":
        state.announcements.set(message.id, message);
        break;
      case "error": // an error that answers no submission of this page
        if (onReply) onReply(message);
        return;
      default:
        return;
    }
    onChange(state, message);
  }

  return { state, submit: socket.submit, send: socket.send, unsent: socket.unsent };
}
