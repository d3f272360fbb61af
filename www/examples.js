// Example buttons: scenarios from examples/examples.json (generated once with real keys by
// examples/generate.mjs; committed data). Loading them is a request to this page's own origin.
import { el } from "./render.js";

/**
 * Fills `list` with one button per example.
 * @param {HTMLElement} list
 * @param {(example: object) => void} onPick
 */
export async function loadExamples(list, onPick) {
  const res = await fetch(new URL("./examples/examples.json", import.meta.url));
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const { examples } = await res.json();
  list.replaceChildren();
  for (const ex of examples) {
    const button = el("button", { type: "button", text: ex.label, title: ex.description, "data-example": ex.id });
    button.addEventListener("click", () => onPick(ex));
    list.append(el("li", {}, button));
  }
  return examples;
}
