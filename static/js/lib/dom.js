// DOM helpers: elements built from attributes and children (text is always set as
// text, never parsed as markup), the small button every page uses, and the
// connection status line.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export const byId = (id) => document.getElementById(id);

// A small button; `pressed` (true/false) makes it a toggle (aria-pressed).
export function button(label, onClick, { cls = "", pressed = null, disabled = false, title = null } = {}) {
  const b = el("button", { type: "button", class: `button button--small ${cls}`.trim(), text: label, disabled, title });
  if (pressed !== null) b.setAttribute("aria-pressed", String(pressed));
  b.addEventListener("click", onClick);
  return b;
}

// The connection's state on a status line: data-state for styles and tests, the text
// for people.
export function setStatus(element, text, stateName) {
  element.dataset.state = stateName;
  element.textContent = text;
}
