// The packed tarball: what is in it, and what publint and @arethetypeswrong/cli say about it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { moduleGraph, packAndInstall, requireTool, resolveConditional, run } from "./fixture.mjs";

let fx;
before(async () => {
  fx = await packAndInstall("contents");
});
after(async () => {
  await fx?.cleanup();
});

/** Every string target of an exports map (all conditions), e.g. "./index.node.js". */
function exportTargets(exp, out = new Set()) {
  if (typeof exp === "string") out.add(exp);
  else if (Array.isArray(exp)) exp.forEach((e) => exportTargets(e, out));
  else if (exp && typeof exp === "object") Object.values(exp).forEach((e) => exportTargets(e, out));
  return out;
}

/** The declaration files the types entry reaches through its imports and references. */
function typesGraph(dir, entry) {
  const files = [entry];
  for (let i = 0; i < files.length; i++) {
    const src = readFileSync(path.join(dir, files[i]), "utf8");
    const specs = [
      ...src.matchAll(/\bfrom\s*["']([^"']+)["']/g),
      ...src.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
      ...src.matchAll(/\/\/\/\s*<reference\s+path=["']([^"']+)["']/g),
    ].map((m) => m[1]);
    for (const spec of specs) {
      if (!spec.startsWith(".")) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(files[i]), spec));
      const candidate = [base.replace(/\.js$/, ".d.ts"), base.replace(/\.mjs$/, ".d.mts"), `${base}.d.ts`, base]
        .find((c) => /\.d\.m?ts$/.test(c) && existsSync(path.join(dir, c)));
      if (candidate && !files.includes(candidate)) files.push(candidate);
    }
  }
  return files;
}

