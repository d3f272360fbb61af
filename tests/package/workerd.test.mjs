// The installed tarball in workerd (the Cloudflare Workers runtime): once with the package's own
// modules resolved through its `workerd` condition (as tests/edge/workerd.test.mjs does for pkg/,
// here from the tarball), once bundled by `wrangler deploy --dry-run` and run from its dist/.
// The Worker verifies A.1 with a local key and a jose-signed RS256 token with
// createRemoteJWKSet() against a Node http server on another loopback port (network
// allow = ["local"]).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import {
  A1, A1_OPTIONS, PACKAGE_NAME, moduleGraph, packAndInstall, resolveRoot, rs256Material, stopChild, track,
} from "./fixture.mjs";
import { startWorkerd as startWorkerdIn, wranglerBundle } from "../support/workerd.mjs";

// The conditions wrangler (esbuild) resolves a Worker's imports with, plus "import"/"default".
const WORKER_CONDITIONS = ["workerd", "worker", "browser", "import", "default"];

const WORKER_SOURCE = `import { verify, inspect, JwtError, createRemoteJWKSet } from "jwt-doctor";

let remote = null;
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return new Response("ok");
    const body = await request.json();
    try {
      let options = body.options;
      if (body.remote) {
        remote ??= createRemoteJWKSet(env.JWKS_URL, { timeout: 3 });
        options = { ...options, jwks: remote };
      }
      const inspected = body.remote ? null : inspect(body.token, options).valid;
      const r = await verify(body.token, options);
      return Response.json({ ok: true, inspected, payload: r.payload, key: r.key });
    } catch (e) {
      if (e instanceof JwtError) return Response.json({ ok: false, code: e.code, findings: e.findings.map((f) => f.code) });
      return Response.json({ ok: false, error: String(e?.name), message: String(e?.message ?? e), stack: String(e?.stack) }, { status: 500 });
    }
  },
};
`;

let fx;
let rs;
let jwksUrl;
let jwksHits = 0;

before(async () => {
  [fx, rs] = await Promise.all([packAndInstall("workerd"), rs256Material()]);
  const server = track(createServer((req, res) => {
    if (req.url === "/jwks.json") {
      jwksHits++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(rs.jwks));
    } else {
      res.writeHead(404).end();
    }
  }));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${server.address().port}/jwks.json`;
});
after(async () => {
  await fx?.cleanup();
});

/** Starts the Worker of `modules` in workerd, the JWKS server's URL bound as JWKS_URL. */
const startWorkerd = (dir, modules) => startWorkerdIn(dir, { modules, bindings: { JWKS_URL: jwksUrl } });

async function post(base, body) {
  const res = await fetch(base + "/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
}

/** The verifications both Workers must pass. */
async function exercise(w) {
  const a1 = await post(w.base, { token: A1.token, options: A1_OPTIONS });
  assert.deepEqual({ ok: a1.ok, inspected: a1.inspected, payload: a1.payload, alg: a1.key?.alg },
    { ok: true, inspected: true, payload: { iss: "joe", exp: 1300819380, "http://example.com/is_root": true }, alg: "HS256" },
    `A.1 in the Worker: ${JSON.stringify(a1)}\n${w.log()}`);

  const hits = jwksHits;
  const options = { algorithms: ["RS256"], issuer: rs.issuer };
  const good = await post(w.base, { token: rs.token, options, remote: true });
  assert.equal(good.ok, true, `RS256 via the remote JWKS: ${JSON.stringify(good)}\n${w.log()}`);
  assert.equal(good.payload.sub, "user-42");
  assert.equal(good.key.kid, rs.kid);
  assert.equal(jwksHits, hits + 1, "the Worker did not fetch the JWKS from the loopback server exactly once");

  const bad = await post(w.base, { token: rs.tampered, options, remote: true });
  assert.deepEqual({ ok: bad.ok, code: bad.code }, { ok: false, code: "signature_invalid" }, `tampered token: ${JSON.stringify(bad)}`);
}

test("workerd: the workerd entry of the installed tarball (unbundled) verifies A.1 and RS256 via a remote JWKS", async (t) => {
  const entryRel = resolveRoot(fx.manifest, WORKER_CONDITIONS);
  assert.ok(entryRel, "exports has no target for the Worker conditions");
  assert.equal(resolveRoot(fx.manifest, ["workerd"]), entryRel,
    `a Worker bundler resolving [${WORKER_CONDITIONS}] picks ${entryRel}, not the "workerd" target: check the key order of exports["."]`);
  const entry = path.resolve(fx.installed, entryRel);
  const { files, problems } = moduleGraph(fx.installed, entry);
  assert.deepEqual(problems, [], `the workerd entry's module graph is not self-contained:\n  ${problems.join("\n  ")}`);

  // Module names are paths: the entry answers the bare specifier "jwt-doctor" and sits at the
  // root, so its "./x.js" imports resolve to "x.js", the other modules' names.
  const dir = path.join(fx.tmp, "workerd-direct");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "worker.mjs"), WORKER_SOURCE);
  const modules = [{ name: "worker.mjs", kind: "esModule", embed: "worker.mjs" }];
  for (const file of files) {
    const rel = path.relative(fx.installed, file).split(path.sep).join("/");
    mkdirSync(path.dirname(path.join(dir, "pkg", rel)), { recursive: true });
    copyFileSync(file, path.join(dir, "pkg", rel));
    const name = file === entry ? PACKAGE_NAME : path.relative(path.dirname(entry), file).split(path.sep).join("/");
    const kind = file.endsWith(".wasm") ? "wasm" : file.endsWith(".json") ? "json" : "esModule";
    modules.push({ name, kind, embed: `pkg/${rel}` });
  }
  const w = await startWorkerd(dir, modules);
  try {
    await exercise(w);
    t.diagnostic(`${entryRel}; ${modules.length} modules; workerd ready in ${w.readyMs} ms`);
  } finally {
    await stopChild(w.child);
  }
});

test("wrangler deploy --dry-run bundles a Worker importing jwt-doctor; dist/ runs in workerd", async (t) => {
  const app = path.join(fx.project); // the consumer project: node_modules/jwt-doctor is the tarball
  mkdirSync(path.join(app, "src"), { recursive: true });
  writeFileSync(path.join(app, "src", "worker.js"), WORKER_SOURCE);
  const { modules, source: bundle, out, result: r } = await wranglerBundle({
    dir: app, main: "src/worker.js", name: "jwt-doctor-package-test", logDir: fx.tmp,
  });
  assert.match(bundle, /node_modules\/jwt-doctor\/index\.workerd\.js/, "wrangler did not bundle the workerd entry");

  const w = await startWorkerd(app, modules);
  try {
    await exercise(w);
    t.diagnostic(`wrangler ${r.ms} ms; dist: ${out.join(", ")}; workerd ready in ${w.readyMs} ms`);
  } finally {
    await stopChild(w.child);
  }
});
