// The installed tarball in Chromium: the browser entry loaded as-is, and the package bundled by
// Vite (imported by its name, so through the `browser` condition).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { A1, A1_OPTIONS, CHROMIUM, CHROMIUM_ARGS, closeServer, packAndInstall, resolveRoot, track } from "./fixture.mjs";

let fx;
let browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  [fx, browser] = await Promise.all([
    packAndInstall("browser"),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
  ]);
});
after(async () => {
  await browser?.close();
  await fx?.cleanup();
});

// The page's module: init, inspect A.1 and a tampered copy, verify, and write the verdict into
// the DOM (or the error, so a failure says what went wrong).
const pageModule = (specifier) => `import { init, inspect, verify, JwtError } from ${JSON.stringify(specifier)};
const out = document.getElementById("verdict");
try {
  const token = ${JSON.stringify(A1.token)};
  const options = ${JSON.stringify(A1_OPTIONS)};
  await init();
  const report = inspect(token, options);
  const tampered = inspect(token.slice(0, -4) + "AAAA", options);
  const verified = await verify(token, options);
  let rejected = "resolved";
  try { await verify(token.slice(0, -4) + "AAAA", options); } catch (e) { rejected = e instanceof JwtError ? e.code : String(e); }
  out.textContent = [
    report.valid ? "valid" : "invalid:" + report.findings.map((f) => f.code).join(","),
    "iss=" + verified.payload.iss,
    "tampered=" + tampered.findings[0]?.code,
    "rejected=" + rejected,
  ].join(" ");
} catch (e) {
  out.textContent = "error: " + (e && e.stack || e);
}
out.dataset.done = "1";
`;

const EXPECTED = "valid iss=joe tampered=signature_invalid rejected=signature_invalid";

async function verdictOf(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  const wasm = [];
  page.on("response", (r) => r.url().endsWith(".wasm") && wasm.push(`${r.status()} ${r.headers()["content-type"]} ${new URL(r.url()).pathname}`));
  try {
    await page.goto(url);
    await page.waitForSelector("#verdict[data-done]", { timeout: 20000 }).catch(() => {});
    const text = await page.textContent("#verdict");
    return { text, problems, wasm };
  } finally {
    await page.close();
  }
}

test("Chromium: index.browser.js from the installed tarball, unbundled", async (t) => {
  // The page imports the file itself (no import map): the package must work as shipped.
  writeFileSync(path.join(fx.project, "index.html"), `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>jwt-doctor package test</title>
<p id="verdict">pending</p>
<script type="module" src="./main.js"></script>
`);
  writeFileSync(path.join(fx.project, "main.js"), pageModule("./node_modules/jwt-doctor/index.browser.js"));
  const { server, url } = await serve(fx.project, { port: 0, host: "127.0.0.1" });
  track(server);
  try {
    const { text, problems, wasm } = await verdictOf(url);
    assert.equal(text, EXPECTED, `page verdict; browser problems:\n${problems.join("\n")}`);
    assert.ok(wasm.some((w) => w.startsWith("200 application/wasm")), `the .wasm was not fetched: ${wasm.join(", ")}`);
    t.diagnostic(`verdict "${text}"; wasm ${wasm.join(", ")}`);
  } finally {
    await closeServer(server);
  }
});

test("Chromium: `import ... from \"jwt-doctor\"` bundled by vite build (browser condition, sideEffects honoured)", async (t) => {
  const { build } = await import("vite");
  // Which file the browser condition means, for the bundle check below.
  const browserEntry = resolveRoot(fx.manifest, ["browser", "import", "default"]);
  assert.ok(browserEntry, "exports has no browser/default target");

  const app = path.join(fx.project, "vite-app");
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, "index.html"), `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>jwt-doctor bundled</title>
<p id="verdict">pending</p>
<script type="module" src="./main.js"></script>
`);
  writeFileSync(path.join(app, "main.js"), pageModule("jwt-doctor"));
  const t0 = performance.now();
  await build({
    root: app,
    configFile: false,
    logLevel: "warn",
    // relative asset URLs: dist/ is served at the server's root either way
    base: "./",
    build: { outDir: "dist", emptyOutDir: true, minify: true },
  });
  const buildMs = Math.round(performance.now() - t0);
  const dist = path.join(app, "dist");
  const assets = readdirSync(path.join(dist, "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `vite emitted no .wasm asset: ${assets.join(", ")}`);
  const bundle = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(dist, "assets", f), "utf8")).join("\n");
  // The bundle came from the browser entry, not the node one (which reads the file with node:fs).
  assert.doesNotMatch(bundle, /node:fs|readFileSync/, "the bundle contains the node entry");

  const { server, url } = await serve(dist, { port: 0, host: "127.0.0.1" });
  track(server);
  try {
    const { text, problems, wasm } = await verdictOf(url);
    assert.equal(text, EXPECTED, `page verdict; browser problems:\n${problems.join("\n")}`);
    t.diagnostic(`vite build ${buildMs} ms (${browserEntry}); assets ${assets.join(", ")}; verdict "${text}"; wasm ${wasm.join(", ")}`);
  } finally {
    await closeServer(server);
  }
});
