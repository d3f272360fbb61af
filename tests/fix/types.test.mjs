// fixFor()'s declarations: tsc (strict, nodenext) on types/fix.ts against the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, tool } from "../package/fixture.mjs";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "types");

test("tsc -p types/tsconfig.json", async (t) => {
  const tsc = tool("tsc");
  if (!tsc) return t.skip("typescript is not in node_modules");
  const [cmd, ...args] = tsc;
  const r = await run(cmd, [...args, "-p", path.join(DIR, "tsconfig.json")], { cwd: DIR, timeout: 120000 });
  assert.equal(r.code, 0, r.output());
});
