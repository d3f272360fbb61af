// The fix of each finding in the user's own library (fixFor() of the package), under the finding
// it fixes. The library chosen is remembered in localStorage (not in the link: it is a
// preference of the reader, not part of the token's state).
import { FIX_STACKS, fixFor } from "./pkg/index.browser.js";

const STORE = "jwt-doctor.fixStack";
const LABELS = { jose: "jose (Node, Workers)", jsonwebtoken: "jsonwebtoken", "fast-jwt": "fast-jwt", pyjwt: "PyJWT", hono: "hono/jwt", spring: "Spring Security" };

function remembered() {
  try {
    const v = localStorage.getItem(STORE);
    return FIX_STACKS.includes(v) ? v : "";
  } catch {
    return ""; // storage disabled: no memory, no error
  }
}

/** Fills the library selector, restores the remembered choice, calls `onChange` on a change. */
export function initFixes(select, onChange) {
  select.replaceChildren(new Option("none", ""), ...FIX_STACKS.map((s) => new Option(LABELS[s] ?? s, s)));
  select.value = remembered();
  select.addEventListener("change", () => {
    try {
      localStorage.setItem(STORE, select.value);
    } catch { /* storage disabled */ }
    onChange();
  });
}

/**
 * Adds the fix of the chosen library under each finding of the list that has one.
 * @param {{ options: object, jwksUrl?: string }} context the options inspected with, the JWKS URL field
 */
export function showFixes(list, select, report, context) {
  const stack = select.value;
  if (!stack || !report) return;
  for (const fix of fixFor(report, stack, context)) {
    const li = [...list.children].find((x) => x.dataset.code === fix.code);
    if (!li) continue;
    const box = document.createElement("div");
    box.className = "fix";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", `Fix for ${LABELS[stack]}`);
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = fix.snippet === null ? `${LABELS[stack]}: no code — ${fix.note}` : `Fix for ${LABELS[stack]}: ${fix.note}`;
    box.append(note);
    if (fix.snippet !== null) {
      const pre = document.createElement("pre");
      pre.tabIndex = 0;
      pre.setAttribute("aria-label", `${LABELS[stack]} ${fix.language}`);
      pre.textContent = fix.snippet;
      box.append(pre);
    }
    const details = li.querySelector("details");
    if (details) details.before(box);
    else li.append(box);
  }
}
