// Remote key sets (createRemoteJWKSet, discoverJWKS) against local HTTP servers: caching,
// rotation, cooldown, one request for concurrent callers, and the last good set kept (with the
// `jwks_stale` finding) when a refresh fails, is slow, is too big or is not a JWK Set.
//
//   bash scripts/build.sh && node --test tests/js/jwks-remote.test.mjs
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import * as jose from "jose";
import {
  verify, inspect, createRemoteJWKSet, createLocalJWKSet, discoverJWKS, JwtError, JwtConfigError, RemoteJWKSet,
} from "jwt-doctor";

// No unhandled rejection, ever (checked by the last test).
const unhandled = [];
process.on("unhandledRejection", (e) => unhandled.push(e));

// ---------------------------------------------------------------------------------------------
// Keys (generated once) and tokens
// ---------------------------------------------------------------------------------------------

const rs1 = await jose.generateKeyPair("RS256", { extractable: true });
const rs2 = await jose.generateKeyPair("RS256", { extractable: true });
const es1 = await jose.generateKeyPair("ES256", { extractable: true });
const jwkOf = async (pair, kid, alg) => ({ ...(await jose.exportJWK(pair.publicKey)), kid, alg, use: "sig" });
const JWK = {
  k1: await jwkOf(rs1, "k1", "RS256"),
  k2: await jwkOf(es1, "k2", "ES256"),
  k3: await jwkOf(rs2, "k3", "RS256"),
};
const ALGS = ["RS256", "ES256"];

async function token(kid, { pair = kid === "k2" ? es1 : kid === "k3" ? rs2 : rs1, claims = {} } = {}) {
  const alg = pair === es1 ? "ES256" : "RS256";
  return new jose.SignJWT({ sub: "user-1", ...claims })
    .setProtectedHeader({ alg, kid, typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(pair.privateKey);
}
const T = { k1: await token("k1"), k2: await token("k2"), k3: await token("k3") };
/** A token whose kid is in no set (signed with k3's key). */
const unknownKidToken = (kid) => token(kid, { pair: rs2 });

const set = (...kids) => JSON.stringify({ keys: kids.map((k) => JWK[k]) });
const codes = (findings) => findings.map((f) => f.code);
const staleOf = (findings) => findings.find((f) => f.code === "jwks_stale");
/** Each test fails (instead of hanging the file) past this. */
const LIMIT = { timeout: 10_000 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits for a remote set's background refresh (stale-while-revalidate) to end. */
async function settle(jwks) {
  await sleep(1);
  for (let i = 0; i < 400 && jwks.state().refreshing; i++) await sleep(5);
}
/**
 * The set past its age: verify() answers at once from the last good set (no wait) and
 * refreshes in the background; once that refresh has failed, the next verify() says so.
 */
async function afterFailedRefresh(tok, options) {
  const t0 = performance.now();
  const first = await verify(tok, options);
  const ms = performance.now() - t0;
  assert.ok(ms < 100, `a request waited ${ms} ms for the refresh`);
  await settle(options.jwks);
  return verify(tok, options);
}

/** verify() that must reject because the key set cannot be had: returns the JwtConfigError. */
async function unavailable(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof JwtConfigError, `not a JwtConfigError: ${e?.stack ?? e}`);
    assert.ok(!(e instanceof JwtError), "a configuration error is not a token error");
    assert.equal(e.kind, "config");
    assert.equal(e.transient, true);
    assert.equal(e.reason, "jwks_unavailable");
    assert.equal(e.finding.detail.reason, "jwks_unavailable");
    return e;
  }
  assert.fail("verify() resolved");
}

/** verify() that must reject: returns the JwtError. */
async function rejected(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof JwtError, `not a JwtError: ${e?.stack ?? e}`);
    return e;
  }
  assert.fail("verify() resolved");
}

// ---------------------------------------------------------------------------------------------
// Local servers
// ---------------------------------------------------------------------------------------------

const servers = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

/**
 * An HTTP server on 127.0.0.1 whose answer is `reply(req, res)`; `hits` counts requests
 * (every path, unless `countPath` is set).
 */
async function serve(reply, { countPath } = {}) {
  const srv = {
    hits: 0,
    reply,
    server: http.createServer((req, res) => {
      if (!countPath || req.url === countPath) srv.hits += 1;
      srv.reply(req, res);
    }),
  };
  servers.push(srv.server);
  srv.server.listen(0, "127.0.0.1");
  await once(srv.server, "listening");
  srv.base = `http://127.0.0.1:${srv.server.address().port}`;
  srv.url = `${srv.base}/jwks`;
  return srv;
}

const json = (body, status = 200) => (req, res) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(body);
};

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

