// The diagnosis cases of SPEC §1 (tests/cases/*.json, written by tests/cases/generate.mjs) through
// the built package; tests/cases.rs runs the same files through native Rust. One test per case.
// The expectation semantics (documented in generate.mjs) must stay the same in both runners.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "jwt-doctor";
import { loadCases } from "./cases-data.mjs";

/** `actual` holds every member of `expected` (objects member-wise, anything else equal). */
function holds(actual, expected) {
  if (expected && typeof expected === "object" && !Array.isArray(expected)) {
    return actual !== null && typeof actual === "object" && !Array.isArray(actual)
      && Object.entries(expected).every(([k, v]) => k in actual && holds(actual[k], v));
  }
  try {
    assert.deepStrictEqual(actual, expected);
    return true;
  } catch {
    return false;
  }
}

/** Whether finding `f` satisfies expectation `e` (code, severity, check, detail members, substrings). */
const matches = (f, e) => f.code === e.code
  && (e.severity === undefined || f.severity === e.severity)
  && (e.check === undefined || f.check === e.check)
  && (e.detail === undefined || holds(f.detail, e.detail))
  && (e.message ?? []).every((s) => f.message.includes(s))
  && (e.hint ?? []).every((s) => f.hint.includes(s));

/** What differs between a report and a case's expectations, one line each (empty: none). */
function differences(report, expect) {
  const out = [];
  const show = (x) => JSON.stringify(x);
  if ("valid" in expect && report.valid !== expect.valid) out.push(`valid: ${report.valid}, expected ${expect.valid}`);
  if ("cause" in expect && (report.cause?.code ?? null) !== expect.cause) {
    out.push(`cause: ${report.cause?.code ?? null}, expected ${expect.cause}`);
  }
  if ("explains" in expect && (report.cause?.explains ?? null) !== expect.explains) {
    out.push(`cause.explains: ${report.cause?.explains ?? null}, expected ${expect.explains}`);
  }
  for (const f of report.findings) {
    if (!(typeof f.message === "string" && f.message.length > 0 && typeof f.hint === "string" && f.hint.length > 0)) {
      out.push(`finding ${f.code} without a message or a hint`);
    }
  }
  for (const e of expect.findings ?? []) {
    const n = report.findings.filter((f) => matches(f, e)).length;
    if (e.count === undefined ? n === 0 : n !== e.count) out.push(`finding ${show(e)}: ${n} match`);
  }
  for (const code of expect.absent ?? []) if (report.findings.some((f) => f.code === code)) out.push(`unexpected finding ${code}`);
  if (expect.errors) {
    const errors = report.findings.filter((f) => f.severity === "error").map((f) => f.code);
    if (!holds(errors, expect.errors)) out.push(`errors ${show(errors)}, expected ${show(expect.errors)}`);
  }
  for (const [check, want] of Object.entries(expect.checks ?? {})) {
    const c = report.checks.find((x) => x.check === check);
    const got = c && (want.includes(":") ? `${c.status}:${c.code}` : c.status);
    if (got !== want) out.push(`check ${check}: ${got}, expected ${want}`);
  }
  for (const [member, want] of Object.entries(expect.report ?? {})) {
    if (!holds(report[member], want)) out.push(`report.${member}: ${show(report[member])}, expected ${show(want)}`);
  }
  const text = JSON.stringify(report);
  for (const s of expect.hidden ?? []) if (text.includes(s)) out.push(`the report shows ${show(s.slice(0, 16))}…`);
  if (out.length) out.push(`findings: ${show(report.findings.map((f) => `${f.check}/${f.severity}/${f.code} ${show(f.detail)}`))}`);
  return out;
}

for (const c of loadCases()) {
  test(`${c.file}: ${c.name} (${c.spec})`, () => {
    const diff = differences(inspect(c.token, c.options), c.expect);
    assert.ok(diff.length === 0, diff.join("\n"));
  });
}
