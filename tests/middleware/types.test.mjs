// The middleware's declarations: tsc (strict, nodenext) on types/strict.ts with every .d.ts
// checked and no framework installed in the picture, and on types/hono.ts against Hono's own
// types (Context<Env> satisfies the structural context, c.get("jwtPayload") is typed, misuse
// is a type error).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, tool } from "../package/fixture.mjs";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "types");

for (const config of ["tsconfig.strict.json", "tsconfig.hono.json"]) {
  test(`tsc -p types/${config}`, async (t) => {
    const tsc = tool("tsc");
    if (!tsc) return t.skip("typescript is not in node_modules");
    const [cmd, ...args] = tsc;
    const r = await run(cmd, [...args, "-p", path.join(DIR, config)], { cwd: DIR, timeout: 120000 });
    assert.equal(r.code, 0, r.output());
  });
}
