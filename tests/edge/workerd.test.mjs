// End-to-end test of the package in workerd, the Cloudflare Workers runtime.
//
//   bash scripts/build.sh && node --test tests/edge/
//
// A Worker that does `import { verify, inspect, JwtError } from "jwt-doctor"` is assembled in a
// temporary directory the way a Worker project would get it: the package is resolved through
// pkg/package.json's exports map with the `workerd` condition, and every module the entry needs
// (found by walking the relative imports of the package's JS files) is embedded unmodified in a
// generated capnp config, the .wasm as a `wasm` module (a WebAssembly.Module on import).
//
// Module names in workerd are paths, and a relative specifier resolves against the directory of
// the importing module's name. The entry is named `jwt-doctor`, so the worker's bare import finds
// it, and it sits at the root: its `./api.js`, `./jwt_doctor_bg.wasm` … resolve to `api.js`,
// `jwt_doctor_bg.wasm` …, which is what the other package modules are named (their paths relative
// to the entry's directory).
//
// workerd (node_modules/.bin/workerd) serves it on 127.0.0.1; a Node http server on another
// loopback port serves a JWKS for createRemoteJWKSet(). The Worker's globalOutbound is a
// `network` service allowing "local" addresses; a second copy of the Worker with workerd's default
// outbound ("internet": public addresses only) shows that this is what lets it in.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, sign as signWith } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, importSpecifiers, moduleGraph } from "../support/modules.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PKG = path.join(ROOT, "pkg");
const WORKERD = path.join(ROOT, "node_modules/.bin/workerd");
const PACKAGE_NAME = "jwt-doctor";
// The conditions wrangler (esbuild) resolves a Worker's imports with, plus "import"/"default".
const WORKER_CONDITIONS = new Set(["workerd", "worker", "browser", "import", "default"]);

// RFC 7515 appendix A.1.
const A1_TOKEN =
  "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const A1_KEY = {
  kty: "oct",
  k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
};
const A1_EXP = 1300819380;
const A1_OPTIONS = { key: A1_KEY, algorithms: ["HS256"], now: 1300819000 };

// --- the worker --------------------------------------------------------------------------------

const WORKER_SOURCE = `
import { verify, inspect, JwtError, JwtConfigError, createRemoteJWKSet } from "jwt-doctor";

// One id per isolate: the test checks that the same instance answers before and after junk.
// (Random values are not allowed in global scope: made by the first request.)
let instance = null;
let remote = null;

function json(body, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-instance": instance },
  });
}

export default {
  async fetch(request, env) {
    instance ??= crypto.randomUUID();
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/health") {
      return new Response("ok", { headers: { "x-instance": instance } });
    }
    if (request.method !== "POST") return json({ error: "not found" }, 404);
    let body;
    try {
      body = await request.json();
    } catch {
      return json({ error: "the body is not JSON" }, 400);
    }
    try {
      if (url.pathname === "/verify" || url.pathname === "/verify-remote") {
        let options = body.options;
        if (url.pathname === "/verify-remote") {
          remote ??= createRemoteJWKSet(env.JWKS_URL, { timeout: 3 });
          options = { ...options, jwks: remote };
        }
        const r = await verify(body.token, options);
        return json({ ok: true, payload: r.payload, key: r.key });
      }
      if (url.pathname === "/verify-batch") {
        // one options object, every verify in flight at once in this isolate
        const options = body.options;
        const outcomes = await Promise.all(body.tokens.map((t) => verify(t, options).then(
          (r) => ({ ok: true, sub: r.payload.sub, alg: r.header.alg, findings: r.findings.map((f) => f.code) }),
          (e) => ({ ok: false, code: e.code }),
        )));
        return json({ outcomes });
      }
      if (url.pathname === "/inspect") return json(inspect(body.token, body.options));
      return json({ error: "not found" }, 404);
    } catch (err) {
      if (err instanceof JwtError) {
        const out = { ok: false, code: err.code, finding: err.finding?.code, findings: err.findings.map((f) => f.code), detail: err.finding?.detail };
        // the full diagnosis only when asked: reading err.report is what computes it
        if (body.report) out.reportCodes = err.report.findings.map((f) => f.code);
        return json(out);
      }
      if (err instanceof JwtConfigError) {
        return json({ ok: false, kind: err.kind, code: err.code, reason: err.reason, transient: err.transient }, err.transient ? 503 : 500);
      }
      if (err instanceof TypeError) return json({ ok: false, error: "TypeError", message: err.message }, 400);
      return json({ ok: false, error: String(err?.name), message: String(err?.message ?? err), stack: String(err?.stack) }, 500);
    }
  },
};
`;

