// The main cause first (issue 21): the headline of inspect and the answers of compare come from
// one helper, mainCause(): report.cause when the core gives it, else the first error; never
// findings[0], which is often an info finding such as bearer_prefix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "jwt-doctor";
import { mainCause } from "../../pkg/cli/cause.js";
import { renderReport } from "../../pkg/cli/render.js";
import { makeStyle } from "../../pkg/cli/style.js";
import { hs256, ISS, NOW, run, SECRET } from "./helpers.mjs";

const claims = { iss: ISS, aud: "web", sub: "user-1", iat: NOW - 60, exp: NOW + 600 };
const base = ["--secret", SECRET, "--alg", "HS256", "--aud", "api", "--now", String(NOW)];

test("an Authorization line with a wrong audience: the headline is the error and its hint, not bearer_prefix", async () => {
  const line = `Authorization: Bearer ${hs256(claims)}`;
  const report = inspect(line, { key: SECRET, algorithms: ["HS256"], audience: "api", now: NOW });
  assert.equal(report.findings[0].code, "bearer_prefix", "findings[0] is an info finding");
  const cause = mainCause(report);
  assert.equal(cause.code, "audience_mismatch");
  const r = await run(["inspect", "-", ...base], { input: `${line}\n` });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.split("\n");
  assert.equal(lines[0], `✗ INVALID  audience_mismatch: ${cause.message} — 1 error`);
  assert.equal(lines[1], `           → ${cause.hint}`);
  // among the findings, the cause comes first, then the others in the report's order
  const findings = lines.slice(lines.indexOf("findings") + 1).filter((l) => /^ {2}(error|warning|info) /.test(l));
  assert.match(findings[0], /^ {2}error +audience_mismatch /);
  assert.match(findings[1], /^ {2}info +bearer_prefix /);
});

test("a valid token: the headline says so, with no hint line", async () => {
  const r = await run(["inspect", hs256({ ...claims, aud: "api" }), ...base]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^✓ VALID {2}HS256 signature verified\n\n/);
});

test("report.cause is the cause; with explains, the headline names the error it explains", () => {
  const raw = Buffer.from("a 32-byte secret, base64 encoded!");
  const signed = hs256({ ...claims, aud: "api" }, { secret: raw });
  const report = inspect(signed, { key: raw.toString("base64"), algorithms: ["HS256"], now: NOW });
  const mismatch = report.findings.find((f) => f.code === "secret_encoding_mismatch");
  assert.ok(mismatch, "the core finds the encoding mismatch");
  // the core names the explanation as the cause; without report.cause, the first error
  assert.deepEqual([report.cause.code, report.cause.explains], ["secret_encoding_mismatch", "signature_invalid"]);
  assert.equal(mainCause({ ...report, cause: undefined }).code, "signature_invalid", "without report.cause: the first error");
  const withCause = report;
  assert.equal(mainCause(withCause).code, "secret_encoding_mismatch");
  const out = renderReport(withCause, makeStyle(false)).split("\n");
  assert.match(out[0], /^✗ INVALID {2}secret_encoding_mismatch \(the cause of signature_invalid\): the signature fails with the secret as given, but it verifies if the secret is base64-decoded/);
  assert.equal(out[1], `           → ${mismatch.hint}`);
  assert.match(out.find((l) => /^ {2}(error|warning|info) /.test(l)), /secret_encoding_mismatch/);
  assert.equal(mainCause({ ...report, valid: true, findings: [] }), null);
});
