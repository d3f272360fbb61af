// Human output of a report: the verdict with its main cause and hint, the decoded summary, the
// 13-check list, and the findings with hints.

import { causeText, mainCause } from "./cause.js";
import { pad } from "./style.js";
import { duration, relative } from "../words.js";

/** A count as people write it: 1,234. */
export function num(n) {
  return n.toLocaleString("en-US");
}

/** "1 token", "2 tokens", "1,000 lines"; `many` for irregular plurals. */
export function plural(n, one, many = `${one}s`) {
  return `${num(n)} ${n === 1 ? one : many}`;
}

export { duration, relative };

/** ISO 8601 (seconds precision, Z) for epoch seconds, or null when out of range. */
export function iso(seconds) {
  const d = new Date(seconds * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace(/\.000Z$/, "Z") : null;
}

/** A short display of any JSON value. */
export function show(value, max = 80) {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const SYMBOL = { pass: "✓", fail: "✗", warn: "!", skip: "-", unchecked: "○" };

/** The symbol and word of a check status, coloured. */
export function statusMark(status, s) {
  const colour = { pass: s.green, fail: s.red, warn: s.yellow, skip: s.dim, unchecked: s.dim }[status] ?? ((x) => x);
  return colour(`${SYMBOL[status] ?? "?"} ${status === "unchecked" ? "not checked" : status}`);
}

/** The coloured word of a severity. */
export function severityWord(severity, s) {
  const colour = { error: s.red, warning: s.yellow, info: s.cyan }[severity] ?? ((x) => x);
  return colour(severity);
}

const TIME_CLAIMS = ["iat", "nbf", "exp"];

function timesLine(payload, now) {
  if (!payload) return null;
  const parts = [];
  for (const c of TIME_CLAIMS) {
    const v = payload[c];
    if (v === undefined) continue;
    if (typeof v === "number" && Number.isFinite(v) && v < 1e11 && iso(v)) {
      parts.push(now === undefined ? `${c} ${iso(v)}` : `${c} ${iso(v)} (${relative(v - now)})`);
    } else {
      parts.push(`${c} ${show(v, 30)}`);
    }
  }
  return parts.length ? parts.join("   ") : null;
}

/** The header and payload as a few lines of "name value" pairs (for inspect and decode). */
export function decodedSummary(header, payload, s, { now } = {}) {
  const lines = [];
  const label = (t) => s.bold(pad(t, 9));
  if (header) {
    lines.push(`${label("header")}${Object.entries(header).map(([k, v]) => `${k} ${show(v, 60)}`).join("  ")}`);
  } else {
    lines.push(`${label("header")}${s.dim("(not decodable)")}`);
  }
  if (payload) {
    const shown = ["iss", "sub", "aud", "azp", "scope", "jti"].filter((k) => payload[k] !== undefined);
    const others = Object.keys(payload).filter((k) => !shown.includes(k) && !TIME_CLAIMS.includes(k));
    const text = shown.map((k) => `${k} ${show(payload[k], 60)}`);
    if (others.length) text.push(s.dim(`+ ${others.length} more: ${others.slice(0, 6).join(", ")}${others.length > 6 ? ", …" : ""}`));
    lines.push(`${label("payload")}${text.join("  ") || s.dim("(no claims)")}`);
    const times = timesLine(payload, now);
    if (times) lines.push(`${label("times")}${times}${now === undefined ? "" : s.dim(`   (now ${iso(now)})`)}`);
  } else {
    lines.push(`${label("payload")}${s.dim("(not decodable)")}`);
  }
  return lines;
}

/**
 * The headline of a report: the verdict with the main cause and, on a second line, its hint.
 * @returns {string[]}
 */
export function verdict(report, s) {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.filter((f) => f.severity === "warning").length;
  if (report.valid) {
    const sig = report.signature;
    const how = `${sig.alg ?? "?"} signature verified${sig.kid ? ` with key ${JSON.stringify(sig.kid)}` : ""}`;
    return [`${s.bold(s.green("✓ VALID"))}  ${how}${warnings ? `; ${plural(warnings, "warning")}` : ""}`];
  }
  const cause = mainCause(report);
  const tally = [plural(errors, "error"), warnings ? plural(warnings, "warning") : null].filter(Boolean).join(", ");
  const lines = [`${s.bold(s.red("✗ INVALID"))}  ${cause ? causeText(cause) : "the signature was not verified"} — ${tally}`];
  if (cause?.hint) lines.push(`${" ".repeat(11)}${s.dim(`→ ${cause.hint}`)}`);
  return lines;
}

/**
 * The whole human report of `jwt-doctor inspect`: the verdict and its main cause first, then
 * the token, the checks, and the findings (the main cause first among them).
 * @param {object} report as inspect() returns it
 * @param {object} s a style from makeStyle()
 */
export function renderReport(report, s) {
  const out = [...verdict(report, s), ""];
  const nowIso = report.times?.now;
  const now = nowIso ? Date.parse(nowIso) / 1000 : undefined;
  const tok = report.token;
  out.push(`${s.bold(pad("token", 9))}${plural(tok.bytes, "byte")}${tok.sha256 ? s.dim(`  sha256 ${tok.sha256}`) : ""}${tok.repaired?.length ? `  repaired: ${tok.repaired.join(", ")}` : ""}`);
  out.push(...decodedSummary(report.header, report.payload, s, { now }));
  if (tok.provider) out.push(`${s.bold(pad("provider", 9))}${tok.provider.name}`);
  out.push("");
  out.push(s.bold("checks"));
  const width = Math.max(...report.checks.map((c) => c.check.length)) + 2;
  for (const c of report.checks) {
    out.push(`  ${pad(c.check, width)}${c.code ? `${pad(statusMark(c.status, s), 8)}${c.code}` : statusMark(c.status, s)}`);
  }
  if (report.findings.length) {
    out.push("");
    out.push(s.bold("findings"));
    const codeWidth = Math.max(...report.findings.map((f) => f.code.length)) + 2;
    const cause = mainCause(report);
    const first = cause ? report.findings.find((f) => f.code === cause.code) : undefined;
    const ordered = first ? [first, ...report.findings.filter((f) => f !== first)] : report.findings;
    for (const f of ordered) {
      out.push(`  ${pad(severityWord(f.severity, s), 9)}${pad(s.bold(f.code), codeWidth)}${f.message}`);
      out.push(`  ${" ".repeat(9 + codeWidth)}${s.dim(`→ ${f.hint}`)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
