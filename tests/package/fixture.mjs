// Shared fixture of the package tests: the tarball `npm pack ./pkg` makes, installed into a fresh
// temporary project the way a user installs it, plus the tools to drive other runtimes on it.
//
//   bash scripts/build.sh && node --test tests/package/
//
// Each test file calls `packAndInstall()` in its `before()` and `fixture.cleanup()` in `after()`
// (node --test runs each file in its own process, so each file packs its own copy: ~1 s).
// Every child process and server goes through `spawnTracked()` / `track()` and is ended by its
// own PID in `cleanup()`; servers listen on 127.0.0.1 only.
//
// JWT_DOCTOR_PACKAGE_DIR=<dir> packs another directory instead of pkg/ (used to check that the
// tests fail on a broken copy of the package without touching pkg/). JWT_DOCTOR_KEEP_TMP=1 keeps
// the temporary directories.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = path.resolve(process.env.JWT_DOCTOR_PACKAGE_DIR || path.join(ROOT, "pkg"));
export const NODE_MODULES = path.join(ROOT, "node_modules");
export const PACKAGE_NAME = "jwt-doctor";
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// RFC 7515 appendix A.1.
export const A1 = {
  token:
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  key: { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" },
  algorithms: ["HS256"],
  now: 1300819000,
};
export const A1_OPTIONS = { key: A1.key, algorithms: A1.algorithms, now: A1.now };

// --- tools from the repo's node_modules ----------------------------------------------------------

/**
 * How to run a dev tool: [command, ...leading args]. Uses node_modules/.bin when it is there, and
 * otherwise the package's own bin (JS bins run with this node; native binaries directly), so the
 * tests do not depend on npm having linked .bin. Deno runs as its native binary rather than
 * through bin.cjs (a node wrapper that would leave an orphan when killed).
 */
export function tool(name) {
  const pkgOf = { attw: "@arethetypeswrong/cli", tsc: "typescript" };
  const pkgName = pkgOf[name] ?? name;
  if (name === "deno") {
    const candidates = [path.join(NODE_MODULES, "deno", "deno")];
    const scope = path.join(NODE_MODULES, "@deno");
    if (existsSync(scope)) for (const d of readdirSync(scope)) candidates.push(path.join(scope, d, "deno"));
    const found = candidates.find((c) => existsSync(c));
    if (found) return [found];
  }
  const dotBin = path.join(NODE_MODULES, ".bin", name);
  if (existsSync(dotBin) && name !== "deno") return isNodeScript(dotBin) ? [process.execPath, dotBin] : [dotBin];
  const manifestPath = path.join(NODE_MODULES, pkgName, "package.json");
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const rel = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[name];
  if (!rel) return null;
  // (bun: package.json says bin/bun.exe; its postinstall puts the native binary there)
  const file = path.join(NODE_MODULES, pkgName, rel);
  if (!existsSync(file)) return null;
  return isNodeScript(file) ? [process.execPath, file] : [file];
}

function isNodeScript(file) {
  if (/\.(c|m)?js$/.test(file)) return true;
  const head = readFileSync(file).subarray(0, 64).toString("latin1");
  return head.startsWith("#!") && head.split("\n")[0].includes("node");
}

/** Like tool(), but throws a clear error when the tool is not installed. */
export function requireTool(name) {
  const t = tool(name);
  if (!t) throw new Error(`${name} is not installed in node_modules (run \`npm ci\`)`);
  return t;
}

// --- child processes -------------------------------------------------------------------------------

const children = new Set();

/** spawn(), remembered so cleanup() can end it by its PID. */
export function spawnTracked(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  children.add(child);
  child.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      children.delete(child);
      child.exitStatus = { code, signal };
      resolve(child.exitStatus);
    });
    child.once("error", (error) => {
      children.delete(child);
      child.exitStatus = { code: null, signal: null, error: error.message };
      resolve(child.exitStatus);
    });
  });
  child.out = "";
  child.err = "";
  child.stdout?.setEncoding("utf8").on("data", (d) => (child.out += d));
  child.stderr?.setEncoding("utf8").on("data", (d) => (child.err += d));
  return child;
}

/** Ends one child by its PID: SIGTERM, then SIGKILL after `grace` ms. */
export async function stopChild(child, grace = 3000) {
  if (!child || child.exitStatus) return;
  try {
    process.kill(child.pid, "SIGTERM");
  } catch {}
  const timer = setTimeout(() => {
    try {
      if (!child.exitStatus) process.kill(child.pid, "SIGKILL");
    } catch {}
  }, grace);
  await child.exited;
  clearTimeout(timer);
}

