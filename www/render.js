// Draws a report into the page: verdict, token by part, key, checklist, findings, decoded view.
// Everything goes through textContent / DOM nodes: token and claim text is never parsed as HTML.
import { duration, relative as fromNow } from "./pkg/words.js";

export const CHECK_LABELS = {
  format: "Format and transport",
  algorithm: "Algorithm",
  key: "Key",
  signature: "Signature",
  exp: "Expiry (exp)",
  nbf: "Not before (nbf)",
  iat: "Issued at (iat)",
  iss: "Issuer (iss)",
  aud: "Audience (aud)",
  sub: "Subject (sub)",
  typ: "Type (typ)",
  required: "Required claims",
  crit: "Critical headers (crit)",
};

// "unchecked": the check had nothing to compare with (no issuer, audience, subject or typ
// configured, no key given). It is not a pass, so it never gets the ✓.
export const STATUS = {
  pass: { icon: "✓", text: "pass" },
  fail: { icon: "✗", text: "fail" },
  warn: { icon: "!", text: "warning" },
  skip: { icon: "–", text: "skipped" },
  unchecked: { icon: "○", text: "not checked" },
};

/** The icon and words for a check status, including ones this page does not know yet. */
export function statusOf(status) {
  return STATUS[status] ?? { icon: "?", text: status };
}

/** "1 key", "3 keys"; `many` when the plural is not word + "s". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "the 1 verifier", "both verifiers", "all 3 verifiers". */
export function allOf(n, one, many = `${one}s`) {
  if (n === 1) return `the 1 ${one}`;
  return n === 2 ? `both ${many}` : `all ${n} ${many}`;
}

/** "a", "a and b", "a, b and c". */
export function listText(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

const SEVERITY_TEXT = { error: "Error", warning: "Warning", info: "Info" };

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "for" || k === "id") e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

function fromTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

export { duration };

/** "in 5 min" / "3 h 12 min ago" / "now", for instant `t` seen at `now` (seconds). */
export function relative(t, now) {
  return fromNow(t - now);
}