test("a server down from the start: JwtConfigError key_invalid (jwks_unavailable, transient), quickly", LIMIT, async () => {
  const probe = http.createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = probe.address().port;
  probe.close();
  await once(probe, "close");

  const jwks = createRemoteJWKSet(`http://127.0.0.1:${port}/jwks`);
  const t0 = performance.now();
  const e = await unavailable(verify(T.k1, { jwks, algorithms: ALGS }));
  const ms = performance.now() - t0;
  assert.equal(e.code, "key_invalid");
  assert.equal(e.findings[0].detail.reason, "jwks_unavailable");
  assert.equal(e.findings[0].detail.url, `http://127.0.0.1:${port}/jwks`);
  assert.match(e.findings[0].detail.error, /ECONNREFUSED|fetch failed/);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test("HTTP 500 after a good fetch (cacheMaxAge 0): the stale set verifies, with jwks_stale", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0 });

  const ok = await verify(T.k1, { jwks, algorithms: ALGS });
  assert.equal(ok.payload.sub, "user-1");
  assert.deepEqual(codes(ok.findings).filter((c) => c === "jwks_stale"), []);
  assert.equal(srv.hits, 1);

  srv.reply = json('{"error":"boom"}', 500);
  const stale = await afterFailedRefresh(T.k1, { jwks, algorithms: ALGS });
  assert.equal(srv.hits, 2, "the expired set was not refetched");
  const f = staleOf(stale.findings);
  assert.ok(f, `no jwks_stale in ${JSON.stringify(stale.findings)}`);
  assert.equal(f.severity, "info");
  assert.match(f.detail.error, /HTTP 500/);
  assert.ok(f.detail.error.includes(srv.url), f.detail.error);

  // Within the backoff after the failure (1 s): no new request, still stale.
  const again = await verify(T.k1, { jwks, algorithms: ALGS });
  assert.ok(staleOf(again.findings));
  assert.equal(srv.hits, 2, "a failing server was asked again within the cooldown");

  // A rejection carries it too, in err.report.
  const wrongAud = await token("k1", { claims: { aud: "someone-else" } });
  const e = await rejected(verify(wrongAud, { jwks, algorithms: ALGS, audience: "me" }));
  assert.equal(e.code, "audience_mismatch");
  assert.ok(e.report, "no err.report");
  assert.match(staleOf(e.report.findings)?.detail.error ?? "", /HTTP 500/);
});

test("the server recovers: after the cooldown the set is fresh again, no jwks_stale", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0, cooldown: 0.1 });
  await verify(T.k1, { jwks, algorithms: ALGS });
  srv.reply = json("", 503);
  assert.ok(staleOf((await afterFailedRefresh(T.k1, { jwks, algorithms: ALGS })).findings));
  srv.reply = json(set("k1", "k2"));
  await sleep(150);
  const r = await verify(T.k2, { jwks, algorithms: ALGS });
  assert.equal(staleOf(r.findings), undefined);
  assert.equal(srv.hits, 3);
});

test("garbage bodies keep the last good set, with jwks_stale; on a first fetch: key_invalid", LIMIT, async (t) => {
  const garbage = {
    "not JSON": ["<html>oops</html>", /not JSON/],
    "JSON without keys": ['{"nokeys":[]}', /not a JWK Set/],
    "keys not an array": ['{"keys":{"kty":"RSA"}}', /not a JWK Set/],
    "an array": [set("k1").replace(/^\{"keys":(.*)\}$/, "$1"), /not a JWK Set/],
    "a JSON string holding a set": [JSON.stringify(set("k1")), /not a JWK Set/],
    "null": ["null", /not a JWK Set/],
    "empty": ["", /not JSON/],
    "not UTF-8": [Buffer.concat([Buffer.from('{"keys":[],"x":"'), Buffer.from([0xff]), Buffer.from('"}')]), /not UTF-8/],
  };
  for (const [name, [body, error]] of Object.entries(garbage)) {
    await t.test(name, async () => {
      const srv = await serve(json(set("k1")));
      const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0 });
      await verify(T.k1, { jwks, algorithms: ALGS });
      srv.reply = json(body);
      const r = await afterFailedRefresh(T.k1, { jwks, algorithms: ALGS });
      assert.equal(srv.hits, 2);
      assert.match(staleOf(r.findings)?.detail.error ?? "(no jwks_stale)", error);

      const first = createRemoteJWKSet(srv.url);
      const e = await unavailable(verify(T.k1, { jwks: first, algorithms: ALGS }));
      assert.equal(e.code, "key_invalid");
      assert.equal(e.findings[0].detail.reason, "jwks_unavailable");
      assert.match(e.findings[0].detail.error, error);
    });
  }
});

