// The installed tarball in Deno and Bun: a script in the consumer project imports jwt-doctor by
// its name and verifies A.1 (and a jose-signed RS256 token with a local JWKS). Both runtimes
// resolve the bare name through node_modules and the exports map, with the `node` condition
// (Deno: "deno", "node", "import", "default"; Bun: "bun", "node", "import", "default"), so they
// run the node entry, which reads the .wasm with node:fs, available in both.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
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
  const expected = resolveRoot(fx.manifest, conditions);
  assert.equal(out.resolved, pathToFileURL(path.resolve(fx.installed, expected)).href,
    `${out.runtime} resolved jwt-doctor to ${out.resolved}; with [${conditions}] the exports map says ${expected}`);
  assert.deepEqual(out.a1, { valid: true, verified: true, alg: "HS256", codes: [] }, out.runtime);
  assert.deepEqual(out.a1Verify, { iss: "joe", alg: "HS256", root: true }, out.runtime);
  assert.deepEqual(out.rs256, { sub: "user-42", kid: rs.kid, alg: "RS256" }, out.runtime);
  assert.deepEqual(out.tampered, { isJwtError: true, name: "JwtError", code: "signature_invalid", reportValid: false }, out.runtime);
  assert.deepEqual(out.fetch, CONSUMER_FETCH, `${out.runtime}: jwt-doctor/fetch`);
}

test("Deno: import by name (nodeModulesDir: manual) resolves the node entry and verifies", async (t) => {
  const [cmd, ...args] = requireTool("deno");
  // deno.json: use the project's node_modules as npm installed it (no registry, no download).
  writeFileSync(path.join(fx.project, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
  const r = await run(cmd, [...args, "run", "--no-lock", "--no-prompt", "--allow-read", "consumer.mjs"], {
    cwd: fx.project,
    timeout: 60000,
    env: { ...process.env, DENO_DIR: path.join(fx.tmp, "deno-dir"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  });
  const out = parseConsumerOutput(r);
  check(out, ["deno", "node", "import", "default"]);
  t.diagnostic(`${out.runtime}: ${path.basename(out.resolved)} (${r.ms} ms)`);
});

test("Bun: import by name resolves the node entry and verifies", async (t) => {
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