test("the tarball holds only what the package needs", async (t) => {
  const listed = await run("tar", ["tzf", fx.tarball]);
  assert.equal(listed.code, 0, listed.output());
  const entries = listed.stdout.split("\n").filter(Boolean);
  assert.ok(entries.every((e) => e.startsWith("package/")), `entries outside package/: ${entries.join(", ")}`);
  const files = entries.map((e) => e.slice("package/".length)).filter((e) => !e.endsWith("/")).sort();
  const { manifest, installed } = fx;

  // What the manifest points at: exports targets, types, bin (a CLI, if the package has one).
  const wanted = new Set(["package.json", "README.md"]);
  for (const target of exportTargets(manifest.exports)) wanted.add(target.replace(/^\.\//, ""));
  // "imports" (the middleware reach the entry of their runtime through "#jwt-doctor")
  for (const target of exportTargets(manifest.imports ?? {})) wanted.add(target.replace(/^\.\//, ""));
  for (const f of [manifest.types, manifest.typings, manifest.main, manifest.module]) if (f) wanted.add(f.replace(/^\.\//, ""));
  const bins = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const b of bins) wanted.add(b.replace(/^\.\//, ""));
  const missing = [...wanted].filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], `the manifest points at files the tarball lacks: ${missing.join(", ")}`);
  assert.ok(files.some((f) => f.endsWith(".wasm")), "no .wasm in the tarball");

  // Every module the JS entries (and the CLI) import, and every declaration the types reach.
  const jsEntries = [...wanted].filter((f) => /\.(m|c)?js$/.test(f));
  const reachable = new Set();
  const problems = [];
  for (const entry of jsEntries) {
    const graph = moduleGraph(installed, path.join(installed, entry));
    // Bare imports are the runtime's own (node:fs in the node entry); only relative ones ship.
    // A "#name" import is the manifest's own "imports" map, whose targets are checked above.
    problems.push(...graph.problems.filter((p) => {
      const spec = /imports "([^"]+)"/.exec(p)?.[1] ?? "";
      return !spec.startsWith("node:") && !(spec.startsWith("#") && manifest.imports?.[spec]);
    }));
    for (const f of graph.files) reachable.add(path.relative(installed, f).split(path.sep).join("/"));
  }
  assert.deepEqual(problems, [], `the entries import files that are not in the tarball:\n  ${problems.join("\n  ")}`);
  const typesEntry = (resolveConditional(manifest.exports?.["."], ["types"]) ?? manifest.types ?? "").replace(/^\.\//, "");
  assert.ok(typesEntry && files.includes(typesEntry), `no types entry in the tarball (${typesEntry || "none declared"})`);
  // every subpath's declarations (".", "./hono", …), with what they import
  const typesEntries = Object.values(manifest.exports ?? {})
    .map((e) => resolveConditional(e, ["types"])?.replace(/^\.\//, ""))
    .filter((f) => f && f.endsWith(".d.ts"));
  for (const entry of new Set([typesEntry, ...typesEntries])) {
    assert.ok(files.includes(entry), `${entry} (a "types" target) is not in the tarball`);
    for (const f of typesGraph(installed, entry)) reachable.add(f);
  }

  // Nothing else: no tests, sourcemaps, sources, configs, stray declaration files.
  const unexpected = [];
  for (const f of files) {
    if (reachable.has(f) || wanted.has(f)) continue;
    if (/^(LICEN[CS]E|COPYING|NOTICE)([.-].*)?$/i.test(f)) continue; // license texts are welcome
    // A .d.ts beside a shipped .js (wasm-bindgen's jwt_doctor.d.ts) is harmless; a .wasm.d.ts
    // types the raw wasm exports, which nothing imports.
    const js = f.replace(/\.d\.ts$/, ".js");
    if (f.endsWith(".d.ts") && js !== f && reachable.has(js)) continue;
    unexpected.push(f);
  }
  const bad = files.filter((f) => /\.map$|(^|\/)tests?\/|\.(test|spec)\.|\.wasm\.d\.ts$|(^|\/)\.|\.rs$|\.tgz$/.test(f) && !wanted.has(f));
  assert.deepEqual([...new Set([...unexpected, ...bad])], [],
    `the tarball holds files nothing needs (add them to pkg.json "files" exclusions):\n  ${[...new Set([...unexpected, ...bad])].join("\n  ")}`);

  const unpacked = fx.packInfo.unpackedSize;
  t.diagnostic(`${path.basename(fx.tarball)}: ${fx.tarballBytes} bytes packed, ${unpacked} bytes unpacked, ${files.length} files: ${files.join(" ")}`);
  console.log(`# tarball ${path.basename(fx.tarball)}: ${(fx.tarballBytes / 1024).toFixed(1)} KiB packed, ${(unpacked / 1024).toFixed(1)} KiB unpacked, ${files.length} files`);
});

test("publint --strict finds nothing", async (t) => {
  const [cmd, ...args] = requireTool("publint");
  const r = await run(cmd, [...args, fx.tarball, "--strict"], { cwd: fx.tmp });
  assert.equal(r.code, 0, `publint failed:\n${r.output()}`);
  assert.doesNotMatch(r.stdout, /Warnings?:|Errors?:/, r.output());
  t.diagnostic(`publint: ${r.stdout.trim().split("\n").pop()} (${r.ms} ms)`);
});

test("@arethetypeswrong/cli: every entry point resolves to types; the one rule left is require(esm)", async (t) => {
  const [cmd, ...args] = requireTool("attw");
  // attw's default run, every entry point included (the .wasm asset has its own declarations),
  // with one rule ignored: cjs-resolves-to-esm. The package is ESM only; `require("jwt-doctor")`
  // works from Node 20.19 on (require(esm), the engines floor, tested in node.test.mjs), but
  // attw, like TypeScript's node16 module mode, still models CommonJS callers as needing a
  // dynamic import. Shipping CommonJS types for ESM code to silence it would be the lie attw
  // exists to catch.
  // --no-definitely-typed: offline; the package ships its own types.
  const r = await run(cmd, [
    ...args, fx.tarball, "--ignore-rules", "cjs-resolves-to-esm", "--no-definitely-typed", "--no-color", "--format", "ascii",
  ], { cwd: fx.tmp, env: { ...process.env, NO_COLOR: "1" } });
  assert.equal(r.code, 0, `attw failed:\n${r.output()}`);
  for (const entry of ["jwt-doctor", "jwt-doctor/inline", "jwt-doctor/hono", "jwt-doctor/express", "jwt-doctor/fetch", "jwt-doctor/jwt_doctor_bg.wasm"]) {
    assert.match(r.stdout, new RegExp(`"${entry.replace("/", "\\/").replace(".", "\\.")}"`), entry);
  }
  assert.doesNotMatch(r.stdout, /💀/, r.output());
  // and the default run fails on that rule alone
  const plain = await run(cmd, [...args, fx.tarball, "--no-definitely-typed", "--no-color", "--format", "ascii"], { cwd: fx.tmp, env: { ...process.env, NO_COLOR: "1" } });
  assert.notEqual(plain.code, 0);
  const problems = [...new Set(plain.stdout.match(/problems\/[A-Za-z]+\.md/g))];
  assert.deepEqual(problems, ["problems/CJSResolvesToESM.md"], plain.output());
  t.diagnostic(`attw: exit 0 with cjs-resolves-to-esm ignored (${r.ms} ms)`);
});
