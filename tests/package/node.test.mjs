// The installed tarball in Node (the `node` condition) and under TypeScript.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  A1, A1_OPTIONS, CONSUMER_FETCH, consumerScript, packAndInstall, parseConsumerOutput, rs256Material, run, tool,
} from "./fixture.mjs";

let fx;
let rs;

before(async () => {
  [fx, rs] = await Promise.all([packAndInstall("node"), rs256Material()]);
});
after(async () => {
  await fx?.cleanup();
});

test("Node: import by name resolves to the node entry; A.1 and a jose-signed RS256 token verify", async (t) => {
  const script = path.join(fx.project, "consumer.mjs");
  writeFileSync(script, consumerScript({ a1: { token: A1.token, options: A1_OPTIONS }, rs256: rs }));
  const r = await run(process.execPath, [script], { cwd: fx.project });
  const consumer = parseConsumerOutput(r);
  t.diagnostic(`${consumer.runtime} resolved jwt-doctor to ${consumer.resolved} (${r.ms} ms)`);

  assert.equal(consumer.resolved, pathToFileURL(path.join(fx.installed, "index.node.js")).href,
    "Node's `node` condition should pick index.node.js from the installed tarball");
  assert.deepEqual(consumer.a1, { valid: true, verified: true, alg: "HS256", codes: [] });
  assert.deepEqual(consumer.a1Verify, { iss: "joe", alg: "HS256", root: true });
  assert.deepEqual(consumer.rs256, { sub: "user-42", kid: rs.kid, alg: "RS256" });
  assert.deepEqual(consumer.tampered, { isJwtError: true, name: "JwtError", code: "signature_invalid", reportValid: false });
  assert.deepEqual(consumer.fetch, CONSUMER_FETCH, "jwt-doctor/fetch from the installed tarball");
});

test("CommonJS: require(\"jwt-doctor\") works on the Node versions engines names (require(esm), Node >= 20.19)", async (t) => {
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok(major > 20 || (major === 20 && minor >= 19), `this Node (${process.version}) is below the engines floor ${fx.manifest.engines.node}`);
  assert.equal(fx.manifest.engines.node, ">=20.19");
  const script = path.join(fx.project, "consumer.cjs");
  writeFileSync(script, `const { verify, inspect } = require("jwt-doctor");
const { authenticate } = require("jwt-doctor/fetch");
const a1 = ${JSON.stringify({ token: A1.token, options: A1_OPTIONS })};
verify(a1.token, a1.options).then((r) => console.log(JSON.stringify({
  iss: r.payload.iss, valid: inspect(a1.token, a1.options).valid, fetch: typeof authenticate,
})));
`);
  const r = await run(process.execPath, [script], { cwd: fx.project });
  assert.equal(r.code, 0, r.output());
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()), { iss: "joe", valid: true, fetch: "function" });
  t.diagnostic(`require() on ${process.version}: ok`);
});

