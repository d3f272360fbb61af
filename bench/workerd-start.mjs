// What the WebAssembly module costs a workerd isolate at start: workerd (npm `workerd`) is
// started on 127.0.0.1 with a Worker whose top level instantiates pkg/jwt_doctor_bg.wasm the way
// the package's workerd entry does (`import wasm from "./jwt_doctor_bg.wasm"`, a compiled
// WebAssembly.Module, then wasm-bindgen's `initSync`), and again with the same Worker without the
// module; the figure is the difference in time from spawn to the first answer, best of N starts
// each, interleaved. (Inside a Worker the clock only moves on I/O, so it cannot time itself.)
//
//   bash scripts/build.sh && node bench/workerd-start.mjs [--runs 9]
//
// Prints one JSON line; bench/run.mjs reads it into results.json (meta.workerd).
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../tests/support/modules.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORKERD = path.join(ROOT, "node_modules/.bin/workerd");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

const WITH_WASM = `import wasm from "jwt_doctor_bg.wasm";
import { initSync } from "jwt_doctor.js";
initSync({ module: wasm });
export default { fetch() { return new Response("ok"); } };
`;
const WITHOUT = `import "jwt_doctor.js";
export default { fetch() { return new Response("ok"); } };
`;

function config(port, withWasm) {
  const modules = [`(name = "worker.mjs", esModule = embed "worker.mjs")`, `(name = "jwt_doctor.js", esModule = embed "jwt_doctor.js")`];
  if (withWasm) modules.push(`(name = "jwt_doctor_bg.wasm", wasm = embed "jwt_doctor_bg.wasm")`);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (modules = [${modules.join(", ")}], compatibilityDate = "2025-01-01"))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`;
}

async function startOnce(dir, withWasm) {
  const port = await freePort();
  writeFileSync(path.join(dir, "worker.mjs"), withWasm ? WITH_WASM : WITHOUT);
  writeFileSync(path.join(dir, "config.capnp"), config(port, withWasm));
  const t0 = performance.now();
  const child = spawn(WORKERD, ["serve", path.join(dir, "config.capnp")], { stdio: "ignore" });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if ((await res.text()) === "ok") return performance.now() - t0;
      } catch {
        await new Promise((r) => setTimeout(r, 2));
      }
      if (performance.now() - t0 > 20_000) throw new Error("workerd did not answer in 20 s");
    }
  } finally {
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
  }
}

const dir = mkdtempSync(path.join(tmpdir(), "jwt-doctor-workerd-start-"));
try {
  for (const f of ["jwt_doctor.js", "jwt_doctor_bg.wasm"]) copyFileSync(path.join(ROOT, "pkg", f), path.join(dir, f));
  let withWasm = Infinity;
  let without = Infinity;
  for (let i = 0; i < RUNS; i++) {
    without = Math.min(without, await startOnce(dir, false));
    withWasm = Math.min(withWasm, await startOnce(dir, true));
  }
  const r = (x) => Math.round(x * 10) / 10;
  console.log(JSON.stringify({ startMs: r(withWasm), startWithoutModuleMs: r(without), moduleMs: r(withWasm - without), runs: RUNS }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