// --- resolving the package the way a Worker bundler does ---------------------------------------

/** Node's exports-map condition matching: the first key (in order) that is a known condition. */
function resolveConditional(target, conditions, where) {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveConditional(t, conditions, where);
      if (r) return r;
    }
    return null;
  }
  if (target && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (conditions.has(key)) {
        const r = resolveConditional(value, conditions, `${where}.${key}`);
        if (r) return r;
      }
    }
    return null;
  }
  return null;
}

/** The file `import "jwt-doctor"` means in workerd, from pkg/package.json. */
function resolveWorkerdEntry(manifest) {
  const dot = typeof manifest.exports === "object" && !Array.isArray(manifest.exports) && "." in manifest.exports
    ? manifest.exports["."]
    : manifest.exports;
  assert.ok(dot && typeof dot === "object" && "workerd" in dot,
    `pkg/package.json: exports["."] has no "workerd" condition: ${JSON.stringify(dot)}`);
  const viaWorkerd = resolveConditional(dot.workerd, WORKER_CONDITIONS, 'exports["."].workerd');
  assert.ok(viaWorkerd, 'exports["."].workerd resolves to nothing');
  // A bundler walks the conditions in the map's order: a "worker", "browser", "import" or
  // "default" key placed before "workerd" would win over it.
  const viaBundler = resolveConditional(dot, WORKER_CONDITIONS, 'exports["."]');
  assert.equal(viaBundler, viaWorkerd,
    `a bundler resolving with [${[...WORKER_CONDITIONS]}] picks ${viaBundler}, not the workerd entry ${viaWorkerd}: check the key order of exports["."]`);
  assert.ok(viaWorkerd.startsWith("./"), `exports targets must start with "./": ${viaWorkerd}`);
  const file = path.resolve(PKG, viaWorkerd);
  assert.ok(file.startsWith(PKG + path.sep), `${viaWorkerd} points outside the package`);
  assert.ok(existsSync(file), `exports["."].workerd -> ${viaWorkerd}, which is not in pkg/`);
  return file;
}

/** Every file the entry imports, transitively; fails on imports workerd cannot satisfy. */
function entryModules(entryFile) {
  const { files, problems } = moduleGraph(PKG, entryFile);
  assert.deepEqual(problems, [], `the workerd entry's module graph is not self-contained:\n  ${problems.join("\n  ")}`);
  return files;
}

function moduleKind(file) {
  if (/\.(m?js)$/.test(file)) return "esModule";
  if (file.endsWith(".wasm")) return "wasm";
  if (file.endsWith(".json")) return "json";
  throw new Error(`no workerd module type for ${file}`);
}

const capnpString = (s) => JSON.stringify(s); // ASCII names and paths: JSON escapes are capnp's

