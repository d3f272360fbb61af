// The line scanner of triage (pkg/cli/extract.js, imported by path: it is not part of the
// package's exports): which tokens a log line yields, and the line's own timestamp.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractTokens, lineTime } from "../../pkg/cli/extract.js";

const T = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
const JWE = "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn";

function scan(line) {
  const out = [];
  const fromAuth = extractTokens(line, out);
  return { out, fromAuth };
}

test("tokens: bare, in text, after one Bearer, mangled Bearer, JWE, opaque header values", () => {
  assert.deepEqual(scan(T), { out: [T], fromAuth: 0 });
  assert.deepEqual(scan(`GET /cb?id_token=${T}&state=1 200`), { out: [T], fromAuth: 0 });
  assert.deepEqual(scan(`Authorization: Bearer ${T}`), { out: [T], fromAuth: 1 });
  assert.deepEqual(scan(`{"authorization":"bearer ${T}"}`), { out: [T], fromAuth: 1 });
  assert.deepEqual(scan(`Authorization: Bearer Bearer ${T}`), { out: [`Bearer Bearer ${T}`], fromAuth: 1 });
  assert.deepEqual(scan(`authorization=Bearer%20${T}`), { out: [`Bearer%20${T}`], fromAuth: 1 });
  assert.deepEqual(scan(`token ${JWE} end.`), { out: [JWE], fromAuth: 0 });
  assert.deepEqual(scan(`${T}.`), { out: [T], fromAuth: 0 }, "a full stop after a token is not a part");
  assert.deepEqual(scan(`Authorization: Bearer opaque-abc123, next`), { out: ["opaque-abc123"], fromAuth: 1 });
  assert.deepEqual(scan("uses Bearer authentication; no header here"), { out: [], fromAuth: 0 });
  assert.deepEqual(scan("nothing at all"), { out: [], fromAuth: 0 });
  assert.deepEqual(scan(`${T} and ${T}`).out, [T, T]);
});

test("line timestamps: NDJSON fields, ISO 8601 in text, common log format, leading epoch", () => {
  const t = 1764000000;
  assert.equal(lineTime(`{"time":"2025-11-24T16:00:00Z","x":1}`), t);
  assert.equal(lineTime(`{"timestamp":"2025-11-24T17:00:00+01:00"}`), t);
  assert.equal(lineTime(`{"ts":${t}.5}`), t + 0.5);
  assert.equal(lineTime(`{"ts":${t}000}`), t, "milliseconds");
  assert.equal(lineTime(`{"@timestamp":"${t}"}`), t);
  assert.equal(lineTime(`{"msg":"at 2025-11-24 16:00:00"}`), t, "an NDJSON line without a time field: the text");
  assert.equal(lineTime("2025-11-24T16:00:00.250Z INFO x"), t + 0.25);
  assert.equal(lineTime("I 2025-11-24 16:00:00,500 x"), t + 0.5, "space and comma; UTC without a zone");
  assert.equal(lineTime('10.0.0.1 - - [24/Nov/2025:17:00:00 +0100] "GET / HTTP/1.1" 200'), t);
  assert.equal(lineTime(`${t}.125 GET /`), t + 0.125);
  assert.equal(lineTime("no time here 12345"), null);
});
