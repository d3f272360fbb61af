// The module's size budget (SPEC §6: at most 300 KB gzip with every algorithm; a Worker on the
// free plan may be 3 MB compressed, and every edge user downloads it). Measured on the built
// package as a user installs it, by `gzip -9`, as scripts/build.sh prints it (node's zlib at
// level 9 comes out about 2 KB larger on this module).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

const BUDGET = 300 * 1024;

test("the verifying module is within its size budget (300 KB gzip)", () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("jwt-doctor/jwt_doctor_bg.wasm"));
  const gz = execFileSync("gzip", ["-9c"], { input: wasm, maxBuffer: 16 * 1024 * 1024 }).length;
  console.log(`jwt_doctor_bg.wasm: ${wasm.length} bytes, ${gz} bytes gzip (budget ${BUDGET}, ${BUDGET - gz} to spare)`);
  assert.ok(gz <= BUDGET, `the module is ${gz} bytes gzip, over the ${BUDGET}-byte budget`);
});

test("the rehearsal's module is apart from it, loaded by rehearse() only", () => {
  const require = createRequire(import.meta.url);
  const dir = require.resolve("jwt-doctor/package.json").replace(/package\.json$/, "");
  const wasm = readFileSync(`${dir}jwt_doctor_rehearse_bg.wasm`);
  const gz = execFileSync("gzip", ["-9c"], { input: wasm, maxBuffer: 16 * 1024 * 1024 }).length;
  console.log(`jwt_doctor_rehearse_bg.wasm: ${wasm.length} bytes, ${gz} bytes gzip`);
  // the verifying module exports no rehearse; the rehearsal's exports nothing but it
  const main = new WebAssembly.Module(readFileSync(require.resolve("jwt-doctor/jwt_doctor_bg.wasm")));
  assert.ok(!WebAssembly.Module.exports(main).some((e) => e.name === "rehearse"));
  const own = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name).filter((n) => !n.startsWith("__") && n !== "memory");
  assert.deepEqual(own, ["rehearse"]);
});