export function iso(seconds) {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return "out of range";
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

export function nowSeconds(report) {
  const ms = Date.parse(report?.times?.now ?? "");
  return Number.isFinite(ms) ? ms / 1000 : Math.floor(Date.now() / 1000);
}

// --- verdict ------------------------------------------------------------------------------------
/**
 * The finding the verdict is about, or null when the token is valid: the core's `report.cause`
 * when it gives one, else the first error; an invalid report without an error (no key given)
 * is about signature_unchecked. The one place that decides the headline (the compare view and
 * the copied report ask it too).
 */
export function causeOf(report) {
  if (!report || report.valid) return null;
  return report.cause
    ?? report.findings.find((f) => f.severity === "error")
    ?? report.findings.find((f) => f.code === "signature_unchecked")
    ?? null;
}

/** The cause in one line of text: "code: message", or "error — explained by code: message". */
export function causeText(cause) {
  return cause.explains
    ? `${cause.explains} — explained by ${cause.code}: ${cause.message}`
    : `${cause.code}: ${cause.message}`;
}

/** The verdict: its state (how the box is drawn), icon and word ("Valid", "Invalid", "Not verified"). */
export function verdictOf(report) {
  if (report.valid) return { state: "valid", icon: "✓", text: "Valid" };
  if (causeOf(report)?.code === "signature_unchecked") return { state: "warn", icon: "!", text: "Not verified" };
  return { state: "invalid", icon: "✗", text: "Invalid" };
}

/** What a valid report verified, and which checks it did not run. */
export function validSummary(report) {
  const s = report.signature;
  const by = { pass: [], unchecked: [], skip: [] };
  for (const c of report.checks) by[c.status]?.push(CHECK_LABELS[c.check] ?? c.check);
  const lines = [`signature verified (${s.alg}${s.kid ? `, kid ${s.kid}` : ""}); ${plural(by.pass.length, "check")} passed`];
  if (by.unchecked.length) lines.push(`not checked, nothing configured to compare with: ${listText(by.unchecked)}`);
  if (by.skip.length) lines.push(`skipped: ${listText(by.skip)}`);
  return lines;
}

export function renderVerdict(box, report, problems = []) {
  box.replaceChildren();
  if (!report) {
    box.dataset.state = problems.length ? "error" : "empty";
    box.append(el("p", { class: "verdict-title", text: problems.length ? "Cannot analyse" : "Paste a token to start." }));
    for (const p of problems) box.append(el("p", { class: "verdict-cause", text: p }));
    return;
  }
  const verdict = verdictOf(report);
  const cause = causeOf(report);
  box.dataset.state = verdict.state;
  box.append(el("p", { class: "verdict-title", text: `${verdict.icon} ${verdict.text}` }));
  if (cause?.explains) {
    box.append(el("p", { class: "verdict-cause" }, "Main cause: ", el("code", { text: cause.explains }),
      " — explained: ", el("strong", { text: cause.message }), " ", el("code", { text: cause.code })));
  } else if (cause) {
    box.append(el("p", { class: "verdict-cause" }, "Main cause: ", el("strong", { text: cause.message }), " ", el("code", { text: cause.code })));
  } else {
    for (const line of validSummary(report)) box.append(el("p", { class: "verdict-cause", text: line }));
  }
  if (cause?.hint) box.append(el("p", { class: "verdict-hint", text: `Fix: ${cause.hint}` }));
  const others = report.findings.filter((f) => f.code !== cause?.code).length;
  if (others > 0) box.append(el("p", { class: "verdict-more", text: `${plural(others, "more finding")} below.` }));
  for (const p of problems) box.append(el("p", { class: "verdict-cause", text: `Note: ${p}` }));
}

// --- token by part ------------------------------------------------------------------------------
const JSON_OFFSET_CODES = new Set(["invalid_json", "duplicate_member", "json_too_deep", "payload_not_object"]);

/**
 * Where a finding points in the displayed token: [start, end) in `shown`, or null.
 * `prefixLen` is the length of a stripped "Bearer " / "Authorization: Bearer " prefix.
 */
export function markFor(finding, shown, prefixLen) {
  const d = finding.detail ?? {};
  const body = shown.slice(prefixLen);
  const partIndex = { header: 0, payload: 1, signature: 2 }[d.part];
  if (typeof d.tokenOffset === "number") {
    const at = prefixLen + d.tokenOffset;
    return at < shown.length ? [at, at + 1] : null;
  }
  if (typeof d.offset !== "number") return null;
  if (partIndex !== undefined) {
    const parts = body.split(".");
    if (partIndex >= parts.length) return null;
    const start = prefixLen + parts.slice(0, partIndex).reduce((n, p) => n + p.length + 1, 0);
    const len = parts[partIndex].length;
    if (JSON_OFFSET_CODES.has(finding.code)) {
      // The offset is a byte of the decoded JSON: mark the 4-character base64url group holding it.
      const g = Math.floor(d.offset / 3) * 4;
      if (g >= len) return null;
      return [start + g, start + Math.min(g + 4, len)];
    }
    if (d.offset >= len) return null;
    return [start + d.offset, start + d.offset + 1];
  }
  // Transit findings (whitespace, …) count from the start of the text as received.
  return d.offset < shown.length ? [d.offset, d.offset + 1] : null;
}

export function renderToken(pre, meta, shown, prefixLen, report) {
  pre.replaceChildren();
  const marks = [];
  for (const f of report.findings) {
    const m = markFor(f, shown, prefixLen);
    if (m) marks.push({ range: m, finding: f });
  }
  // classes per character: which part, and whether marked
  const classes = new Array(shown.length);
  let part = 0;
  for (let i = 0; i < shown.length; i++) {
    if (i < prefixLen) classes[i] = "p-prefix";
    else if (shown[i] === ".") {
      classes[i] = "p-dot";
      part++;
    } else classes[i] = ["p-header", "p-payload", "p-signature", "p-extra"][Math.min(part, 3)];
  }
  const marked = new Array(shown.length).fill(null);
  for (const { range: [a, b], finding } of marks) for (let i = a; i < b && i < shown.length; i++) marked[i] ??= finding;
  let i = 0;
  while (i < shown.length) {
    let j = i + 1;
    while (j < shown.length && classes[j] === classes[i] && marked[j] === marked[i]) j++;
    const text = shown.slice(i, j);
    const span = el("span", { class: classes[i], text });
    if (marked[i]) {
      const f = marked[i];
      pre.append(el("mark", { title: `${f.code}: ${f.message}` }, span));
    } else pre.append(span);
    i = j;
  }
  const bits = [plural(report.token.bytes, "byte")];
  if (report.token.repaired?.length) bits.push(`repaired for analysis: ${report.token.repaired.join(", ")}`);
  const legend = document.getElementById("legend-mark");
  if (legend) legend.hidden = marks.length === 0;
  if (marks.length) {
    bits.push(`marked: ${marks.map(({ range: [a], finding }) => `${finding.code} at character ${a}`).join("; ")}`);
  }
  if (report.token.sha256) bits.push(`SHA-256 ${report.token.sha256}`);
  meta.textContent = bits.join(" · ");
}

// --- signature and key --------------------------------------------------------------------------
export function renderSignature(dl, report, keyClass) {
  dl.replaceChildren();
  const s = report.signature;
  const row = (k, v) => dl.append(el("div", {}, el("dt", { text: k }), el("dd", {}, v)));
  row("Verified", s.verified ? "✓ yes" : "✗ no");
  row("Algorithm", s.alg ?? "—");
  row("Key that verified (kid)", s.verified ? (s.kid ?? "the key given (no kid)") : "none");
  row("Key thumbprint (RFC 7638)", s.thumbprint ? el("code", { text: s.thumbprint }) : "—");
  row("Keys tried", String(s.keysTried));
  row("Key given", keyClass === "none" ? "none" : keyClass);
  row("Identity provider", report.token.provider?.name ?? "not recognised from iss");
  if (report.token.kind) row("Kind of token", report.token.kind);
  const other = report.findings.find((f) => f.code === "verifies_with_other_key");
  if (other) row("Verifies with", `${other.detail.kid ?? "another key"} (${other.detail.thumbprint ?? ""})`);
}

// --- checklist ----------------------------------------------------------------------------------
export function renderChecks(ol, report) {
  ol.replaceChildren();
  for (const c of report.checks) {
    const li = fromTemplate("tpl-check");
    const st = statusOf(c.status);
    li.dataset.status = c.status;
    li.querySelector(".icon").textContent = st.icon;
    li.querySelector(".name").textContent = CHECK_LABELS[c.check] ?? c.check;
    li.querySelector(".status").textContent = st.text;
    const code = li.querySelector(".code");
    if (c.code) code.textContent = c.code;
    else code.remove();
    ol.append(li);
  }
}

// --- findings -----------------------------------------------------------------------------------
export function renderFindings(ol, report) {
  ol.replaceChildren();
  if (!report.findings.length) {
    ol.append(el("li", { class: "finding none", text: "No findings: nothing to report." }));
    return;
  }
  for (const f of report.findings) {
    const li = fromTemplate("tpl-finding");
    li.dataset.severity = f.severity;
    li.dataset.code = f.code;
    li.querySelector(".sev").textContent = SEVERITY_TEXT[f.severity] ?? f.severity;
    li.querySelector(".code").textContent = f.code;
    li.querySelector(".check-name").textContent = `(${CHECK_LABELS[f.check] ?? f.check})`;
    li.querySelector(".message").textContent = f.message;
    li.querySelector(".hint").textContent = f.hint ? `Hint: ${f.hint}` : "";
    li.querySelector(".detail").textContent = JSON.stringify(f.detail ?? {}, null, 2);
    ol.append(li);
  }
}

// --- decoded view ------------------------------------------------------------------------------
// Claims that hold a time in seconds: annotated beside the JSON, never inside it, so the JSON
// text stays JSON.
const TIME_CLAIMS = ["iat", "nbf", "exp", "auth_time", "updated_at"];

export function renderTimes(dl, report) {
  dl.replaceChildren();
  const now = nowSeconds(report);
  const p = report.payload ?? {};
  const row = (k, v) => dl.append(el("div", {}, el("dt", { text: k }), el("dd", { text: v })));
  row("now", `${report.times.now ?? "—"}`);
  for (const claim of TIME_CLAIMS) {
    const v = p[claim];
    if (v === undefined) continue;
    if (typeof v === "number" && Number.isFinite(v)) row(claim, `${v} = ${iso(v)} (${relative(v, now)})`);
    else row(claim, `${JSON.stringify(v)} (not a number of seconds)`);
  }
}