test("bad members inside keys are the core's business, not a fetch failure", LIMIT, async () => {
  const body = JSON.stringify({ keys: [1, null, "x", [], { kty: 7 }, { kid: "k1" }, JWK.k1] });
  const srv = await serve(json(body));
  const jwks = createRemoteJWKSet(srv.url);
  const r = await verify(T.k1, { jwks, algorithms: ALGS });
  assert.equal(r.key.kid, "k1");
  assert.equal(staleOf(r.findings), undefined);
});

test("a redirect is not followed (as jose)", LIMIT, async () => {
  const srv = await serve((req, res) => {
    if (req.url === "/moved") {
      res.writeHead(302, { location: "/jwks" });
      res.end();
    } else json(set("k1"))(req, res);
  });
  const e = await unavailable(verify(T.k1, { jwks: createRemoteJWKSet(`${srv.base}/moved`), algorithms: ALGS }));
  assert.equal(e.code, "key_invalid");
  assert.match(e.findings[0].detail.error, /302 redirect to \/jwks not followed/);
  assert.equal(srv.hits, 1);
});

test("slow past the timeout: the stale set is kept; on a first fetch key_invalid, in < 1 s", LIMIT, async (t) => {
  // Headers after 2 s, or headers at once and a body that never ends.
  const slowHeaders = (req, res) => {
    const timer = setTimeout(() => json(set("k1"))(req, res), 2000);
    res.on("close", () => clearTimeout(timer));
  };
  const slowBody = (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"keys":[');
    const timer = setTimeout(() => res.end("]}"), 2000);
    res.on("close", () => clearTimeout(timer));
  };
  for (const [name, slow] of Object.entries({ "slow headers": slowHeaders, "slow body": slowBody })) {
    await t.test(name, async () => {
      const srv = await serve(json(set("k1")));
      const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0, timeout: 0.2 });
      await verify(T.k1, { jwks, algorithms: ALGS });
      srv.reply = slow;
      // no request waits for the slow refresh while the last good set can answer
      const r = await afterFailedRefresh(T.k1, { jwks, algorithms: ALGS });
      assert.match(staleOf(r.findings)?.detail.error ?? "(no jwks_stale)", /timed out after 0.2 s/);

      const first = createRemoteJWKSet(srv.url, { timeout: 0.2 });
      const t0 = performance.now();
      const e = await unavailable(verify(T.k1, { jwks: first, algorithms: ALGS }));
      const ms = performance.now() - t0;
      assert.equal(e.code, "key_invalid");
      assert.match(e.findings[0].detail.error, /timed out/);
      assert.ok(ms < 1000, `took ${ms} ms`);
    });
  }
});

test("the timeout also holds with a fetch that ignores the abort signal", LIMIT, async () => {
  const never = () => new Promise(() => {});
  const jwks = createRemoteJWKSet("http://127.0.0.1:9/jwks", { timeout: 0.1, fetch: never });
  const t0 = performance.now();
  const e = await unavailable(verify(T.k1, { jwks, algorithms: ALGS }));
  assert.equal(e.code, "key_invalid");
  assert.ok(performance.now() - t0 < 1000);
});

test("the longest timeout (60 s) works; a longer one is refused as jose's milliseconds", LIMIT, async () => {
  const slowFetch = async () => {
    await sleep(30);
    return new Response(set("k1"), { headers: { "content-type": "application/json" } });
  };
  const jwks = createRemoteJWKSet("http://127.0.0.1:9/jwks", { timeout: 60, fetch: slowFetch });
  assert.equal((await verify(T.k1, { jwks, algorithms: ALGS })).key.kid, "k1");
  assert.throws(() => createRemoteJWKSet("http://127.0.0.1:9/jwks", { timeout: 1e7 }), /timeout is in seconds, and 10000000 s is 115\.7 days/);
});

test("a huge body (5 MB) is refused without reading it all; the stale set is kept", LIMIT, async (t) => {
  const TOTAL = 5 * 1024 * 1024;
  const CHUNK = 64 * 1024;
  for (const withLength of [true, false]) {
    await t.test(withLength ? "with content-length" : "chunked, no content-length", async () => {
      const srv = await serve(json(set("k1")));
      const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0 });
      await verify(T.k1, { jwks, algorithms: ALGS });

      let sent = 0;
      let finished = false;
      let closed;
      srv.reply = (req, res) => {
        res.writeHead(200, { "content-type": "application/json", ...(withLength ? { "content-length": TOTAL } : {}) });
        closed = once(res, "close");
        const pump = () => {
          if (res.destroyed) return;
          if (sent >= TOTAL) {
            finished = true;
            res.end();
            return;
          }
          res.write(Buffer.alloc(CHUNK, 0x20));
          sent += CHUNK;
          setTimeout(pump, 2);
        };
        pump();
      };
      const r = await afterFailedRefresh(T.k1, { jwks, algorithms: ALGS });
      assert.match(staleOf(r.findings)?.detail.error ?? "(no jwks_stale)", /exceeds the 524288-byte limit/);
      await closed;
      assert.equal(finished, false, "the whole body was sent");
      assert.ok(sent < TOTAL / 2, `${sent} bytes were sent`);
      // A declared length over the limit is refused on the headers, before reading the body.
      if (withLength) assert.ok(sent < 512 * 1024, `${sent} bytes were sent`);
    });
  }
});

