// The compare view: the same token through two or three verifier configurations, one column
// each, rows whose status differs marked in text ("differs") and colour.
import { CHECK_LABELS, allOf, causeOf, causeText, el, listText, statusOf, verdictOf } from "./render.js";

export const MAX_EXTRA = 2;
export const FORM_NAME = "Verifier 1 (the form)";
export const VERIFIER_FIELDS = ["name", "keyKind", "secretEncoding", "key", "algorithms", "issuer", "audience", "subject", "typ", "leeway", "clockOffset"];

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
  const box = fs.querySelector('[data-link="box"]');
  const warning = fs.querySelector('[data-link="warning"]');
  box.id = `${id}-linkKey`;
  warning.id = `${id}-link-warning`;
  box.setAttribute("aria-describedby", warning.id);
  // this verifier's own choice for its own key (see linkkey.js): from a link, or a click
  fs.linkChoice = values.linkChoice ?? null;
  box.addEventListener("change", () => {
    fs.linkChoice = { on: box.checked, key: fs.querySelector('[data-name="key"]').value };
  });
  setValues(fs, values);
  fs.addEventListener("input", hooks.onInput);
  fs.addEventListener("change", hooks.onInput);
  fs.querySelector('[data-action="remove"]').addEventListener("click", () => hooks.onRemove(fs));
  fs.querySelector('[data-action="copy"]').addEventListener("click", () => {
    // the form has no name: the verifier keeps its own
    setValues(fs, { ...hooks.copyFrom(), name: readValues(fs).name });
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

/** "Verifier 2", or "Verifier 2: staging" once it has a name. The form is verifier 1. */
export function verifierName(values, index) {
  const name = (values.name ?? "").trim();
  return name ? `Verifier ${index + 2}: ${name}` : `Verifier ${index + 2}`;
}

/** Renumbers (and renames) the legends after a verifier is added, removed or named. */
export function renumber(container) {
  [...container.children].forEach((fs, i) => {
    fs.querySelector("legend").textContent = verifierName(readValues(fs), i);
  });
}

/**
 * The answer of each column in words, as the CLI's compare prints it: who accepts, and who
 * rejects with which code.
 * @returns {string[]}
 */
export function answers(columns) {
  const accepted = columns.filter((c) => c.report?.valid);
  if (accepted.length === columns.length) return [`Accepted by ${allOf(columns.length, "verifier")}.`];
  const lines = [];
  if (accepted.length) lines.push(`Accepted by ${listText(accepted.map((c) => c.name))}.`);
  for (const c of columns) {
    if (c.report?.valid) continue;
    if (!c.report) {
      lines.push(`${c.name} could not run: ${c.error ?? "no report"}`);
      continue;
    }
    const cause = causeOf(c.report);
    const by = verdictOf(c.report).state === "warn" ? "Not verified by" : "Rejected by";
    lines.push(cause ? `${by} ${c.name} with ${causeText(cause)}` : `${by} ${c.name}: the signature was not verified`);
  }
  return lines;
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
  const verdicts = columns.map((c) => (c.report ? verdictOf(c.report) : null));
  const words = verdicts.map((v) => v?.text.toLowerCase() ?? "not analysed");
  const vDiff = new Set(words).size > 1;
  const ICON_STATUS = { valid: "pass", invalid: "fail", warn: "warn" };
  body.append(el("tr", { class: vDiff ? "differs" : "" },
    el("th", { scope: "row", text: "Verdict" }),
    ...columns.map((c, i) => el("td", { "data-status": ICON_STATUS[verdicts[i]?.state] ?? "skip" },
      el("span", { class: "icon", "aria-hidden": "true", text: `${verdicts[i]?.icon ?? "–"} ` }),
      words[i], c.error ? el("small", { text: ` (${c.error})` }) : null)),
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
        const st = statusOf(k.status);
        return el("td", { "data-status": k.status },
          el("span", { class: "icon", "aria-hidden": "true", text: `${st.icon} ` }), st.text,
          k.code ? el("code", { text: ` ${k.code}` }) : null);
      }),
      el("td", { class: "same", text: diff ? "differs" : "same" })));
  }
  table.append(body);
  host.append(table, el("ul", { class: "answers", "aria-label": "Which verifiers accept the token" },
    answers(columns).map((line) => el("li", { text: line }))));
}
