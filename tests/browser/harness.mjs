// Shared set-up of the browser tests: the built site served in-process on 127.0.0.1, and the
// system Chromium driven by playwright-core with a fresh profile and no background networking.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SITE = path.join(ROOT, 'site');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const A1 = {
  token: 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  jwk: '{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}',
  exp: 1300819380,
};

/** Fails with a clear message when the site was not built. */
export function requireSite() {
  const entry = path.join(SITE, 'pkg', 'index.browser.js');
  if (!existsSync(entry) || !existsSync(path.join(SITE, 'index.html'))) {
    throw new Error(`${path.relative(ROOT, entry)} or site/index.html is missing: run \`bash scripts/build.sh\` first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}

export async function startSite() {
  requireSite();
  return serve(SITE, { port: 0, host: '127.0.0.1' });
}

/**
 * A second local server standing in for an issuer: a JWKS and an OpenID configuration. With
 * `cors: false` it answers without Access-Control-Allow-Origin, like an issuer that does not
 * allow the page's origin: the browser then refuses the page the answer. `/old` redirects to
 * the JWKS.
 */
export async function startIssuer(jwks, { cors = true } = {}) {
  let base = '';
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    if (cors) headers['Access-Control-Allow-Origin'] = '*';
    if (req.url === '/jwks.json') {
      res.writeHead(200, headers);
      res.end(JSON.stringify(jwks));
    } else if (req.url === '/old') {
      // a key set that moved: the library's fetcher follows no redirect, here as in Node
      res.writeHead(302, { ...headers, Location: '/jwks.json' });
      res.end();
    } else if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, headers);
      res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks.json` }));
    } else {
      res.writeHead(404, headers);
      res.end('{}');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  return { server, base, hits };
}

// A plain launch: Playwright gives Chromium a fresh temporary profile and deletes it on close
// (it refuses a --user-data-dir argument outside launchPersistentContext).
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export async function artifactsDir() {
  await mkdir(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

export function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(resolve));
}
