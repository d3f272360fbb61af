// rehearse() through the package: the result's shape, and bad plans refused at once with the
// field named (TypeError), a million steps included.

import { test } from "node:test";
import assert from "node:assert/strict";
import { rehearse } from "jwt-doctor";

test("a rotation that retires too early: jose's window, the safe times, the verdict", async () => {
  const r = await rehearse({ publish: 0, switch: 600, retire: 1200, lifetime: 3600, verifiers: ["jose", "jwt-doctor"] });
  assert.equal(r.safe, false);
  assert.deepEqual(r.verifiers[0].windows, [{ from: 1200, to: 4200, cause: "kid_not_found", key: "old", tokens: 3000 }]);
  assert.equal(r.earliestSafeSwitch, 30);
  assert.equal(r.earliestSafeRetire, 4200);
  assert.match(r.verdict, /^not safe: jose rejects valid tokens signed with old for 50 min from \+20 min \(kid_not_found\)/);
  assert.equal(r.verifiers[0].source.includes("remote.js:44"), true);
  assert.equal(r.verifiers[0].fromDocs, false);
  // the plan as JSON text reads the same
  assert.deepEqual(await rehearse(JSON.stringify({ publish: 0, switch: 600, retire: 1200, lifetime: 3600, verifiers: ["jose", "jwt-doctor"] })), r);
});

test("profiles from docs say so", async () => {
  const r = await rehearse({ switch: 60, verifiers: ["spring", "microsoft", "envoy", "express-jwt"] });
  assert.deepEqual(r.verifiers.map((v) => [v.name, v.profile, v.fromDocs]), [
    ["spring", "spring", true], ["microsoft", "microsoft", true], ["envoy", "envoy", true], ["express-jwt", "jwks-rsa", false],
  ]);
  assert.equal(r.verifiers[2].settings.cacheMaxAge, 600);
  assert.equal(r.verifiers[1].settings.cacheMaxAge, 43200);
});

test("bad plans: a TypeError naming the field, at once", async () => {
  const cases = [
    [{ switch: 600, retire: 300, verifiers: ["jose"] }, /^rehearse\(\): retire: 300 s is before switch \(600 s\)/],
    [{ switch: 600, lifetime: -1, verifiers: ["jose"] }, /^rehearse\(\): lifetime: -1 is not a number of seconds >= 0/],
    [{ switch: 600, verifiers: ["nope"] }, /^rehearse\(\): verifiers\[0\]: unknown profile "nope"/],
    [{ switch: 600, verifiers: [{ profile: "jose", cooldown: -3 }] }, /^rehearse\(\): verifiers\[0\]\.cooldown: -3 is not/],
    [{ switch: 1e300, verifiers: ["jose"] }, /^rehearse\(\): switch: 1e\+?300 s is more than ten years/],
    [{ outage: { from: 10, to: 5 }, verifiers: ["jose"] }, /^rehearse\(\): outage\.to: 5 s is not after outage\.from \(10 s\)/],
    [{ switch: 60, horizon: 1e8, resolution: 1, verifiers: ["jose"] }, /^rehearse\(\): resolution: 1 s over 100000000 s is more than 5000 samples/],
    [{ switch: 60 }, /^rehearse\(\): verifiers: name at least one/],
    [[], /the plan must be an object/],
  ];
  for (const [plan, message] of cases) await assert.rejects(rehearse(plan), (e) => e instanceof TypeError && message.test(e.message));
  const steps = Array.from({ length: 1_000_000 }, (_, i) => ({ at: i, publish: `k${i}` }));
  const t0 = performance.now();
  await assert.rejects(rehearse({ keys: ["a"], steps, verifiers: ["jose"] }), /^TypeError: rehearse\(\): steps: 1000000 steps, at most 64$/);
  assert.ok(performance.now() - t0 < 500);
  // the module keeps working
  assert.equal((await rehearse({ publish: 0, switch: 600, retire: 4200, lifetime: 3600, verifiers: ["jose"] })).safe, true);
});
