// jwt-doctor triage through the real bin: a generated log of 100 000 lines with known causes in
// three line formats (bare tokens, ISO-timestamped log lines, NDJSON), exact counts in --json,
// and the clock offset of iat against the lines' own timestamps.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { hs256, ISS, NOW, run, SECRET, tempDir } from "./helpers.mjs";

const LINES = 100_000;
const OFFSET = 7; // the issuer's clock runs 7 s ahead of the log's
const PLAIN_IAT_AGE = 120; // bare-token lines carry no time: iat is now - 120 s
const DAY = 86400;
const iso = (t) => new Date(t * 1000).toISOString();

// One cycle of 100 lines: how many of each kind.
const CYCLE = [
  ["valid", 50],
  ["expired30", 10],
  ["expiredLong", 5],
  ["wrongAud", 8],
  ["badSignature", 6],
  ["bearer", 8],
  ["doubleBearer", 2],
  ["garbage", 11],
];
const KIND = CYCLE.flatMap(([kind, n]) => Array(n).fill(kind));
assert.equal(KIND.length, 100);
// What inspect finds for each kind (distinct codes per token).
const CODES = {
  valid: [],
  expired30: ["expired"], // a late token is no evidence of a clock: no clock_skew_suspected
  expiredLong: ["expired"],
  wrongAud: ["audience_mismatch"],
  badSignature: ["signature_invalid"],
  bearer: [],
  doubleBearer: ["double_bearer"],
};

function lineOf(i, expected) {
  const kind = KIND[i % 100];
  const format = Math.floor(i / 100) % 3; // 0 bare tokens, 1 ISO log lines, 2 NDJSON
  const t = NOW - 3600 + Math.floor(i / 100) % 3000; // the line's own time (formats 1 and 2)
  if (kind === "garbage") {
    expected.garbage++;
    if (format === 0) return `garbage line ${i} without any token`;
    if (format === 1) return `${iso(t)} WARN health check from 10.0.0.${i % 250} took ${i % 97} ms`;
    return JSON.stringify({ ts: t, level: "debug", msg: "no auth", path: `/ping/${i}` });
  }
  const iat = format === 0 ? NOW - PLAIN_IAT_AGE : t + OFFSET;
  const claims = { iss: ISS, aud: "api", sub: `user-${i % 1000}`, iat, exp: NOW + 600 };
  let header = { alg: "HS256", typ: "JWT", kid: "k1" };
  let secret = SECRET;
  if (kind === "expired30") claims.exp = NOW - 30;
  if (kind === "expiredLong") {
    claims.exp = NOW - 3 * DAY;
    delete claims.iat;
  }
  if (kind === "wrongAud") claims.aud = "web";
  if (kind === "badSignature") {
    header = { alg: "HS256", typ: "JWT", kid: "k-old" };
    secret = "another-secret-that-is-also-32-bytes!";
  }
  const token = hs256(claims, { secret, header });
  let value = token;
  if (kind === "bearer") value = `Bearer ${token}`;
  if (kind === "doubleBearer") value = `Bearer Bearer ${token}`;
  const auth = kind === "bearer" || kind === "doubleBearer";

  expected.tokens++;
  if (auth) expected.fromAuthorization++;
  const codes = CODES[kind];
  if (codes.length === 0) expected.valid++;
  else {
    expected.invalid++;
    expected.mainCauses[codes[0]] = (expected.mainCauses[codes[0]] ?? 0) + 1;
  }
  for (const c of codes) expected.codes[c] = (expected.codes[c] ?? 0) + 1;
  expected.kid[header.kid] ??= { tokens: 0, invalid: 0 };
  expected.kid[header.kid].tokens++;
  if (codes.length) expected.kid[header.kid].invalid++;
  expected.aud[claims.aud] ??= { tokens: 0, invalid: 0 };
  expected.aud[claims.aud].tokens++;
  if (codes.length) expected.aud[claims.aud].invalid++;
  const bucket = kind === "expired30" ? "under1m" : kind === "expiredLong" ? "older" : "notExpired";
  expected.expLateness[bucket]++;
  if (claims.iat !== undefined) {
    if (format === 0) expected.vsNow++;
    else expected.vsLineTime++;
  }

  if (format === 0) return auth ? `Authorization: ${value}` : value;
  if (format === 1) {
    return auth
      ? `${iso(t)} INFO 10.0.0.${i % 250} "GET /api/orders/${i} HTTP/1.1" 200 authorization="${value}"`
      : `${iso(t)} INFO 10.0.0.${i % 250} "GET /api/orders/${i}?access_token=${value} HTTP/1.1" 200`;
  }
  const field = ["time", "timestamp", "ts", "@timestamp"][i % 4];
  const time = field === "ts" ? t : iso(t);
  return JSON.stringify(auth
    ? { [field]: time, level: "info", msg: "request", headers: { authorization: value }, status: 401 }
    : { [field]: time, level: "info", msg: "request", token: value, status: 200 });
}

