// The compare view: the same token through two or three verifier configurations, one column
// each, rows whose status differs marked in text ("differs") and colour.
import { CHECK_LABELS, STATUS, el } from "./render.js";

export const MAX_EXTRA = 2;
export const VERIFIER_FIELDS = ["keyKind", "secretEncoding", "key", "algorithms", "issuer", "audience", "subject", "typ", "leeway", "clockOffset"];

let serial = 0;

/**
 * Creates the fieldset of one extra verifier from the template.
 * @param {object} values  initial field values
 * @param {{onInput: () => void, onRemove: (fs: HTMLElement) => void, copyFrom: () => object}} hooks
 */
export function createVerifier(values, hooks) {
  const fs = document.getElementById("tpl-verifier").content.firstElementChild.cloneNode(true);
  const id = `v${++serial}`;
  for (const label of fs.querySelectorAll("label[data-for]")) {
    const name = label.dataset.for;
    const input = fs.querySelector(`[data-name="${name}"]`);
    input.id = `${id}-${name}`;
    input.name = `${id}-${name}`;
    label.htmlFor = input.id;
  }
  setValues(fs, values);
  fs.addEventListener("input", hooks.onInput);
  fs.addEventListener("change", hooks.onInput);
  fs.querySelector('[data-action="remove"]').addEventListener("click", () => hooks.onRemove(fs));
  fs.querySelector('[data-action="copy"]').addEventListener("click", () => {
    setValues(fs, hooks.copyFrom());
    hooks.onInput();
  });
  return fs;
}

export function setValues(fs, values = {}) {
  for (const name of VERIFIER_FIELDS) {
    const input = fs.querySelector(`[data-name="${name}"]`);
    let v = values[name];
    if (Array.isArray(v)) v = v.join(" ");
    if (v === undefined || v === null) v = input.tagName === "SELECT" ? input.options[0].value : "";
    input.value = String(v);
  }
}

export function readValues(fs) {
  const out = {};
  for (const name of VERIFIER_FIELDS) {
    const v = fs.querySelector(`[data-name="${name}"]`).value;
    if (v !== "" && !(name === "keyKind" && v === "auto") && !(name === "secretEncoding" && v === "utf8")) out[name] = v;
  }
  return out;
}

/** Renumbers the legends: the form is verifier 1. */
export function renumber(container) {
  [...container.children].forEach((fs, i) => {
    fs.querySelector("legend").textContent = `Verifier ${i + 2}`;
  });
}

/**
 * @param {HTMLElement} host
 * @param {{name: string, report: object|null, error?: string}[]} columns
 */
export function renderCompare(host, columns) {
  host.replaceChildren();
  if (columns.length < 2) return;
  const table = el("table", { class: "compare" });
  table.append(el("caption", { text: `The token through ${columns.length} verifiers: rows that differ are marked “differs”.` }));
  const head = el("tr", {}, el("th", { scope: "col", text: "Check" }), ...columns.map((c) => el("th", { scope: "col", text: c.name })), el("th", { scope: "col", text: "Same?" }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  const verdictOf = (c) => (c.report ? (c.report.valid ? "valid" : "invalid") : "not analysed");
  const verdicts = columns.map(verdictOf);
  const vDiff = new Set(verdicts).size > 1;
  body.append(el("tr", { class: vDiff ? "differs" : "" },
    el("th", { scope: "row", text: "Verdict" }),
    ...columns.map((c, i) => el("td", { "data-status": c.report ? (c.report.valid ? "pass" : "fail") : "skip" },
      el("span", { class: "icon", "aria-hidden": "true", text: c.report ? (c.report.valid ? "✓ " : "✗ ") : "– " }),
      verdicts[i], c.error ? el("small", { text: ` (${c.error})` }) : null)),
    el("td", { class: "same", text: vDiff ? "differs" : "same" })));
  const names = columns.find((c) => c.report)?.report.checks.map((c) => c.check) ?? [];
  for (const check of names) {
    const cells = columns.map((c) => c.report?.checks.find((k) => k.check === check) ?? null);
    const statuses = cells.map((k) => k?.status ?? "none");
    const diff = new Set(statuses).size > 1;
    body.append(el("tr", { class: diff ? "differs" : "" },
      el("th", { scope: "row", text: CHECK_LABELS[check] ?? check }),
      ...cells.map((k) => {
        if (!k) return el("td", { text: "—" });
        const st = STATUS[k.status] ?? { icon: "?", text: k.status };
        return el("td", { "data-status": k.status },
          el("span", { class: "icon", "aria-hidden": "true", text: `${st.icon} ` }), st.text,
          k.code ? el("code", { text: ` ${k.code}` }) : null);
      }),
      el("td", { class: "same", text: diff ? "differs" : "same" })));
  }
  table.append(body);
  host.append(table);
}
