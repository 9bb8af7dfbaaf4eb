// Announcements on the phone and the projector: the active ones, newest first,
// without those this browser dismissed (remembered in localStorage, the newest 50).
const KEY = "eventday-dismissed";

function dismissed() {
  return JSON.parse(localStorage.getItem(KEY) || "[]");
}

export function announcements(state, { projectorOnly = false } = {}) {
  const gone = new Set(dismissed());
  return [...state.announcements.values()]
    .filter((a) => a.active && !gone.has(a.id) && (!projectorOnly || a.projector))
    .sort((a, b) => b.id - a.id);
}

export function dismiss(id) {
  localStorage.setItem(KEY, JSON.stringify([...dismissed(), id].slice(-50)));
}