test("TypeScript: the API type-checks (nodenext and bundler resolution) and rejects misuse", async (t) => {
  const tsc = tool("tsc");
  if (!tsc) {
    t.skip("typescript is not in node_modules: type check skipped");
    return;
  }
  // The runtime catalogue's codes and algorithm names (neither needs WebAssembly).
  const listed = await run(process.execPath, ["--input-type=module", "-e",
    'const { FINDINGS, ALGORITHMS } = await import("jwt-doctor"); console.log(JSON.stringify([FINDINGS.map((f) => f.code), ALGORITHMS.map((a) => a.name)]));'], { cwd: fx.project });
  assert.equal(listed.code, 0, listed.output());
  const [codes, algs] = JSON.parse(listed.stdout);
  assert.ok(codes.length > 10, `FINDINGS has ${codes.length} codes`);
  assert.ok(algs.includes("RS256"), `ALGORITHMS: ${algs.join(" ")}`);

  // An exhaustive switch over FindingCode built from the runtime catalogue: a code the union lacks
  // is "not comparable", a union member the catalogue lacks makes `never` fail.
  const source = `import {
  inspect, verify, decode, createLocalJWKSet, createRemoteJWKSet, tokenFromAuthorization, JwtError, FINDINGS, init,
  createVerifier, JwtConfigError, ALGORITHMS,
  type Report, type Finding, type FindingCode, type Options, type Verified, type Algorithm, type AlgorithmInfo,
} from "jwt-doctor";

// An exhaustive switch over Algorithm built from the runtime ALGORITHMS (as for FindingCode below).
export function hashOf(alg: Algorithm): number | null {
  switch (alg) {
${algs.map((a) => `    case ${JSON.stringify(a)}: return ALGORITHMS.find((r: AlgorithmInfo) => r.name === ${JSON.stringify(a)})?.hashBits ?? null;`).join("\n")}
    default: {
      const unreachable: never = alg;
      return unreachable;
    }
  }
}

export function describe(code: FindingCode): string {
  switch (code) {
${codes.map((c) => `    case ${JSON.stringify(c)}: return ${JSON.stringify(c)};`).join("\n")}
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export async function main(header: string | null): Promise<string[]> {
  await init();
  const token = tokenFromAuthorization(header);
  const options: Options = { key: { kty: "oct", k: "AyM1" }, algorithms: ["HS256"], audience: ["api"], leeway: 5 };
  const report: Report = inspect(token, options);
  const first: Finding | undefined = report.findings[0];
  const severity: "error" | "warning" | "info" | undefined = first?.severity;
  const notes: string[] = report.findings.map((f: Finding) => describe(f.code) + f.hint);
  const checks = report.checks.filter((c) => c.status === "fail").map((c) => c.check);
  const parts = decode(token);
  const jwks = createLocalJWKSet({ keys: [] });
  const remote = createRemoteJWKSet(new URL("https://issuer.test/jwks.json"), { cacheMaxAge: 60, cooldown: 5 });
  try {
    const v: Verified = await verify(token, { jwks: remote, algorithms: ["RS256", "ES256"] });
    notes.push(String(v.payload.sub), String(v.key.kid));
  } catch (e) {
    if (e instanceof JwtError) {
      const code: FindingCode = e.code;
      notes.push(describe(code), String(e.report?.valid), e.finding?.hint ?? "", String(e.report?.cause?.explains));
    } else if (e instanceof JwtConfigError) {
      notes.push(e.kind, String(e.transient), e.reason ?? "");
    }
  }
  // the payload typed: the caller's claims and the registered ones
  const verifier = createVerifier({ key: "secret", algorithms: ["HS256"] });
  try {
    const v = await verifier.verify<{ scope: string }>(token);
    const scope: string = v.payload.scope;
    const exp: number | undefined = v.payload.exp;
    const aud: string | string[] | undefined = v.payload.aud;
    notes.push(scope, String(exp), String(aud), v.header.alg);
  } catch {
    notes.push("rejected");
  }
  const catalogue: readonly string[] = FINDINGS.map((f) => f.code);
  return [...notes, ...checks, String(severity), String(parts.header.alg), String(jwks.jwks.keys.length), ...catalogue];
}

// Misuse the declarations must refuse:
// @ts-expect-error a typo'd option name
inspect("t", { audiance: "api" });
// @ts-expect-error verify() requires algorithms
verify("t", { key: "secret" });
// (an unknown algorithm name is a TypeError when the options are checked, not a compile error:
// the list takes string[] so that an options object declared on its own compiles)
// @ts-expect-error the table is read-only
ALGORITHMS[0].hashBits = 1;
// @ts-expect-error not a finding code
export const notACode: FindingCode = "no_such_code";
// @ts-expect-error the registered claims are typed: exp is a number
export const expNotString = async (): Promise<string | undefined> => (await verify("t", { key: "s", algorithms: ["HS256"] })).payload.exp;
// @ts-expect-error a check status the report never has
export const notAStatus: Report["checks"][number]["status"] = "ok";
`;
  writeFileSync(path.join(fx.project, "check.ts"), source);
  const base = { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "dom"], types: [], skipLibCheck: false };
  const configs = {
    "tsconfig.nodenext.json": { ...base, module: "nodenext", moduleResolution: "nodenext" },
    "tsconfig.bundler.json": { ...base, module: "esnext", moduleResolution: "bundler" },
  };
  const [cmd, ...args] = tsc;
  const results = await Promise.all(Object.entries(configs).map(([name, compilerOptions]) => {
    writeFileSync(path.join(fx.project, name), JSON.stringify({ compilerOptions, files: ["check.ts"] }, null, 2));
    return run(cmd, [...args, "-p", name], { cwd: fx.project, timeout: 90000 });
  }));
  for (const [i, name] of Object.keys(configs).entries()) {
    assert.equal(results[i].code, 0, `tsc -p ${name} found errors:\n${results[i].output()}`);
  }
  t.diagnostic(`tsc: check.ts passes with nodenext (${results[0].ms} ms) and bundler (${results[1].ms} ms) resolution; ${codes.length} finding codes in the exhaustive switch`);
});

test("CLI: the package's bin is linked by npm install and runs from the tarball", async (t) => {
  const bins = typeof fx.manifest.bin === "string" ? { [fx.manifest.name]: fx.manifest.bin } : fx.manifest.bin ?? {};
  if (Object.keys(bins).length === 0) {
    t.skip("the package declares no bin");
    return;
  }
  for (const name of Object.keys(bins)) {
    // npm links node_modules/.bin/<name> to the bin file; running it needs the shebang and the
    // exec bit npm sets on install.
    const link = path.join(fx.project, "node_modules", ".bin", name);
    const version = await run(link, ["--version"], { cwd: fx.project });
    assert.equal(version.code, 0, version.output());
    assert.equal(version.stdout.trim(), `${fx.manifest.name} ${fx.manifest.version}`, version.output());
    const decoded = await run(link, ["decode", "--json", A1.token], { cwd: fx.project });
    assert.equal(decoded.code, 0, decoded.output());
    assert.equal(JSON.parse(decoded.stdout).payload.iss, "joe", decoded.output());
    t.diagnostic(`${name} -> ${bins[name]}: ${version.stdout.trim()}; decode --json A.1 ok (${decoded.ms} ms)`);
  }
});