// If a test process dies without its after(), leave nothing behind.
process.on("exit", () => {
  for (const child of children) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {}
  }
});

/**
 * Runs a command to its end (killed by PID after `timeout` ms). Resolves to
 * { code, signal, stdout, stderr, ms, output() } and never rejects for a non-zero exit.
 */
export async function run(cmd, args, { timeout = 60000, ...options } = {}) {
  const t0 = performance.now();
  const child = spawnTracked(cmd, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stopChild(child, 1000);
  }, timeout);
  const status = await child.exited;
  clearTimeout(timer);
  const result = {
    ...status,
    timedOut,
    stdout: child.out,
    stderr: child.err,
    ms: Math.round(performance.now() - t0),
  };
  result.output = () =>
    `$ ${[cmd, ...args].join(" ")}\n(exit ${status.code}${status.signal ? `, signal ${status.signal}` : ""}${timedOut ? `, killed after ${timeout} ms` : ""}${status.error ? `, ${status.error}` : ""})\n--- stdout ---\n${child.out}\n--- stderr ---\n${child.err}`;
  return result;
}

// --- servers -----------------------------------------------------------------------------------

const servers = new Set();

/** Remembers a server for cleanup(). */
export function track(server) {
  servers.add(server);
  return server;
}

export function closeServer(server) {
  servers.delete(server);
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}


/** Polls `url` until it answers 200 (or `child` exits, or the deadline passes). */
export async function waitForHttp(url, { child, timeout = 20000, describe = () => "" } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child?.exitStatus) {
      throw new Error(`${url}: the server exited (${JSON.stringify(child.exitStatus)}) before answering\n${describe()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeout} ms\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// --- the tarball, installed ------------------------------------------------------------------------

/** Fails with a clear message when pkg/ was not built. */
export function requirePackageBuilt() {
  for (const f of ["package.json", "jwt_doctor_bg.wasm"]) {
    if (!existsSync(path.join(PKG, f))) {
      throw new Error(`${path.relative(ROOT, path.join(PKG, f)) || PKG} is missing: build the package first (\`bash scripts/build.sh\`)`);
    }
  }
}

/**
 * npm pack ./pkg into a fresh temporary directory and install the tarball into a new project
 * there (offline: the package has no dependencies). Returns
 *   { tmp, tarball, tarballBytes, project, installed, manifest, cleanup() }
 * where `project` is the consumer project and `installed` its node_modules/jwt-doctor.
 */
export async function packAndInstall(label) {
  requirePackageBuilt();
  const tmp = mkdtempSync(path.join(tmpdir(), `jwt-doctor-package-${label}-`));
  const npmEnv = {
    ...process.env,
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_cache: path.join(tmp, "npm-cache"),
    npm_config_loglevel: "warn",
  };
  const packed = await run("npm", ["pack", "--json", "--pack-destination", tmp, PKG], { cwd: tmp, env: npmEnv, timeout: 60000 });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output()}`);
  let info;
  try {
    info = JSON.parse(packed.stdout)[0];
  } catch {
    throw new Error(`npm pack --json printed no JSON:\n${packed.output()}`);
  }
  const tarball = path.join(tmp, info.filename);
  if (!existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}:\n${packed.output()}`);

  const project = path.join(tmp, "project");
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  const installed = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: project, env: npmEnv, timeout: 60000 });
  if (installed.code !== 0) throw new Error(`npm install of the tarball failed:\n${installed.output()}`);
  const dir = path.join(project, "node_modules", PACKAGE_NAME);
  if (!existsSync(path.join(dir, "package.json"))) throw new Error(`npm install did not create ${dir}:\n${installed.output()}`);
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);

  return {
    tmp,
    tarball,
    tarballBytes: statSync(tarball).size,
    packInfo: info,
    project,
    installed: dir,
    manifest: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")),
    async cleanup({ keep = false } = {}) {
      await Promise.all([...children].map((c) => stopChild(c)));
      await Promise.all([...servers].map((s) => closeServer(s)));
      if (keep || process.env.JWT_DOCTOR_KEEP_TMP) {
        console.log(`# kept ${tmp}`);
      } else {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}

export { freePort, importSpecifiers, moduleGraph } from "../support/modules.mjs";

// --- exports-map resolution (for workerd, which has no resolver of its own) ------------------------

/** Node's conditional-exports matching: the first key, in order, that is a wanted condition. */
export function resolveConditional(target, conditions) {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveConditional(t, conditions);
      if (r) return r;
    }
    return null;
  }
  if (target && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (conditions.includes(key)) {
        const r = resolveConditional(value, conditions);
        if (r) return r;
      }
    }
  }
  return null;
}

