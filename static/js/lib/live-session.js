// What the phone page and the projector know of the live session, kept over the one
// socket (lib/socket.js): the stage (and whether the evaluation runs live), the newest snapshot per activity, this phone's
// own answers ("mine") and the announcements. After every stage change to another
// activity it asks for that activity's snapshot (a resync).
import { newerSnapshot, newerStage } from "./live-state.js";
import { openSocket } from "./socket.js";

export function liveSession(code, { onChange, onState, onReply }) {
  const state = { stage: null, stageVersion: -1, evaluation: false, snapshots: new Map(), mine: new Map(), hello: null, announcements: new Map() };
  const socket = openSocket(`/${code}/ws`, { greeting: "hello", onMessage: receive, onState });

  function receive(message) {
    switch (message.type) {
      case "hello":
        state.hello = message;
        break;
      case "stage":
        if (!newerStage(state, message)) return;
        if (message.activity !== state.stage && message.activity !== null) {
          socket.send({ type: "sync", activity: message.activity });
        }
        state.stage = message.activity;
        state.stageVersion = message.version;
        state.evaluation = Boolean(message.evaluation);
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
