// jwt-doctor/hono (and /fetch) in real workerd: the Hono app of hono-app.mjs bundled by
// `wrangler deploy --dry-run` (hono and the package resolved from node_modules with the Worker
// conditions, the .wasm left as a module of its own), run by workerd on 127.0.0.1 with a
// loopback-only outbound network, against a JWKS server on another loopback port.
//
//   bash scripts/build.sh && node --test tests/middleware/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "../package/fixture.mjs";
import { startWorkerd, wranglerBundle } from "../support/workerd.mjs";
import { honoSuite } from "./hono-suite.mjs";
import { deadJwksUrl, makeKeys, makeTokens, startJwksServer } from "./helpers.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

let dir;
let jwks;
let workerd;
let fx;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "jwt-doctor-middleware-"));
  const keys = makeKeys();
  jwks = await startJwksServer(keys.jwks);
  const deadUrl = await deadJwksUrl();
  const { modules, source } = await wranglerBundle({ dir, main: path.join(HERE, "worker.mjs"), name: "jwt-doctor-middleware-test" });
  assert.match(source, /index\.workerd\.js/, "the bundle does not hold the workerd entry");
  workerd = await startWorkerd(dir, { modules, bindings: { JWKS_URL: jwks.url, DEAD_JWKS_URL: deadUrl } });
  fx = { base: workerd.base, tokens: makeTokens(keys), deadUrl };
});

after(async () => {
  if (workerd) await stopChild(workerd.child);
  await jwks?.close();
  if (process.env.JWT_DOCTOR_KEEP_TMP) console.log(`# kept ${dir}`);
  else if (dir) rmSync(dir, { recursive: true, force: true });
});

honoSuite("Hono in workerd", () => fx);

test("workerd: the Worker fetched the JWKS once over loopback", () => {
  assert.equal(jwks.hits(), 1);
});