/** Copies the package's modules (unmodified) to dir/pkg and writes dir/worker.mjs + config. */
function assembleWorker(dir, { port, restrictedPort, jwksUrl }) {
  const manifest = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));
  assert.equal(manifest.name, PACKAGE_NAME);
  const entry = resolveWorkerdEntry(manifest);
  const entryDir = path.dirname(entry);
  const files = entryModules(entry);

  writeFileSync(path.join(dir, "worker.mjs"), WORKER_SOURCE);
  const modules = [{ name: "worker.mjs", kind: "esModule", embed: "worker.mjs" }];
  for (const file of files) {
    const rel = path.relative(PKG, file).split(path.sep).join("/");
    const embed = `pkg/${rel}`;
    mkdirSync(path.dirname(path.join(dir, embed)), { recursive: true });
    copyFileSync(file, path.join(dir, embed));
    // The entry answers the bare specifier; the rest are named as the entry's relative
    // imports resolve from the root, where the entry's name puts it.
    const name = file === entry ? PACKAGE_NAME : path.relative(entryDir, file).split(path.sep).join("/");
    assert.ok(!name.startsWith("../"), `${rel} is outside the workerd entry's directory: cannot name it`);
    assert.ok(!modules.some((m) => m.name === name), `two modules named ${name}`);
    modules.push({ name, kind: moduleKind(file), embed });
  }

  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
    (name = "restricted", worker = .restrictedWorker),
    # Outbound fetch() from the main worker: loopback only (schema: Network.allow, "local" =
    # 127.0.0.0/8 and Unix sockets). The default "internet" service allows "public" only.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "http", address = ${capnpString(`127.0.0.1:${port}`)}, http = (), service = "main"),
    (name = "restricted", address = ${capnpString(`127.0.0.1:${restrictedPort}`)}, http = (), service = "restricted"),
  ],
);

const modules :List(Workerd.Worker.Module) = [
${modules.map((m) => `  (name = ${capnpString(m.name)}, ${m.kind} = embed ${capnpString(m.embed)}),`).join("\n")}
];