test("a rotated key: one refetch, then it verifies; another unknown kid within the cooldown: no request", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cooldown: 0.3 });
  assert.equal((await verify(T.k1, { jwks, algorithms: ALGS })).key.kid, "k1");
  assert.equal(srv.hits, 1);

  srv.reply = json(set("k1", "k2"));
  await sleep(350);
  assert.equal((await verify(T.k2, { jwks, algorithms: ALGS })).key.kid, "k2");
  assert.equal(srv.hits, 2, "the rotation was not fetched exactly once");
  assert.equal((await verify(T.k2, { jwks, algorithms: ALGS })).key.kid, "k2");
  assert.equal((await verify(T.k1, { jwks, algorithms: ALGS })).key.kid, "k1");
  assert.equal(srv.hits, 2);

  // Within the cooldown: no request.
  const e = await rejected(verify(await unknownKidToken("k9"), { jwks, algorithms: ALGS }));
  assert.equal(e.code, "kid_not_found");
  assert.equal(srv.hits, 2, "an unknown kid was fetched within the cooldown");

  // After it: one refetch that still lacks the kid, then no loop.
  await sleep(350);
  const e2 = await rejected(verify(await unknownKidToken("k9"), { jwks, algorithms: ALGS }));
  assert.equal(e2.code, "kid_not_found");
  assert.equal(srv.hits, 3);
  await rejected(verify(await unknownKidToken("k9"), { jwks, algorithms: ALGS }));
  await rejected(verify(await unknownKidToken("k8"), { jwks, algorithms: ALGS }));
  assert.equal(srv.hits, 3, "an unknown kid refetched again within the cooldown");
  assert.equal(staleOf(e2.report.findings), undefined);
});

test("a wall clock set back an hour does not stall the rotation refetch", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cooldown: 0.1 });
  const now = Math.floor(Date.now() / 1000);
  await verify(T.k1, { jwks, algorithms: ALGS, now });
  srv.reply = json(set("k1", "k2"));
  const realNow = Date.now;
  Date.now = () => realNow() - 3_600_000;
  try {
    await sleep(150);
    assert.equal((await verify(T.k2, { jwks, algorithms: ALGS, now })).key.kid, "k2");
  } finally {
    Date.now = realNow;
  }
  assert.equal(srv.hits, 2);
});

test("1,000 concurrent verify() calls share one request", LIMIT, async (t) => {
  await t.test("unknown kid: one refetch within the cooldown", async () => {
    const srv = await serve(json(set("k1")));
    const jwks = createRemoteJWKSet(srv.url, { cooldown: 0.2 });
    await verify(T.k1, { jwks, algorithms: ALGS });
    await sleep(250);
    const reply = json(set("k1", "k2"));
    srv.reply = (req, res) => setTimeout(() => reply(req, res), 50);
    const bad = await unknownKidToken("k9");
    const all = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => verify(i % 2 ? bad : T.k2, { jwks, algorithms: ALGS })),
    );
    assert.equal(srv.hits, 2, `${srv.hits - 1} refetches`);
    all.forEach((r, i) => {
      if (i % 2) assert.equal(r.reason?.code, "kid_not_found", String(r.reason));
      else assert.equal(r.value?.key.kid, "k2", String(r.reason));
    });
  });
  await t.test("first fetch", async () => {
    const srv = await serve(json(set("k1")));
    const reply = srv.reply;
    srv.reply = (req, res) => setTimeout(() => reply(req, res), 50);
    const jwks = createRemoteJWKSet(srv.url);
    const all = await Promise.all(Array.from({ length: 1000 }, () => verify(T.k1, { jwks, algorithms: ALGS })));
    assert.equal(all.length, 1000);
    assert.equal(srv.hits, 1);
  });
  await t.test("a server that is down: one request at a time", async () => {
    const srv = await serve((req, res) => setTimeout(() => json("", 500)(req, res), 50));
    const jwks = createRemoteJWKSet(srv.url);
    const all = await Promise.allSettled(Array.from({ length: 1000 }, () => verify(T.k1, { jwks, algorithms: ALGS })));
    assert.ok(all.every((r) => r.reason instanceof JwtConfigError && r.reason.code === "key_invalid" && r.reason.transient));
    assert.equal(srv.hits, 1);
  });
});

