// The installed tarball in Deno and Bun, and bundled: a script in the consumer project imports
// jwt-doctor by its name and verifies A.1 (and a jose-signed RS256 token with a local JWKS). Both
// runtimes resolve the bare name through node_modules and the exports map with their own
// condition first (Deno: "deno", …; Bun: "bun", …), which is the inline entry: the module's
// bytes are in the JavaScript, so Deno needs no --allow-read and `bun build --compile` binaries
// and esbuild bundles (`--conditions=inline`) carry it with them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  A1, A1_OPTIONS, CONSUMER_FETCH, consumerScript, packAndInstall, parseConsumerOutput, requireTool, resolveRoot, rs256Material, run,
} from "./fixture.mjs";

let fx;
let rs;
let script;

before(async () => {
  [fx, rs] = await Promise.all([packAndInstall("deno-bun"), rs256Material()]);
  script = path.join(fx.project, "consumer.mjs");
  writeFileSync(script, consumerScript({ a1: { token: A1.token, options: A1_OPTIONS }, rs256: rs }));
});
after(async () => {
  await fx?.cleanup();
});

function check(out, conditions) {
  if (conditions) {
    const expected = resolveRoot(fx.manifest, conditions);
    assert.equal(expected, "./inline.js", `[${conditions}]`);
    assert.equal(out.resolved, pathToFileURL(path.resolve(fx.installed, expected)).href,
      `${out.runtime} resolved jwt-doctor to ${out.resolved}; with [${conditions}] the exports map says ${expected}`);
  }
  assert.deepEqual(out.a1, { valid: true, verified: true, alg: "HS256", codes: [] }, out.runtime);
  assert.deepEqual(out.a1Verify, { iss: "joe", alg: "HS256", root: true }, out.runtime);
  assert.deepEqual(out.rs256, { sub: "user-42", kid: rs.kid, alg: "RS256" }, out.runtime);
  assert.deepEqual(out.tampered, { isJwtError: true, name: "JwtError", code: "signature_invalid", reportValid: false }, out.runtime);
  assert.deepEqual(out.fetch, CONSUMER_FETCH, `${out.runtime}: jwt-doctor/fetch`);
}

test("Deno: import by name (nodeModulesDir: manual) resolves the inline entry and verifies, without --allow-read", async (t) => {
  const [cmd, ...args] = requireTool("deno");
  // deno.json: use the project's node_modules as npm installed it (no registry, no download).
  writeFileSync(path.join(fx.project, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
  const r = await run(cmd, [...args, "run", "--no-lock", "--no-prompt", "consumer.mjs"], {
    cwd: fx.project,
    timeout: 60000,
    env: { ...process.env, DENO_DIR: path.join(fx.tmp, "deno-dir"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  });
  const out = parseConsumerOutput(r);
  check(out, ["deno", "node", "import", "default"]);
  t.diagnostic(`${out.runtime}: ${path.basename(out.resolved)} (${r.ms} ms)`);
});

test("Bun: import by name resolves the inline entry and verifies", async (t) => {
  const [cmd, ...args] = requireTool("bun");
  const r = await run(cmd, [...args, "consumer.mjs"], {
    cwd: fx.project,
    timeout: 60000,
    env: {
      ...process.env,
      BUN_INSTALL_CACHE_DIR: path.join(fx.tmp, "bun-cache"),
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0",
      DO_NOT_TRACK: "1",
      NO_COLOR: "1",
    },
  });
  const out = parseConsumerOutput(r);
  check(out, ["bun", "node", "import", "default"]);
  t.diagnostic(`${out.runtime}: ${path.basename(out.resolved)} (${r.ms} ms)`);
});

/** A directory outside the consumer project (no node_modules, no .wasm file anywhere near). */
function elsewhere(name) {
  const dir = path.join(fx.tmp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

test("bun build --compile: the binary runs from another directory (the module travels inside it)", async (t) => {
  const [cmd, ...args] = requireTool("bun");
  const bunEnv = { ...process.env, BUN_INSTALL_CACHE_DIR: path.join(fx.tmp, "bun-cache"), DO_NOT_TRACK: "1", NO_COLOR: "1" };
  const binary = path.join(elsewhere("bun-compiled"), "consumer");
  const built = await run(cmd, [...args, "build", "--compile", "consumer.mjs", "--outfile", binary], { cwd: fx.project, timeout: 120000, env: bunEnv });
  assert.equal(built.code, 0, built.output());
  const r = await run(binary, [], { cwd: path.dirname(binary), timeout: 60000, env: bunEnv });
  const out = parseConsumerOutput(r);
  check(out, null);
  t.diagnostic(`${out.runtime}: compiled binary (${built.ms} ms to build)`);
});

test("esbuild --platform=node bundle (Lambda, ncc): with --conditions=inline it runs from another directory", async (t) => {
  const [cmd, ...args] = requireTool("esbuild");
  const bundle = path.join(elsewhere("esbuild-bundle"), "bundle.mjs");
  const built = await run(cmd, [...args, "consumer.mjs", "--bundle", "--platform=node", "--format=esm", "--conditions=inline", `--outfile=${bundle}`],
    { cwd: fx.project, timeout: 60000 });
  assert.equal(built.code, 0, built.output());
  const r = await run(process.execPath, [bundle], { cwd: path.dirname(bundle), timeout: 60000 });
  const out = parseConsumerOutput(r);
  check(out, null);
  // without the condition, the node entry reads jwt_doctor_bg.wasm beside itself: the bundle
  // left it behind, which is what the inline entry is for
  const plain = path.join(elsewhere("esbuild-plain"), "bundle.mjs");
  const built2 = await run(cmd, [...args, "consumer.mjs", "--bundle", "--platform=node", "--format=esm", `--outfile=${plain}`], { cwd: fx.project, timeout: 60000 });
  assert.equal(built2.code, 0, built2.output());
  const r2 = await run(process.execPath, [plain], { cwd: path.dirname(plain), timeout: 60000 });
  assert.notEqual(r2.code, 0);
  assert.match(r2.output(), /ENOENT.*jwt_doctor_bg\.wasm/s);
  t.diagnostic(`esbuild bundle: ${out.runtime}`);
});