const verifier = ["--secret", SECRET, "--alg", "HS256", "--iss", ISS, "--aud", "api", "--now", String(NOW)];
let tmp;
let file;
let expected;
let result; // one run of the big log, shared by the first two tests
before(() => {
  tmp = tempDir();
  expected = {
    tokens: 0, fromAuthorization: 0, valid: 0, invalid: 0, garbage: 0, codes: {}, mainCauses: {}, kid: {}, aud: {},
    expLateness: { notExpired: 0, under1m: 0, under5m: 0, under1h: 0, under1d: 0, older: 0, noExp: 0 },
    vsLineTime: 0, vsNow: 0,
  };
  const lines = [];
  for (let i = 0; i < LINES; i++) lines.push(lineOf(i, expected));
  file = tmp.write("access.log", `${lines.join("\n")}\n`);
  result = run(["triage", file, ...verifier, "--json"]);
});
after(() => tmp.cleanup());

const sortObj = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

test("triage of a 100 000-line mixed log: exact counts by cause, kid, iss, aud, lateness", async () => {
  const r = await result;
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, "");
  const j = JSON.parse(r.stdout);
  assert.equal(j.lines, LINES);
  assert.equal(j.now, "2025-11-24T16:00:00Z");
  assert.equal(j.linesWithTokens, LINES - expected.garbage);
  assert.equal(j.tokens, expected.tokens);
  assert.equal(j.fromAuthorization, expected.fromAuthorization);
  assert.equal(j.valid, expected.valid);
  assert.equal(j.invalid, expected.invalid);
  assert.equal(j.valid + j.invalid, j.tokens);
  assert.deepEqual(sortObj(j.codes), sortObj(expected.codes));
  assert.deepEqual(sortObj(j.mainCauses), sortObj(expected.mainCauses));
  assert.deepEqual(sortObj(j.kid), sortObj(expected.kid));
  assert.deepEqual(j.iss, { [ISS]: { tokens: expected.tokens, invalid: expected.invalid } });
  assert.deepEqual(sortObj(j.aud), sortObj(expected.aud));
  assert.deepEqual(j.expLateness, expected.expLateness);
  // the numbers the generator was built to produce
  assert.equal(j.tokens, 89_000);
  assert.equal(j.codes.expired, 15_000);
  assert.equal(j.codes.audience_mismatch, 8_000);
  assert.equal(j.codes.signature_invalid, 6_000);
  assert.equal(j.codes.double_bearer, 2_000);
  assert.equal(j.bytes > 0, true);
  assert.equal(j.linesCut, 0);
});

test("triage estimates the issuer's clock offset from iat versus each line's timestamp", async () => {
  const r = await result;
  const { vsLineTime, vsNow } = JSON.parse(r.stdout).clockOffset;
  assert.deepEqual(vsLineTime, { medianSeconds: OFFSET, maxSeconds: OFFSET, samples: expected.vsLineTime, ahead: expected.vsLineTime });
  assert.deepEqual(vsNow, { medianSeconds: -PLAIN_IAT_AGE, maxSeconds: -PLAIN_IAT_AGE, samples: expected.vsNow, ahead: 0 });
});

test("triage reads standard input and prints a human summary", async () => {
  const sample = [
    hs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 }),
    `2025-11-24T15:59:00Z GET / Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: NOW - 50, exp: NOW - 30 }, { header: { alg: "HS256", kid: "k9" } })}`,
    "nothing here",
    `{"time":"2025-11-24T15:58:00Z","authorization":"Bearer opaque-token-123"}`,
  ].join("\n");
  const r = await run(["triage", "-", ...verifier], { input: sample });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^triage {2}4 lines \(\d+ B\), 3 tokens on 3 lines, 2 from Authorization headers; judged at 2025-11-24T16:00:00Z$/m);
  assert.match(r.stdout, /valid 1 \(33\.3 %\) {3}invalid 2 \(66\.7 %\)/);
  assert.match(r.stdout, /^ {2}malformed_token +1 +33\.3 %$/m);
  assert.match(r.stdout, /^ {2}k9 +1 +33\.3 % {2}1 invalid$/m);
  assert.match(r.stdout, /^ {2}< 1 min late +1 +33\.3 % +█+$/m);
  assert.match(r.stdout, /iat − line time: median \+10 s over 1 token\n {2}1 token issued after its log line, by up to \+10 s: the issuer's clock runs ahead\n/);
  const valid = await run(["triage", "-", ...verifier], { input: `${sample.split("\n")[0]}\n` });
  assert.equal(valid.code, 0, "no invalid token: exit 0");
});