/** What `import "jwt-doctor"` means under `conditions`, as a path relative to the package. */
export function resolveRoot(manifest, conditions) {
  const exp = manifest.exports;
  const dot = exp && typeof exp === "object" && !Array.isArray(exp) && "." in exp ? exp["."] : exp;
  return resolveConditional(dot, conditions);
}

// --- a consumer script, the same for Node, Deno and Bun ---------------------------------------------

/**
 * RS256 material signed at test time with jose (the repo's dev dependency): a key set, a token it
 * verifies, and a tampered copy (payload changed, signature kept).
 */
export async function rs256Material() {
  const jose = await import("jose");
  const { publicKey, privateKey } = await jose.generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const kid = "pkg-test-rs256";
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const now = Math.floor(Date.now() / 1000);
  const token = await new jose.SignJWT({ sub: "user-42", scope: "read" })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer("https://issuer.test")
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(privateKey);
  const [h, p, s] = token.split(".");
  const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: "admin" })).toString("base64url")}.${s}`;
  return { jwks: { keys: [jwk] }, kid, token, tampered, issuer: "https://issuer.test" };
}

/**
 * An ES module that imports jwt-doctor by its name and prints one JSON line: which file the name
 * resolved to, the A.1 verdict (inspect and verify), and, given RS256 material, a local-JWKS
 * verification and the tampered copy's rejection.
 */
export function consumerScript(input) {
  return `// generated by tests/package/fixture.mjs
import { inspect, verify, createLocalJWKSet, JwtError, FINDINGS, init } from "jwt-doctor";

const input = ${JSON.stringify(input)};
const out = {
  runtime: globalThis.Deno ? "deno " + Deno.version.deno : globalThis.Bun ? "bun " + Bun.version : "node " + process.version,
  // null inside a bundle, which has no package to resolve
  resolved: (() => { try { return import.meta.resolve("jwt-doctor"); } catch { return null; } })(),
};
const report = inspect(input.a1.token, input.a1.options);
out.a1 = { valid: report.valid, verified: report.signature.verified, alg: report.signature.alg, codes: report.findings.map((f) => f.code) };
const verified = await verify(input.a1.token, input.a1.options);
out.a1Verify = { iss: verified.payload.iss, alg: verified.key.alg, root: verified.payload["http://example.com/is_root"] };
await init(); // a no-op where the entry instantiated the module at import
if (input.rs256) {
  const options = { jwks: createLocalJWKSet(input.rs256.jwks), algorithms: ["RS256"], issuer: input.rs256.issuer };
  const ok = await verify(input.rs256.token, options);
  out.rs256 = { sub: ok.payload.sub, kid: ok.key.kid, alg: ok.key.alg };
  try {
    await verify(input.rs256.tampered, options);
    out.tampered = { resolved: true };
  } catch (e) {
    out.tampered = { isJwtError: e instanceof JwtError, name: e?.name, code: e?.code, reportValid: e?.report?.valid };
  }
}
// jwt-doctor/fetch: a subpath that reaches this runtime's entry through package.json "imports"
const { authenticate } = await import("jwt-doctor/fetch");
const request = (authorization) => new Request("http://127.0.0.1/", { headers: authorization ? { authorization } : {} });
const fetchOptions = { ...input.a1.options, log: false };
const answer = async (r) => r.ok ? { ok: true, iss: r.payload.iss } : { ok: false, status: r.response.status, www: r.response.headers.get("www-authenticate"), body: await r.response.json() };
out.fetch = {
  good: await answer(await authenticate(request(\`Bearer \${input.a1.token}\`), fetchOptions)),
  double: await answer(await authenticate(request(\`Bearer Bearer \${input.a1.token}\`), fetchOptions)),
  none: await answer(await authenticate(request(), fetchOptions)),
};
out.findingCodes = FINDINGS.map((f) => f.code);
console.log(JSON.stringify(out));
`;
}

/** What consumerScript's jwt-doctor/fetch requests must answer (A.1: good, Bearer Bearer, none). */
export const CONSUMER_FETCH = {
  good: { ok: true, iss: "joe" },
  double: {
    ok: false, status: 401, www: 'Bearer realm="api", error="invalid_token", error_description="double_bearer"',
    body: { error: "invalid_token", code: "double_bearer" },
  },
  none: { ok: false, status: 401, www: 'Bearer realm="api"', body: { error: "unauthorized", code: "missing_token" } },
};

/** The last JSON line a consumer printed. */
export function parseConsumerOutput(result) {
  const line = result.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (result.code !== 0 || !line) throw new Error(`the consumer script failed:\n${result.output()}`);
  return JSON.parse(line);
}
