// Every JavaScript example of README.md compiles under `tsc --strict` against the installed
// tarball, as a TypeScript user would paste it: the free names an example uses (req, log,
// token, app, ...) are declared, nothing else is changed. Plus the typings the README's examples
// lean on: an options object declared on its own (string[], `as const`), `c.get("jwtPayload")` on a
// plain `new Hono()`, and the payload after `if (!auth.ok)`.
//
//   bash scripts/build.sh && node --test tests/package/readme-types.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NODE_MODULES, ROOT, packAndInstall, requireTool, run } from "./fixture.mjs";

let fx;

before(async () => {
  fx = await packAndInstall("readme-types");
  // the frameworks the middleware examples import, as a user of jwt-doctor/hono has them
  for (const dep of ["hono", "express"]) {
    mkdirSync(path.join(fx.project, "node_modules"), { recursive: true });
    symlinkSync(path.join(NODE_MODULES, dep), path.join(fx.project, "node_modules", dep), "dir");
  }
});
after(async () => {
  await fx?.cleanup();
});

/** The ```js blocks of the README, in order. */
function readmeExamples() {
  const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
  return [...text.matchAll(/^( *)```js\n([\s\S]*?)^\1```/gm)].map((m) => m[2].replace(new RegExp(`^${m[1]}`, "gm"), ""));
}

// What the examples take as given (the reader's own code around them).
const PRELUDE = `
declare const req: { headers: { authorization?: string } };
declare const log: { warn(...a: unknown[]): void; debug(...a: unknown[]): void };
declare const token: string;
declare const pem: string;
declare const options: import("jwt-doctor").VerifyOptions;
declare const jwks: import("jwt-doctor").RemoteJWKSet;
declare const request: Request;
declare const app: { use(...a: unknown[]): void };
`;

const EXTRA = `
import { Hono } from "hono";
import { jwt } from "jwt-doctor/hono";
import { authenticate } from "jwt-doctor/fetch";
import { createVerifier, inspect, type JwtError } from "jwt-doctor";

// an options object declared on its own: string[] and readonly arrays
const declared = { key: "secret", algorithms: ["HS256"], audience: ["api"], issuer: "https://auth.example.com/" };
createVerifier(declared);
const frozen = { key: "secret", algorithms: ["HS256", "HS384"], audience: ["api", "web"], requiredClaims: ["sub"] } as const;
createVerifier(frozen);
inspect("t", frozen);

// c.get("jwtPayload") on a plain new Hono()
const app2 = new Hono();
app2.use("/api/*", jwt({ key: "secret", algorithms: ["HS256"] }));
app2.get("/api/me", (c) => {
  const payload = c.get("jwtPayload");
  const sub: unknown = payload.sub;
  return c.json({ sub });
});

// after if (!auth.ok), the payload is there
export async function handler(req: Request): Promise<Response> {
  const auth = await authenticate(req, { key: "secret", algorithms: ["HS256"] });
  if (!auth.ok) return auth.response;
  const sub: unknown = auth.payload.sub;
  return new Response(String(sub));
}

export function hint(e: JwtError): string {
  return e.finding?.hint ?? "";
}
`;

test("every README JavaScript example compiles under tsc --strict on the installed tarball", async (t) => {
  const examples = readmeExamples();
  assert.ok(examples.length >= 4, `found ${examples.length} js examples in README.md`);
  const files = [];
  examples.forEach((code, i) => {
    const name = `readme-${i + 1}.ts`;
    // the imports stay at the top; the rest runs in a function, as in the reader's handler
    // (an example may `return` or `await`)
    const lines = code.split("\n");
    const imports = lines.filter((l) => /^import /.test(l));
    const body = lines.filter((l) => !/^import /.test(l));
    writeFileSync(path.join(fx.project, name), `${imports.join("\n")}\n${PRELUDE}\nexport async function example${i + 1}() {\n${body.join("\n")}\n}\n`);
    files.push(name);
  });
  writeFileSync(path.join(fx.project, "extra.ts"), EXTRA);
  files.push("extra.ts");
  const compilerOptions = {
    strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
    lib: ["es2022", "dom"], types: [], skipLibCheck: false,
  };
  writeFileSync(path.join(fx.project, "tsconfig.readme.json"), JSON.stringify({ compilerOptions, files }, null, 2));
  const [cmd, ...args] = requireTool("tsc");
  const r = await run(cmd, [...args, "-p", "tsconfig.readme.json"], { cwd: fx.project, timeout: 120000 });
  assert.equal(r.code, 0, `tsc --strict found errors:\n${r.output()}`);
  t.diagnostic(`tsc --strict: ${examples.length} README examples and the extra typings compile (${r.ms} ms)`);
});