const mainWorker :Workerd.Worker = (
  modules = .modules,
  bindings = [ (name = "JWKS_URL", text = ${capnpString(jwksUrl)}) ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);

# The same Worker in its own isolate with workerd's default outbound ("internet"): loopback must
# be refused. (\`inherit = "main"\` with a globalOutbound override fails in workerd
# 1.20261117.1: "inherit should have been handled earlier".)
const restrictedWorker :Workerd.Worker = (
  modules = .modules,
  bindings = [ (name = "JWKS_URL", text = ${capnpString(jwksUrl)}) ],
  compatibilityDate = "2025-01-01",
);
`;
  writeFileSync(path.join(dir, "config.capnp"), config);
  return { config, modules };
}

// --- helpers -----------------------------------------------------------------------------------


const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** An HS256 token signed with node:crypto over the A.1 key bytes. */
function signHS256(header, payload) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = createHmac("sha256", Buffer.from(A1_KEY.k, "base64url")).update(input).digest();
  return `${input}.${b64url(sig)}`;
}

/** A deterministic PRNG (mulberry32), so a failing junk token can be reproduced from the seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function garbageTokens(count, seed) {
  const rand = prng(seed);
  const int = (n) => Math.floor(rand() * n);
  const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \t\n{}\"':,\u00e9\u2603\ud83d\ude00";
  const chars = (n) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join("");
  const enc = (v) => b64url(typeof v === "string" ? v : JSON.stringify(v));
  const fixed = [
    "", ".", "..", "...", "a.b.c", "a.b", "a.b.c.d.e", "....................",
    "eyJ", "eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9..",
    `${enc({ alg: "none" })}.${enc({ sub: "x" })}.`,
    `${enc({ alg: "HS256" })}.${enc("not json")}.AAAA`,
    `${enc("[1,2,3]")}.${enc({})}.AAAA`,
    `${enc({ alg: "RS256", kid: "x".repeat(5000) })}.${enc({})}.${b64url(bytes(256))}`,
    `${enc({ alg: "HS256", crit: ["b64"], b64: false })}.${enc({ exp: 1e300, nbf: -1e300, iat: "x" })}.AAAA`,
    `${enc({ alg: "ES256" })}.${enc({})}.${b64url(bytes(64))}`,
    `${enc({ alg: "EdDSA" })}.${enc({})}.${b64url(bytes(7))}`,
    `${enc({ alg: 42, typ: null })}.${enc({ iss: { a: 1 } })}.!!!!`,
    A1_TOKEN.replace(/\./g, ". "),
    `Bearer ${A1_TOKEN}`.repeat(3),
    "\u0000\u0001\u0002.\u0003.\u0004",
    "\ud800.\udfff.x", // lone surrogates
    b64url(bytes(20000)), // over the default 16 KiB limit
    `${b64url(bytes(6000))}.${b64url(bytes(6000))}.${b64url(bytes(3000))}`, // just under it
    `${b64url(bytes(400000))}.${b64url(bytes(400000))}.${b64url(bytes(400000))}`, // ~1.6 MB
    "=".repeat(50000),
    `${enc("{".repeat(3000))}.${enc("[".repeat(3000))}.AAAA`, // deep nesting
  ];
  const tokens = [...fixed];
  while (tokens.length < count) {
    switch (int(5)) {
      case 0: tokens.push(chars(1 + int(200))); break;
      case 1: tokens.push([1, 2, 3].map(() => b64url(bytes(int(300)))).join(".")); break;
      case 2: tokens.push(Array.from({ length: 1 + int(8) }, () => chars(int(40))).join(".")); break;
      case 3: { // a real header and payload with a mangled signature or segment
        const parts = A1_TOKEN.split(".");
        const i = int(3);
        const s = parts[i].split("");
        for (let k = 0; k < 1 + int(4); k++) s[int(s.length)] = chars(1);
        parts[i] = s.join("");
        tokens.push(parts.join("."));
        break;
      }
      default: tokens.push(b64url(bytes(int(12000)))); // huge base64 junk
    }
  }
  return tokens;
}

// --- fixture -----------------------------------------------------------------------------------

let dir;
let workerd;
let workerdExit = null;
let stderr = "";
let stdout = "";
let generated;
let base;
let restrictedBase;
let jwksServer;
let jwksHits = 0;
let failed = false;

async function stopWorkerd() {
  if (!workerd || workerdExit) return;
  const exited = new Promise((resolve) => workerd.once("exit", resolve));
  process.kill(workerd.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (!workerdExit) process.kill(workerd.pid, "SIGKILL");
  }, 3000);
  await exited;
  clearTimeout(timer);
}

// If the test process dies without running after(), do not leave workerd behind.
process.on("exit", () => {
  if (workerd && !workerdExit) {
    try {
      process.kill(workerd.pid, "SIGKILL");
    } catch {}
  }
});

before(async () => {
  assert.ok(existsSync(path.join(PKG, "package.json")), "pkg/ is not built: run `bash scripts/build.sh`");
  assert.ok(existsSync(WORKERD),
    "node_modules/.bin/workerd is missing: run `npm ci` (the workerd package's binary comes from @cloudflare/workerd-linux-64)");

  jwksServer = createServer((req, res) => {
    if (req.url === "/jwks.json") {
      jwksHits++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [{ ...A1_KEY, kid: "k1" }] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://127.0.0.1:${jwksServer.address().port}/jwks.json`;

  dir = mkdtempSync(path.join(tmpdir(), "jwt-doctor-workerd-"));
  const port = await freePort();
  let restrictedPort = await freePort();
  while (restrictedPort === port) restrictedPort = await freePort();
  generated = assembleWorker(dir, { port, restrictedPort, jwksUrl });
  base = `http://127.0.0.1:${port}`;
  restrictedBase = `http://127.0.0.1:${restrictedPort}`;

  const t0 = performance.now();
  workerd = spawn(WORKERD, ["serve", "--verbose", "config.capnp"], { cwd: dir, env: { ...process.env, PWD: dir }, stdio: ["ignore", "pipe", "pipe"] });
  workerd.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
  workerd.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  workerd.on("exit", (code, signal) => (workerdExit = { code, signal }));
  workerd.on("error", (e) => (workerdExit = { error: e.message }));

  const deadline = Date.now() + 20000;
  for (;;) {
    if (workerdExit) {
      failed = true;
      throw new Error(`workerd exited (${JSON.stringify(workerdExit)}) before serving:\n${stderr}\n--- config.capnp ---\n${generated.config}`);
    }
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200 && (await res.text()) === "ok") break;
    } catch {}
    if (Date.now() > deadline) {
      failed = true;
      throw new Error(`workerd did not answer /health within 20 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(`# workerd ready in ${Math.round(performance.now() - t0)} ms; ${generated.modules.length} modules: ${generated.modules.map((m) => `${m.name} (${m.kind})`).join(", ")}`);
});

