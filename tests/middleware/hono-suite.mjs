// The assertions on the Hono app of hono-app.mjs, driven over HTTP: registered by the Node test
// and by the workerd test, which differ only in how the app is served.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  assertAnswer, assertLogEntry, assertNothingLeaks, assertPrometheusShape, cases, counter, get, REALM,
} from "./helpers.mjs";

/**
 * @param {string} label names the runtime in the test titles
 * @param {() => { base: string, tokens: object, deadUrl: string }} fixture
 */
export function honoSuite(label, fixture) {
  test(`${label}: each case gets its RFC 6750 answer`, async () => {
    const { base, tokens } = fixture();
    for (const c of cases(tokens)) assertAnswer(await get(`${base}/api/me`, c[1]), c, tokens);
  });

  test(`${label}: one log object per rejection, with kid, iss, alg, request id and fingerprint`, async () => {
    const { base, tokens } = fixture();
    const before = (await get(`${base}/logs`)).body.length;
    await get(`${base}/api/me`, `Bearer ${tokens.rotated}`, "req-rotated");
    await get(`${base}/api/me`, `Bearer ${tokens.confused}`, "req-confused");
    await get(`${base}/api/me`, `Bearer ${tokens.good}`, "req-good");
    const logs = (await get(`${base}/logs`)).body.slice(before);
    assert.equal(logs.length, 2, JSON.stringify(logs));
    assertLogEntry(logs[0], { code: "kid_not_found", kid: "k0", alg: "RS256", requestId: "req-rotated" }, tokens);
    assertLogEntry(logs[1], { code: "alg_confusion", kid: "k1", alg: "HS256", requestId: "req-confused" }, tokens);
  });

  test(`${label}: the full diagnosis is sampled per cause (sample: 1), the rest counted`, async () => {
    const { base, tokens } = fixture();
    const before = (await get(`${base}/logs`)).body.length;
    for (let i = 0; i < 3; i++) await get(`${base}/api/me`, `Bearer ${tokens.expired}`);
    const expired = (await get(`${base}/logs`)).body.slice(before).filter((e) => e.code === "expired");
    assert.equal(expired.length, 3);
    // the suite's first test already logged one expired token with its report this minute
    assert.ok(expired.every((e) => e.report === undefined), "sample 1: no second report within the minute");
    assert.deepEqual(expired.map((e) => e.sampledOut), [1, 2, 3]);
    const all = (await get(`${base}/logs`)).body.filter((e) => e.code === "expired");
    assert.equal(all[0].report.findings.some((f) => f.code === "expired"), true, "the first one carries the diagnosis");
    const text = (await get(`${base}/metrics`)).text;
    assert.match(text, /^jwt_diagnosis_sampled_out_total\{cause="expired"\} 3$/m);
  });

  test(`${label}: a JWKS server that went down answers 503, body without the URL, logged as a config error`, async () => {
    const { base, tokens, deadUrl } = fixture();
    const before = (await get(`${base}/logs`)).body.length;
    const r = await get(`${base}/down/me`, `Bearer ${tokens.good}`);
    assert.equal(r.status, 503, r.text);
    assert.deepEqual(r.body, { error: "server_error" });
    assert.equal(r.www, null, "a server error is no challenge");
    assertNothingLeaks(r.text, tokens, deadUrl);
    const [entry] = (await get(`${base}/logs`)).body.slice(before);
    assert.equal(entry.event, "jwt_config_error");
    assert.equal(entry.kind, "config");
    assert.equal(entry.reason, "jwks_unavailable");
    assert.equal(entry.transient, true);
  });

  test(`${label}: cookie, onFailure hook and jwt-doctor/fetch in the same app`, async () => {
    const { base, tokens } = fixture();
    let res = await fetch(`${base}/cookie/me`, { headers: { cookie: `theme=dark; session=${tokens.good}` } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).payload.sub, tokens.claims.sub);
    res = await fetch(`${base}/cookie/me`, { headers: { authorization: `Bearer ${tokens.good}` } });
    assert.equal(res.status, 401, "cookie mode reads the cookie only");
    assert.equal(res.headers.get("www-authenticate"), `Bearer realm="${REALM}"`);
    await res.body?.cancel();
    res = await fetch(`${base}/hook/me`, { headers: { authorization: `Bearer ${tokens.expired}` } });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("x-hook"), "1");
    assert.equal(await res.text(), "custom expired");
    for (const c of cases(tokens)) {
      const r = await get(`${base}/fetch/me`, c[1]);
      assertAnswer(r, c, tokens);
      if (r.status === 200) assert.equal(r.body.kid, "k1");
    }
  });

  test(`${label}: Prometheus counters by outcome and cause`, async () => {
    const { base } = fixture();
    const text = (await get(`${base}/metrics`)).text;
    assertPrometheusShape(text);
    // /api: 2 good (cases, logs test); /cookie 1; /fetch 1 — one shared metrics object
    assert.equal(counter(text, { outcome: "accepted" }), 4, text);
    assert.equal(counter(text, { outcome: "rejected", cause: "expired" }), 1 + 3 + 1 + 1, text);
    assert.equal(counter(text, { outcome: "rejected", cause: "kid_not_found" }), 3, text);
    assert.equal(counter(text, { outcome: "rejected", cause: "alg_confusion" }), 3, text);
    assert.equal(counter(text, { outcome: "rejected", cause: "double_bearer" }), 2, text);
    assert.equal(counter(text, { outcome: "rejected", cause: "missing_token" }), 3, text);
    assert.equal(counter(text, { outcome: "error", cause: "jwks_unavailable" }), 1, text);
  });
}