test("discoverJWKS() reads /.well-known/openid-configuration", LIMIT, async (t) => {
  const srv = await serve((req, res) => {
    if (req.url === "/tenant/.well-known/openid-configuration") {
      json(JSON.stringify({ issuer: `${srv.base}/tenant`, jwks_uri: `${srv.base}/tenant/keys` }))(req, res);
    } else if (req.url === "/rel/.well-known/openid-configuration") {
      json(JSON.stringify({ issuer: `${srv.base}/rel`, jwks_uri: "/tenant/keys" }))(req, res);
    } else if (req.url === "/nokeys/.well-known/openid-configuration") {
      json(JSON.stringify({ issuer: `${srv.base}/nokeys` }))(req, res);
    } else if (req.url === "/tenant/keys") {
      json(set("k1", "k2"))(req, res);
    } else json("{}", 404)(req, res);
  });
  for (const issuer of [`${srv.base}/tenant`, `${srv.base}/tenant/`, `${srv.base}/rel`]) {
    await t.test(issuer.replace(srv.base, ""), async () => {
      const jwks = await discoverJWKS(issuer, { cooldown: 1 });
      assert.ok(jwks instanceof RemoteJWKSet);
      assert.equal(jwks.url, `${srv.base}/tenant/keys`);
      assert.equal((await verify(T.k2, { jwks, algorithms: ALGS })).key.kid, "k2");
    });
  }
  await t.test("no jwks_uri, 404, bad arguments", async () => {
    await assert.rejects(discoverJWKS(`${srv.base}/nokeys`), /has no jwks_uri/);
    await assert.rejects(discoverJWKS(`${srv.base}/missing`), /HTTP 404/);
    await assert.rejects(discoverJWKS(42), TypeError);
    await assert.rejects(discoverJWKS("not a url"), TypeError);
    await assert.rejects(discoverJWKS(srv.base, { cooldwon: 1 }), TypeError);
  });
});

test("misuse: inspect() with a remote set, bad URLs and options", LIMIT, () => {
  const jwks = createRemoteJWKSet("https://issuer.example/jwks");
  assert.throws(() => inspect(T.k1, { jwks, algorithms: ALGS }), TypeError);
  assert.throws(() => createRemoteJWKSet("not a url"), TypeError);
  assert.throws(() => createRemoteJWKSet("file:///etc/jwks.json"), TypeError);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { cooldown: -1 }), TypeError);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { timeout: "5" }), TypeError);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { cacheMaxAgeMs: 5 }), TypeError);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { fetch: 1 }), TypeError);
});

test("createLocalJWKSet: an object or its JSON text; garbage is a TypeError", LIMIT, async () => {
  const local = createLocalJWKSet(set("k1", "k2"));
  assert.equal((await verify(T.k2, { jwks: local, algorithms: ALGS })).key.kid, "k2");
  assert.equal(inspect(T.k1, { jwks: createLocalJWKSet(JSON.parse(set("k1"))), algorithms: ALGS }).valid, true);
  for (const bad of ["not json", "{}", '{"keys":{}}', "[]", JSON.stringify(set("k1")), null, undefined, 42, [], { keys: "x" }]) {
    assert.throws(() => createLocalJWKSet(bad), TypeError, JSON.stringify(bad));
  }
});

test("no timer keeps Node alive after a fetch (timeout 30 s)", LIMIT, async () => {
  const script = `
    import http from "node:http";
    import { verify, createRemoteJWKSet } from "jwt-doctor";
    const srv = http.createServer((req, res) => { res.setHeader("content-type", "application/json"); res.end(${JSON.stringify(set("k1"))}); });
    srv.listen(0, "127.0.0.1", async () => {
      const jwks = createRemoteJWKSet("http://127.0.0.1:" + srv.address().port + "/jwks", { timeout: 30 });
      const r = await verify(${JSON.stringify(T.k1)}, { jwks, algorithms: ["RS256"] });
      srv.closeAllConnections();
      srv.close();
      console.log(r.key.kid);
    });`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const killer = setTimeout(() => child.kill(), 5000);
  const [code] = await once(child, "exit");
  clearTimeout(killer);
  assert.equal(out.trim(), "k1");
  assert.equal(code, 0, "the child did not exit by itself within 5 s");
  assert.ok(performance.now() - t0 < 5000);
});

test("no unhandled promise rejection", LIMIT, async () => {
  await sleep(50);
  assert.deepEqual(unhandled.map(String), []);
});