after(async () => {
  await stopWorkerd();
  await new Promise((resolve) => (jwksServer ? jwksServer.close(resolve) : resolve()));
  if (failed) {
    console.log(`# workerd stderr:\n${stderr || "(empty)"}${stdout ? `\n# workerd stdout:\n${stdout}` : ""}`);
    console.log(`# generated worker kept in ${dir}`);
  } else if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A test that prints workerd's stderr when it fails. */
function edgeTest(name, fn) {
  test(name, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      failed = true;
      throw e;
    }
  });
}

async function post(route, body, at = base) {
  const res = await fetch(`${at}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`${route}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
  return { status: res.status, body: json, instance: res.headers.get("x-instance") };
}

// --- tests -------------------------------------------------------------------------------------

edgeTest("the worker imports the package through the workerd export condition", () => {
  const manifest = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));
  const entryName = path.basename(resolveWorkerdEntry(manifest));
  // The generated config embeds each file unmodified and names the wasm as the entry imports it.
  const entrySource = readFileSync(path.join(dir, "pkg", entryName), "utf8");
  const wasmImports = importSpecifiers(entrySource).filter((s) => s.endsWith(".wasm"));
  assert.ok(wasmImports.length >= 1, `${entryName} imports no .wasm module`);
  for (const spec of wasmImports) {
    const name = path.posix.normalize(spec);
    assert.ok(generated.modules.some((m) => m.name === name && m.kind === "wasm"), `no wasm module named ${name}`);
  }
  for (const m of generated.modules.slice(1)) {
    assert.deepEqual(readFileSync(path.join(dir, m.embed)), readFileSync(path.join(PKG, m.embed.slice(4))));
  }
  assert.equal(generated.modules.find((m) => m.name === PACKAGE_NAME)?.embed, `pkg/${entryName}`);
});

edgeTest("RFC 7515 A.1 verifies", async () => {
  const { status, body } = await post("/verify", { token: A1_TOKEN, options: A1_OPTIONS });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.ok, true, JSON.stringify(body));
  assert.equal(body.payload.iss, "joe");
  assert.equal(body.payload.exp, A1_EXP);
  assert.equal(body.payload["http://example.com/is_root"], true);
  assert.equal(body.key.alg, "HS256");
});

edgeTest("a tampered signature is signature_invalid", async () => {
  const [h, p, s] = A1_TOKEN.split(".");
  const sig = Buffer.from(s, "base64url");
  sig[0] ^= 1;
  const { status, body } = await post("/verify", { token: `${h}.${p}.${b64url(sig)}`, options: A1_OPTIONS });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.ok, false);
  assert.equal(body.code, "signature_invalid", JSON.stringify(body));
});

edgeTest("30 s past exp is expired, without clock_skew_suspected (a late token is no clock evidence)", async () => {
  const { body } = await post("/verify", { token: A1_TOKEN, options: { ...A1_OPTIONS, now: A1_EXP + 30 } });
  assert.equal(body.ok, false, JSON.stringify(body));
  assert.equal(body.code, "expired", JSON.stringify(body));
  assert.ok(!body.findings.includes("clock_skew_suspected"), JSON.stringify(body.findings));
});

edgeTest("an unknown option name is a TypeError naming it (HTTP 400)", async () => {
  const { status, body } = await post("/verify", { token: A1_TOKEN, options: { ...A1_OPTIONS, leewayy: 5 } });
  assert.equal(status, 400, JSON.stringify(body));
  assert.equal(body.error, "TypeError");
  assert.match(body.message, /leewayy/);
});

