// Versions only grow: a stage or snapshot message older than the one held (a late
// frame, or one sent again after a reconnect) is dropped. Shared by the live session
// (phone, projector) and the console.
export function newerStage(state, message) {
  return message.version >= state.stageVersion;
}

export function newerSnapshot(state, message) {
  const known = state.snapshots.get(message.activity.id);
  return !known || known.version <= message.version;
}