test("one options object reused (a server's configuration): rotation, a stale set and recovery all show", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0.2, cooldown: 0.2 });
  const options = { jwks, algorithms: ALGS };
  for (let i = 0; i < 3; i++) assert.equal((await verify(T.k1, options)).key.kid, "k1");
  assert.equal(srv.hits, 1);

  // rotation: the new key verifies with the same options object
  srv.reply = json(set("k2"));
  await sleep(250);
  assert.equal((await verify(T.k2, options)).key.kid, "k2");
  assert.equal(srv.hits, 2);
  // the old key is gone from the set the same options object now uses
  assert.equal((await rejected(verify(T.k1, options))).code, "kid_not_found");

  // the server fails after the set expired: the last good set verifies, and says it is stale
  srv.reply = json('{"error":"boom"}', 500);
  await sleep(250);
  const stale = await afterFailedRefresh(T.k2, options);
  assert.match(staleOf(stale.findings)?.detail.error ?? "(no jwks_stale)", /HTTP 500/);
  assert.ok(staleOf((await verify(T.k2, options)).findings), "the stale note was lost on the next call");

  // recovery: fresh again, no jwks_stale
  srv.reply = json(set("k2"));
  await sleep(250);
  await verify(T.k2, options); // answered from the stale set; refreshes in the background
  await settle(jwks);
  const fresh = await verify(T.k2, options);
  assert.equal(staleOf(fresh.findings), undefined);
  assert.equal(staleOf((await verify(T.k2, options)).findings), undefined);
  // an edit of the options object takes effect
  options.algorithms = ["RS256"];
  assert.equal((await rejected(verify(T.k2, options))).code, "alg_not_allowed");
});

// ---------------------------------------------------------------------------------------------
// Cache-Control, a cache shared across instances (isolates), and jose's units
// ---------------------------------------------------------------------------------------------

const withCacheControl = (body, value) => (req, res) => {
  res.writeHead(200, { "content-type": "application/json", "cache-control": value });
  res.end(body);
};

test("Cache-Control max-age is honoured within [cooldown, cacheMaxAge]", LIMIT, async () => {
  const srv = await serve(withCacheControl(set("k1"), "public, max-age=1"));
  const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 600, cooldown: 0 });
  await verify(T.k1, { jwks, algorithms: ALGS });
  await verify(T.k1, { jwks, algorithms: ALGS });
  assert.equal(srv.hits, 1, "fresh for max-age=1");
  await sleep(1100);
  await verify(T.k1, { jwks, algorithms: ALGS });
  await settle(jwks);
  assert.equal(srv.hits, 2, "refetched once max-age passed, long before cacheMaxAge");

  // max-age=0 (or no-store) never refetches more often than the cooldown
  const eager = await serve(withCacheControl(set("k1"), "no-store"));
  const cooled = createRemoteJWKSet(eager.url, { cacheMaxAge: 600, cooldown: 30 });
  for (let i = 0; i < 3; i++) await verify(T.k1, { jwks: cooled, algorithms: ALGS });
  assert.equal(eager.hits, 1);
  // and a max-age beyond cacheMaxAge is cut to it
  const lazy = await serve(withCacheControl(set("k1"), "max-age=86400"));
  const short = createRemoteJWKSet(lazy.url, { cacheMaxAge: 1, cooldown: 0 });
  await verify(T.k1, { jwks: short, algorithms: ALGS });
  await sleep(1100);
  await verify(T.k1, { jwks: short, algorithms: ALGS });
  await settle(short);
  assert.equal(lazy.hits, 2);
});

test("a user-supplied cache shares the fetched set between instances (one fetch for many isolates)", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const store = new Map();
  const cache = { get: async () => store.get("jwks"), set: async (entry) => void store.set("jwks", entry) };
  const first = createRemoteJWKSet(srv.url, { cache });
  await verify(T.k1, { jwks: first, algorithms: ALGS });
  assert.equal(srv.hits, 1);
  assert.deepEqual(Object.keys(store.get("jwks")).sort(), ["fetchedAt", "jwks", "ttl", "url"]);
  // a second isolate: its own instance, the same cache
  const second = createRemoteJWKSet(srv.url, { cache });
  assert.equal((await verify(T.k1, { jwks: second, algorithms: ALGS })).key.kid, "k1");
  assert.equal(srv.hits, 1, "served from the shared cache");
  // a kid the cached set lacks goes to the network
  srv.reply = json(set("k1", "k3"));
  const third = createRemoteJWKSet(srv.url, { cache });
  assert.equal((await verify(T.k3, { jwks: third, algorithms: ALGS })).key.kid, "k3");
  assert.equal(srv.hits, 2);
  // a cache that throws is a miss, never an outage
  const broken = { get: () => { throw new Error("kv down"); }, set: () => { throw new Error("kv down"); } };
  assert.equal((await verify(T.k1, { jwks: createRemoteJWKSet(srv.url, { cache: broken }), algorithms: ALGS })).key.kid, "k1");
});

