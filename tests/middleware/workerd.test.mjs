// jwt-doctor/hono (and /fetch) in real workerd: the Hono app of hono-app.mjs bundled by
// `wrangler deploy --dry-run` (hono and the package resolved from node_modules with the Worker
// conditions, the .wasm left as a module of its own), run by workerd on 127.0.0.1 with a
// loopback-only outbound network, against a JWKS server on another loopback port.
//
//   bash scripts/build.sh && node --test tests/middleware/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/modules.mjs";
import { requireTool, run, spawnTracked, stopChild, waitForHttp } from "../package/fixture.mjs";
import { honoSuite } from "./hono-suite.mjs";
import { deadJwksUrl, makeKeys, makeTokens, startJwksServer } from "./helpers.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const capnpString = (s) => JSON.stringify(s); // ASCII names and paths: JSON escapes are capnp's

let dir;
let jwks;
let workerd;
let fx;

/** Bundles worker.mjs into dir/dist; returns the module list for workerd. */
async function bundle() {
  writeFileSync(path.join(dir, "wrangler.json"), JSON.stringify({
    name: "jwt-doctor-middleware-test",
    main: path.join(HERE, "worker.mjs"),
    compatibility_date: "2025-01-01",
  }));
  const [cmd, ...args] = requireTool("wrangler");
  const r = await run(cmd, [...args, "deploy", "--dry-run", "--outdir", "dist"], {
    cwd: dir,
    timeout: 90000,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      XDG_CONFIG_HOME: path.join(dir, "xdg"),
      WRANGLER_LOG_PATH: path.join(dir, "wrangler-logs"),
      CI: "true",
      NO_COLOR: "1",
    },
  });
  assert.equal(r.code, 0, `wrangler failed:\n${r.output()}`);
  const out = readdirSync(path.join(dir, "dist"));
  const wasm = out.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `dist/: ${out.join(", ")}`);
  const source = readFileSync(path.join(dir, "dist", "worker.js"), "utf8");
  assert.match(source, /index\.workerd\.js/, "the bundle does not hold the workerd entry");
  return [
    { name: "worker.js", kind: "esModule", embed: "dist/worker.js" },
    { name: wasm[0], kind: "wasm", embed: `dist/${wasm[0]}` },
  ];
}

function config(port, modules, bindings) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # outbound fetch() of the Worker: loopback only (the JWKS servers)
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = ${capnpString(`127.0.0.1:${port}`)}, http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
${modules.map((m) => `    (name = ${capnpString(m.name)}, ${m.kind} = embed ${capnpString(m.embed)}),`).join("\n")}
  ],
  bindings = [
${Object.entries(bindings).map(([k, v]) => `    (name = ${capnpString(k)}, text = ${capnpString(v)}),`).join("\n")}
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`;
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "jwt-doctor-middleware-"));
  const keys = makeKeys();
  jwks = await startJwksServer(keys.jwks);
  const deadUrl = await deadJwksUrl();
  const modules = await bundle();
  const port = await freePort();
  const text = config(port, modules, { JWKS_URL: jwks.url, DEAD_JWKS_URL: deadUrl });
  writeFileSync(path.join(dir, "config.capnp"), text);
  const [cmd, ...args] = requireTool("workerd");
  workerd = spawnTracked(cmd, [...args, "serve", "--verbose", "config.capnp"], { cwd: dir, env: { ...process.env, PWD: dir } });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, { child: workerd, timeout: 20000, describe: () => `${workerd.err}\n--- config.capnp ---\n${text}` });
  fx = { base, tokens: makeTokens(keys), deadUrl };
});

after(async () => {
  if (workerd) await stopChild(workerd);
  await jwks?.close();
  if (process.env.JWT_DOCTOR_KEEP_TMP) console.log(`# kept ${dir}`);
  else if (dir) rmSync(dir, { recursive: true, force: true });
});

honoSuite("Hono in workerd", () => fx);

test("workerd: the Worker fetched the JWKS once over loopback", () => {
  assert.equal(jwks.hits(), 1);
});