edgeTest("one instance survives 200 junk tokens via /inspect, then still verifies A.1", async () => {
  const seed = Number(process.env.JWT_DOCTOR_EDGE_SEED ?? 0x5eed);
  const tokens = garbageTokens(200, seed);
  const first = await post("/verify", { token: A1_TOKEN, options: A1_OPTIONS });
  assert.equal(first.body.ok, true);
  assert.match(first.instance ?? "", /^[0-9a-f-]{36}$/, "the worker sent no x-instance id");
  let i = 0;
  const worker = async () => {
    while (i < tokens.length) {
      const n = i++;
      const token = tokens[n];
      const what = `junk token #${n} (seed ${seed}, ${token.length} chars: ${JSON.stringify(token.slice(0, 60))})`;
      const { status, body, instance } = await post("/inspect", { token });
      assert.equal(status, 200, `${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 1000)}`);
      assert.equal(body.valid, false, what);
      // A report, not an error object. (Not necessarily an *error* finding: a well-formed token
      // inspected without a key is only "signature_unchecked", a warning.)
      assert.ok(Array.isArray(body.findings) && body.findings.length > 0, `${what}: no findings`);
      assert.ok(Array.isArray(body.checks) && "signature" in body && "token" in body, `${what}: not a report`);
      assert.equal(body.signature?.verified, false, what);
      assert.equal(instance, first.instance, `${what}: answered by another instance`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const last = await post("/verify", { token: A1_TOKEN, options: A1_OPTIONS });
  assert.equal(last.instance, first.instance, "workerd replaced the instance");
  assert.equal(last.body.ok, true, JSON.stringify(last.body));
  assert.equal(last.body.payload.iss, "joe");
  assert.equal(workerdExit, null, "workerd exited");
});

edgeTest("ES256 and RS256 verifies in flight together each get their own token's answer (WebCrypto)", async () => {
  // verify() hands the token bytes and the decoded signature to crypto.subtle from a buffer in
  // wasm memory that the next verify overwrites: the first batch awaits the key import, the
  // second verifies with the imported key; a tampered token among them must still fail, and
  // each accepted token keeps its own findings (every third has no exp: no_expiry).
  const now = Math.floor(Date.now() / 1000);
  for (const [alg, type, opts, hash] of [
    ["ES256", "ec", { namedCurve: "P-256" }, "sha256"],
    ["RS256", "rsa", { modulusLength: 2048 }, "sha256"],
  ]) {
    const { privateKey, publicKey } = generateKeyPairSync(type, opts);
    const sign = (payload) => {
      const input = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
      const sig = signWith(hash, Buffer.from(input), type === "ec" ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey);
      return `${input}.${b64url(sig)}`;
    };
    // tokens of one length, so each verify writes over the same bytes of the lent buffer
    const sub = (i) => `user-${String(i).padStart(2, "0")}`;
    const tokens = Array.from({ length: 24 }, (_, i) =>
      sign(i % 3 ? { sub: sub(i), iat: now, exp: now + 600 } : { sub: sub(i), iat: now, xyz: now + 600 }));
    const [h, , s] = tokens[5].split(".");
    tokens[5] = `${h}.${tokens[6].split(".")[1]}.${s}`; // payload of 6 under the signature of 5
    const options = { key: publicKey.export({ format: "jwk" }), algorithms: [alg] };
    for (const round of ["key import pending", "key imported"]) {
      const { status, body } = await post("/verify-batch", { tokens, options });
      assert.equal(status, 200, JSON.stringify(body));
      body.outcomes.forEach((o, i) => {
        const want = i === 5
          ? { ok: false, code: "signature_invalid" }
          : { ok: true, sub: sub(i), alg, findings: i % 3 ? [] : ["no_expiry"] };
        assert.deepEqual(o, want, `${alg}, ${round}, token ${i}`);
      });
    }
  }
});

edgeTest("a rejected token costs its own checks; the full diagnosis comes when err.report is read (WebCrypto)", async () => {
  const now = Math.floor(Date.now() / 1000);
  const pairs = ["a", "b", "c"].map(() => generateKeyPairSync("rsa", { modulusLength: 2048 }));
  const jwk = (pair, kid) => ({ ...pair.publicKey.export({ format: "jwk" }), ...(kid ? { kid } : {}) });
  const sign = (header, privateKey) => {
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify({ sub: "u1", iat: now, exp: now + 600 }))}`;
    return `${input}.${b64url(signWith("sha256", Buffer.from(input), privateKey))}`;
  };
  const named = { jwks: { keys: pairs.map((p, i) => jwk(p, "abc"[i])) }, algorithms: ["RS256"] };
  const wrong = sign({ alg: "RS256", kid: "a" }, pairs[2].privateKey);
  const lean = await post("/verify", { token: wrong, options: named });
  assert.equal(lean.status, 200, JSON.stringify(lean.body));
  assert.deepEqual(lean.body, { ok: false, code: "signature_invalid", finding: "signature_invalid", findings: ["signature_invalid"], detail: { keysTried: 1, kid: "a" } });
  const full = await post("/verify", { token: wrong, options: named, report: true });
  assert.ok(full.body.reportCodes.includes("verifies_with_other_key"), JSON.stringify(full.body));

  // no kids: the candidates are handed to crypto.subtle one after the other
  const anonymous = { jwks: { keys: pairs.map((p) => jwk(p)) }, algorithms: ["RS256"] };
  const third = await post("/verify", { token: sign({ alg: "RS256" }, pairs[2].privateKey), options: anonymous });
  assert.equal(third.body.ok, true, JSON.stringify(third.body));
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const none = await post("/verify", { token: sign({ alg: "RS256" }, stranger.privateKey), options: anonymous });
  assert.equal(none.body.code, "signature_invalid", JSON.stringify(none.body));
  assert.equal(none.body.detail.keysTried, 3);
});

edgeTest("createRemoteJWKSet() fetches a JWKS from a loopback server", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = signHS256({ alg: "HS256", typ: "JWT", kid: "k1" }, { iss: "edge", sub: "u1", iat: now, exp: now + 600 });
  const hits = jwksHits;
  const { status, body } = await post("/verify-remote", { token, options: { algorithms: ["HS256"] } });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.ok, true, JSON.stringify(body));
  assert.equal(body.payload.sub, "u1");
  assert.equal(body.key.kid, "k1");
  assert.equal(jwksHits, hits + 1, "the worker did not fetch the JWKS exactly once");

  // The set is cached in the instance: a second token does not refetch.
  const again = await post("/verify-remote", { token, options: { algorithms: ["HS256"] } });
  assert.equal(again.body.ok, true, JSON.stringify(again.body));
  assert.equal(jwksHits, hits + 1, "the JWKS was refetched");

  // A token signed with another key is refused with the same set.
  const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${b64url(Buffer.alloc(32, 7))}`;
  const bad = await post("/verify-remote", { token: forged, options: { algorithms: ["HS256"] } });
  assert.equal(bad.body.ok, false);
  assert.equal(bad.body.code, "signature_invalid", JSON.stringify(bad.body));
});

edgeTest("with workerd's default outbound, the loopback JWKS is unreachable", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = signHS256({ alg: "HS256", kid: "k1" }, { iat: now, exp: now + 600 });
  const hits = jwksHits;
  const { status, body } = await post("/verify-remote", { token, options: { algorithms: ["HS256"] } }, restrictedBase);
  // not the token's fault: a JwtConfigError, which the worker answers 503
  assert.equal(status, 503, JSON.stringify(body));
  assert.deepEqual(body, { ok: false, kind: "config", code: "key_invalid", reason: "jwks_unavailable", transient: true });
  assert.equal(jwksHits, hits, "the restricted worker reached the JWKS server");
});