// ---------------------------------------------------------------------------------------------
// Issue 29 and 34.5: the key source never takes the service down
// ---------------------------------------------------------------------------------------------

test("a refresh with no usable key (101 keys, a corrupted only key, an empty set) keeps the last good set", LIMIT, async (t) => {
  const corrupted = JSON.stringify({ keys: [{ ...JWK.k1, n: "!!" }] });
  const tooMany = JSON.stringify({ keys: Array.from({ length: 101 }, (_, i) => ({ ...JWK.k1, kid: `k${i + 10}` })) });
  for (const [name, body, error] of [["101 keys", tooMany, /no usable key/], ["a corrupted key", corrupted, /no usable key/], ["an empty set", '{"keys":[]}', /no usable key \(the key set holds no key\)/]]) {
    await t.test(name, async () => {
      const srv = await serve(json(set("k1")));
      const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 0, cooldown: 0.1 });
      await verify(T.k1, { jwks, algorithms: ALGS });
      srv.reply = json(body);
      const r = await afterFailedRefresh(T.k1, { jwks, algorithms: ALGS });
      assert.equal(r.key.kid, "k1");
      assert.match(staleOf(r.findings)?.detail.error ?? "(no jwks_stale)", error);
      // the issuer fixed: fresh again
      srv.reply = json(set("k1"));
      await sleep(150);
      await verify(T.k1, { jwks, algorithms: ALGS });
      await settle(jwks);
      assert.equal(staleOf((await verify(T.k1, { jwks, algorithms: ALGS })).findings), undefined);
      // with no good set at all: a configuration error, transient (503), never a token's fault
      const cold = createRemoteJWKSet(srv.url);
      srv.reply = json(body);
      const e = await unavailable(verify(T.k1, { jwks: cold, algorithms: ALGS }));
      assert.match(e.finding.detail.error, error);
    });
  }
});

test("a failing issuer before the first good fetch: backoff from the first failure, Retry-After", LIMIT, async () => {
  const srv = await serve(json("", 500));
  const jwks = createRemoteJWKSet(srv.url, { cooldown: 0.4 });
  const end = performance.now() + 600;
  let calls = 0;
  let last;
  while (performance.now() < end) {
    last = await unavailable(verify(T.k1, { jwks, algorithms: ALGS }));
    calls++;
    await sleep(5);
  }
  assert.ok(calls > 20, `${calls} calls`);
  assert.ok(srv.hits <= 3, `${srv.hits} requests in 600 ms (backoff 0.4 s)`);
  assert.ok(last.retryAfter >= 1 && last.finding.detail.retryAfter >= 1);
  assert.equal(jwks.state().failures, srv.hits);
  assert.equal(jwks.state().lastAttempt.ok, false);
  // fixed: the next attempt after the backoff succeeds
  srv.reply = json(set("k1"));
  await sleep(450);
  assert.equal((await verify(T.k1, { jwks, algorithms: ALGS })).key.kid, "k1");
  assert.deepEqual(jwks.state().kids, ["k1"]);
});

test("an unknown kid with a set that could not be refreshed: JwtConfigError jwks_stale (transient), not kid_not_found", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cooldown: 0.1 });
  await verify(T.k1, { jwks, algorithms: ALGS });
  srv.reply = json("", 503);
  await sleep(150);
  for (let i = 0; i < 3; i++) {
    let e;
    try {
      await verify(T.k3, { jwks, algorithms: ALGS });
    } catch (err) {
      e = err;
    }
    assert.ok(e instanceof JwtConfigError, `not a JwtConfigError: ${e}`);
    assert.equal(e.transient, true);
    assert.equal(e.reason, "jwks_stale");
    assert.equal(e.code, "kid_not_found");
    assert.match(e.message, /could not be refreshed \(HTTP 503/);
    assert.equal(e.finding.detail.kid, "k3");
  }
  assert.equal((await verify(T.k1, { jwks, algorithms: ALGS })).key.kid, "k1", "the known kid still verifies");
});

test("an unknown kid inside the cooldown: the finding says the verifier declined to refetch, and when it will", LIMIT, async () => {
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cooldown: 30 });
  await verify(T.k1, { jwks, algorithms: ALGS });
  const e = await rejected(verify(T.k3, { jwks, algorithms: ALGS }));
  assert.equal(e.code, "kid_not_found");
  assert.equal(srv.hits, 1);
  assert.match(e.finding.message, /the verifier did not refetch the key set: it is [\d.]+ s old .* next in (29|30)(\.\d)? s/);
  assert.match(e.finding.hint, /verify once the verifier refetches the set/);
  assert.equal(e.finding.detail.jwks.refetched, false);
  assert.equal(e.finding.detail.jwks.url, srv.url);
  const inReport = e.report.findings.find((f) => f.code === "kid_not_found");
  assert.equal(inReport.detail.jwks.refetched, false, "the full report says it too");
});