test("a line longer than 1 MiB is cut, not buffered whole", async () => {
  const long = tmp.write("long.log", `${"x".repeat(2 * 1024 * 1024)} ${hs256({ iss: ISS })}\n${hs256({ iss: ISS, aud: "api", exp: NOW + 60, iat: NOW })}\n`);
  const r = await run(["triage", long, ...verifier, "--json"]);
  const j = JSON.parse(r.stdout);
  assert.equal(j.lines, 2);
  assert.equal(j.linesCut, 1);
  assert.equal(j.tokens, 1);
});

test("--now line judges each token at its line's own timestamp", async () => {
  // exp is 10 min before the run's now but after each line's time: valid when judged per line
  const token = hs256({ iss: ISS, aud: "api", iat: NOW - 3600, exp: NOW - 600 });
  const log = [
    `2025-11-24T15:00:30Z GET /a Authorization: Bearer ${token}`,
    JSON.stringify({ ts: NOW - 1800, authorization: `Bearer ${token}` }),
    `2025-11-24T15:51:00Z GET /c Authorization: Bearer ${token}`, // 1 min after exp
    token, // no timestamp: judged at the time of the run (long after exp)
  ].join("\n");
  const args = ["triage", "-", "--secret", SECRET, "--alg", "HS256", "--aud", "api", "--json"];
  const perLine = JSON.parse((await run([...args, "--now", "line"], { input: log })).stdout);
  assert.equal(perLine.judgedAt, "line");
  assert.equal(perLine.valid, 2);
  assert.deepEqual(perLine.codes, { expired: 2 });
  assert.deepEqual(perLine.expLateness, { notExpired: 2, under1m: 0, under5m: 1, under1h: 0, under1d: 0, older: 1, noExp: 0 });
  const atNow = JSON.parse((await run([...args, "--now", String(NOW)], { input: log })).stdout);
  assert.equal(atNow.judgedAt, "now");
  assert.deepEqual(atNow.codes, { expired: 4 });
  assert.deepEqual(atNow.expLateness, { notExpired: 0, under1m: 0, under5m: 0, under1h: 4, under1d: 0, older: 0, noExp: 0 });
});

// A log of past requests: ten requests a day ago, each with a token valid for 10 min at the
// time of its line, one request an hour ago with a token that had expired 1 min before, and a
// bare token (no timestamp) valid now.
function pastLog() {
  const lines = [];
  for (let i = 0; i < 10; i++) {
    const t = NOW - DAY + i * 60;
    lines.push(`${iso(t)} GET /orders/${i} Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: t - 100, exp: t + 500 })}`);
  }
  lines.push(`${iso(NOW - 3600)} GET /late Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: NOW - 4300, exp: NOW - 3660 })}`);
  lines.push(hs256({ iss: ISS, aud: "api", iat: NOW - 50, exp: NOW + 600 }));
  return `${lines.join("\n")}\n`;
}

test("a past log judged at one instant: most tokens expired, the lines have times: suggests --now line", async () => {
  const input = pastLog();
  const r = await run(["triage", "-", ...verifier], { input });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^! 11 tokens of 12 are expired at 2025-11-24T16:00:00Z, and all are on lines with a timestamp:\n {2}10 were not yet expired at their lines' times\. For a log of past requests, judge each token at its line's time: --now line$/m);
  const j = JSON.parse((await run(["triage", "-", ...verifier, "--json"], { input })).stdout);
  assert.deepEqual(j.suggestNowLine, { flag: "--now line", expired: 11, tokens: 12, onTimestampedLines: 11, notExpiredAtLineTime: 10 });
  // judged per line, no hint: the 10 tokens are valid (the bare token is judged at the time of
  // the run, long after NOW)
  const perLine = JSON.parse((await run(["triage", "-", "--secret", SECRET, "--alg", "HS256", "--now", "line", "--json"], { input })).stdout);
  assert.equal(perLine.suggestNowLine, null);
  assert.equal(perLine.valid, 10);
});

