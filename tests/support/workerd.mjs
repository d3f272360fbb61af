// Running a Worker in workerd from a test: the capnp config (loopback-only outbound network,
// text bindings) and `wrangler deploy --dry-run` bundling. Shared by the packed-tarball test
// (tests/package) and the middleware test (tests/middleware).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { requireTool, run, spawnTracked, waitForHttp } from "../package/fixture.mjs";
import { freePort } from "./modules.mjs";

const capnpString = (s) => JSON.stringify(s); // ASCII names and paths: JSON escapes are capnp's

/** A workerd config serving `modules` on 127.0.0.1:port; outbound fetch() reaches loopback only. */
export function workerdConfig({ port, modules, bindings = {} }) {
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

/**
 * Bundles the Worker `main` with `wrangler deploy --dry-run --outdir dist` in `dir` (offline,
 * no account); returns workerd's module list for dist/ (the bundle and its one content-hashed
 * .wasm), the bundle's source and wrangler's run.
 */
export async function wranglerBundle({ dir, main, name, logDir = dir }) {
  writeFileSync(path.join(dir, "wrangler.json"), JSON.stringify({ name, main, compatibility_date: "2025-01-01" }, null, 2));
  const [cmd, ...args] = requireTool("wrangler");
  const result = await run(cmd, [...args, "deploy", "--dry-run", "--outdir", "dist"], {
    cwd: dir,
    timeout: 90000,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      XDG_CONFIG_HOME: path.join(logDir, "xdg"),
      WRANGLER_LOG_PATH: path.join(logDir, "wrangler-logs"),
      CI: "true",
      NO_COLOR: "1",
    },
  });
  assert.equal(result.code, 0, `wrangler failed:\n${result.output()}`);
  const out = readdirSync(path.join(dir, "dist"));
  const wasm = out.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `dist/ should hold one .wasm (content-hashed): ${out.join(", ")}`);
  assert.ok(out.includes("worker.js"), `no dist/worker.js: ${out.join(", ")}`);
  const source = readFileSync(path.join(dir, "dist", "worker.js"), "utf8");
  assert.ok(source.includes(`./${wasm[0]}`), `the bundle does not import ./${wasm[0]}`);
  return {
    modules: [
      { name: "worker.js", kind: "esModule", embed: "dist/worker.js" },
      { name: wasm[0], kind: "wasm", embed: `dist/${wasm[0]}` },
    ],
    source,
    out,
    result,
  };
}

/**
 * Starts workerd on `dir/config.capnp` (written here) on a free loopback port; resolves to
 * `{ base, child, log(), readyMs }` once GET /health answers 200. Stop it with stopChild(child).
 */
export async function startWorkerd(dir, { modules, bindings }) {
  const port = await freePort();
  const config = workerdConfig({ port, modules, bindings });
  writeFileSync(path.join(dir, "config.capnp"), config);
  const [cmd, ...args] = requireTool("workerd");
  const child = spawnTracked(cmd, [...args, "serve", "--verbose", "config.capnp"], { cwd: dir, env: { ...process.env, PWD: dir } });
  const base = `http://127.0.0.1:${port}`;
  const log = () => `--- workerd stderr ---\n${child.err}\n--- workerd stdout ---\n${child.out}\n--- config.capnp ---\n${config}`;
  const t0 = performance.now();
  await waitForHttp(`${base}/health`, { child, timeout: 20000, describe: log });
  return { base, child, log, readyMs: Math.round(performance.now() - t0) };
}