test("same kid, new key (a certificate renewal): a signature failure refetches the set once per cooldown", LIMIT, async () => {
  const renewed = await token("k1", { pair: rs2 }); // kid k1, signed with another key
  const srv = await serve(json(set("k1")));
  const jwks = createRemoteJWKSet(srv.url, { cacheMaxAge: 600, cooldown: 0.3 });
  await verify(T.k1, { jwks, algorithms: ALGS });
  srv.reply = json(JSON.stringify({ keys: [{ ...JWK.k3, kid: "k1" }] }));
  // inside the cooldown: not refetched, and the rejection says which key, how old the set is
  const e = await rejected(verify(renewed, { jwks, algorithms: ALGS }));
  assert.equal(e.code, "signature_invalid");
  assert.equal(srv.hits, 1);
  assert.match(e.finding.detail.keyThumbprint, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(typeof e.finding.detail.jwks.ageSeconds, "number");
  assert.equal(e.finding.detail.jwks.refetched, false);
  assert.match(e.finding.message, /thumbprint .* the key set is [\d.]+ s old and was not refetched/);
  // after it: one refetch, and the renewed key verifies
  await sleep(350);
  assert.equal((await verify(renewed, { jwks, algorithms: ALGS })).key.kid, "k1");
  assert.equal(srv.hits, 2);
  // a forged signature with that kid costs one request per cooldown, not one per token
  const forged = await token("k1", { pair: rs1 });
  for (let i = 0; i < 5; i++) assert.equal((await rejected(verify(forged, { jwks, algorithms: ALGS }))).code, "signature_invalid");
  assert.equal(srv.hits, 2);
});

test("one cache shared by two key sets (two URLs): an issuer's keys never verify another's tokens", LIMIT, async () => {
  const a = await serve(json(set("k1")));
  const h = await serve(json(JSON.stringify({ keys: [{ ...JWK.k3, kid: "k1" }] }))); // another issuer, same kid
  const store = new Map();
  // a cache written for one set, given to both: a single slot
  const cache = { get: async () => store.get("jwks"), set: async (entry) => void store.set("jwks", entry) };
  const setA = createRemoteJWKSet(a.url, { cache });
  const setH = createRemoteJWKSet(h.url, { cache });
  assert.equal((await verify(T.k1, { jwks: setA, algorithms: ALGS })).key.kid, "k1");
  assert.equal((await rejected(verify(T.k1, { jwks: setH, algorithms: ALGS }))).code, "signature_invalid", "H accepted A's token");
  const hToken = await token("k1", { pair: rs2 });
  assert.equal((await verify(hToken, { jwks: setH, algorithms: ALGS })).key.kid, "k1", "H rejected its own issuer's token");
  assert.equal(h.hits, 1);
  // a cache that keys by the URL it is given serves each set its own entry
  const byUrl = new Map();
  const keyed = { get: (url) => byUrl.get(url), set: (entry, url) => void byUrl.set(url, entry) };
  await verify(T.k1, { jwks: createRemoteJWKSet(a.url, { cache: keyed }), algorithms: ALGS });
  await verify(hToken, { jwks: createRemoteJWKSet(h.url, { cache: keyed }), algorithms: ALGS });
  assert.deepEqual([...byUrl.keys()].sort(), [a.url, h.url].sort());
  assert.equal(byUrl.get(a.url).url, a.url);
  const hits = [a.hits, h.hits];
  await verify(T.k1, { jwks: createRemoteJWKSet(a.url, { cache: keyed }), algorithms: ALGS });
  await verify(hToken, { jwks: createRemoteJWKSet(h.url, { cache: keyed }), algorithms: ALGS });
  assert.deepEqual([a.hits, h.hits], hits, "served from the keyed cache");
});

test("jose's units and names are TypeErrors naming jwt-doctor's option", () => {
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { cacheMaxAge: 600000 }),
    /cacheMaxAge is in seconds, and 600000 s is 6\.9 days: jose takes milliseconds \(for 10\.0 minutes write 600\)/);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { cooldown: 30000 }), /cooldown is in seconds/);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { timeoutDuration: 5000 }),
    /unknown option "timeoutDuration": jwt-doctor's is timeout, in seconds/);
  assert.throws(() => createRemoteJWKSet("https://issuer.example/jwks", { cache: {} }), /cache must be an object with get\(\) and set/);
});