test("no hint when the tokens were expired at their lines' times too, or when few are expired", async () => {
  const stale = [1, 2, 3].map((i) => `${iso(NOW - 600 + i)} GET / Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: NOW - DAY, exp: NOW - DAY + 600 })}`).join("\n");
  const r = await run(["triage", "-", ...verifier], { input: stale });
  assert.match(r.stdout, /^! 3 tokens of 3 are expired at 2025-11-24T16:00:00Z, and all are on lines with a timestamp:\n {2}all were already expired at the time of their lines too: --now line \(judging each at its line's time\) would not change that$/m);
  const fresh = `${iso(NOW - 10)} GET / ${hs256({ iss: ISS, aud: "api", iat: NOW - 20, exp: NOW + 600 })}\n`;
  const j = JSON.parse((await run(["triage", "-", ...verifier, "--json"], { input: fresh })).stdout);
  assert.equal(j.suggestNowLine, null);
  assert.doesNotMatch((await run(["triage", "-", ...verifier], { input: fresh })).stdout, /--now line/);
});

test("--now line: a token sent 1 min after its exp is no clock evidence: no clock_skew_suspected", async () => {
  const input = pastLog();
  const args = ["triage", "-", "--secret", SECRET, "--alg", "HS256", "--aud", "api", "--now", "line"];
  const r = await run(args, { input });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /clock_skew_suspected/);
  assert.match(r.stdout, /^ {2}no token issued after its log line: no sign of an issuer clock ahead$/m);
  const j = JSON.parse((await run([...args, "--json"], { input })).stdout);
  assert.equal(j.codes.clock_skew_suspected, undefined);
  assert.equal(j.clockOffset.skewSuspected, null);
  assert.equal(j.leewaySeconds, 0);
});

test("--now line: an issuer clock ahead within the leeway is said to be within it; beyond it, counted as issued_in_future", async () => {
  const lines = (ahead) => [0, 1].map((i) => `${iso(NOW - 600 + i)} GET / Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: NOW - 600 + i + ahead, exp: NOW + 600 })}`).join("\n");
  const args = ["triage", "-", "--secret", SECRET, "--alg", "HS256", "--aud", "api", "--now", "line"];
  const within = await run([...args, "--leeway", "5"], { input: lines(3) });
  assert.equal(within.code, 0, within.stdout);
  assert.match(within.stdout, /^ {2}2 tokens issued after their log lines, by up to \+3 s: the issuer's clock runs ahead; all are within the leeway \(5 s\), so not rejected for it$/m);
  const beyond = await run(args, { input: lines(3) });
  assert.equal(beyond.code, 1);
  assert.match(beyond.stdout, /^ {2}2 tokens issued after their log lines, by up to \+3 s: the issuer's clock runs ahead; 2 of them by more than the leeway \(0 s\): issued_in_future$/m);
  assert.match(beyond.stdout, /^ {2}issued_in_future +2 /m);
});

test("plurals in the triage summary: one line, one token, one Authorization header", async () => {
  const r = await run(["triage", "-", ...verifier], { input: `Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 })}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^triage {2}1 line \(\d+ B\), 1 token on 1 line, 1 from an Authorization header; judged at 2025-11-24T16:00:00Z$/m);
});

test("judged at one instant: tokens 30 s past exp are expired, not clock_skew_suspected", async () => {
  const input = [1, 2].map((i) => `${iso(NOW - 900 + i)} GET / Authorization: Bearer ${hs256({ iss: ISS, aud: "api", iat: NOW - 1000 + i, exp: NOW - 30 })}`).join("\n");
  const r = await run(["triage", "-", ...verifier], { input });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^ {2}expired +2 /m);
  assert.doesNotMatch(r.stdout, /clock_skew_suspected/);
});

test("triage counts the identity providers recognised from iss", async () => {
  const tid = "9188040d-6c67-4c5b-b112-36a304b66dad";
  const sample = [
    hs256({ iss: `https://sts.windows.net/${tid}/`, aud: "api", iat: NOW - 60, exp: NOW + 600 }),
    hs256({ iss: `https://sts.windows.net/${tid}/`, aud: "api", iat: NOW - 60, exp: NOW + 601 }),
    hs256({ iss: "https://acme.okta.com/oauth2/default", aud: "api", iat: NOW - 60, exp: NOW + 600 }),
    hs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 }),
  ].join("\n");
  const r = await run(["triage", "-", "--secret", SECRET, "--alg", "HS256", "--aud", "api", "--now", String(NOW)], { input: sample });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^identity provider \(from iss\)\n {2}Microsoft Entra ID \(v1 issuer\) +2 +50\.0 %\n {2}Okta \(custom authorization server\) +1 +25\.0 %$/m);
  const json = await run(["triage", "-", "--secret", SECRET, "--alg", "HS256", "--aud", "api", "--now", String(NOW), "--json"], { input: sample });
  const provider = JSON.parse(json.stdout).provider;
  assert.deepEqual(provider["Microsoft Entra ID (v1 issuer)"], { tokens: 2, invalid: 0 });
});
