// What a new user meets on the page (issue 34), driven by role and label in headless Chromium:
// - a secret never enters the link unless ticked for that very key: a compare verifier's
//   secret next to a public key in the form, and a secret pasted over a shared link's public key;
// - an example's "now" does not stay behind when the user pastes a token of their own;
// - "Fix for my library" never makes the page scroll sideways, for any example and library, at
//   375 and 1280 px.
//
//   bash scripts/build.sh && node --test tests/browser/first-use.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, closeServer, launch, startSite } from './harness.mjs';

const EXAMPLES = JSON.parse(readFileSync(path.join(ROOT, 'www/examples/examples.json'), 'utf8')).examples;
const STACKS = ['jose', 'jsonwebtoken', 'fast-jwt', 'pyjwt', 'hono', 'spring'];
const SECRET = 'my-own-shared-secret-0123456789abcdef';

let site;
let chromium;
const pageErrors = [];

before(async () => {
  site = await startSite();
  chromium = await launch();
});
after(async () => {
  await chromium?.close();
  if (site) await closeServer(site.server);
});

async function eventually(fn, ms = 4000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function newPage({ width = 1280, height = 900, hash = '' } = {}) {
  const context = await chromium.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(site.url + hash);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  return { page, close: () => context.close() };
}

/** The link's fragment as text (form-encoded: '+' is a space). */
const fragment = (page) => decodeURIComponent(new URL(page.url()).hash.replace(/\+/g, ' '));

function hs256(claims, secret) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('the link holds no secret unless ticked for that key', () => {
  test('(a) a public key in the form, a secret in an added verifier: the secret stays out of the link', async () => {
    const { page, close } = await newPage();
    await page.getByRole('button', { name: 'Valid RS256 + JWKS', exact: true }).click();
    await eventually(async () => assert.equal(await page.getByRole('checkbox', { name: 'Include the key in the link' }).isChecked(), true));
    await page.getByRole('button', { name: 'Add a verifier' }).click();
    const v2 = page.getByRole('group', { name: 'Verifier 2' });
    await v2.getByLabel('Key', { exact: true }).fill(SECRET);
    const box = v2.getByRole('checkbox', { name: 'Include this key in the link' });
    await eventually(async () => {
      assert.ok(fragment(page).includes('v2='), 'the verifier is in the link');
      assert.ok(!fragment(page).includes(SECRET), 'the secret is not in the link');
      assert.equal(await box.isChecked(), false);
      assert.match(await v2.getByRole('status').textContent(), /stays out of the link unless you tick the box/);
    });
    // the form's public key is still in the link
    assert.match(new URL(page.url()).hash, /[#&]key=/);
    await box.check();
    await eventually(async () => assert.ok(fragment(page).includes(SECRET), 'ticked for this key: in the link'));
    await close();
  });

  test('(b) a shared link with a public key, then a secret pasted over it: the secret stays out', async () => {
    const first = await newPage();
    await first.page.getByRole('button', { name: 'Valid RS256 + JWKS', exact: true }).click();
    await eventually(async () => assert.match(new URL(first.page.url()).hash, /[#&]key=/));
    const { hash } = new URL(first.page.url());
    await first.close();

    const { page, close } = await newPage({ hash });
    const box = page.getByRole('checkbox', { name: 'Include the key in the link' });
    await eventually(async () => assert.equal(await box.isChecked(), true, 'the link carried its public key'));
    await page.getByLabel('Key', { exact: true }).fill(SECRET);
    await eventually(async () => {
      assert.equal(await box.isChecked(), false);
      assert.ok(!fragment(page).includes(SECRET), 'the pasted secret is not in the link');
      assert.match(fragment(page), /linkKey=0/);
      assert.match(await page.locator('#link-warning').textContent(), /stays out of the link unless you tick the box/);
    });
    await close();
  });
});

describe('common pastes', () => {
  test('a JWKS URL pasted as the key is not read as a secret; a token response and a curl -v line are read', async () => {
    const { page, close } = await newPage();
    const t = Math.floor(Date.now() / 1000);
    const token = hs256({ sub: 'me', iat: t - 5, exp: t + 3600 }, SECRET);
    await page.getByLabel('Key', { exact: true }).fill('https://issuer.example/.well-known/jwks.json');
    await page.getByLabel('Token', { exact: true }).fill(token);
    await eventually(async () => {
      assert.match(await page.locator('#key-detected').textContent(), /a URL, not a key: put a JWKS URL in the “JWKS URL” field/);
      assert.match(await page.getByRole('list', { name: 'Findings' }).innerText(), /key_invalid[\s\S]*this is a URL, not a key \(and not an HMAC secret\)/);
    });
    await page.getByLabel('Key', { exact: true }).fill(SECRET);
    await page.getByLabel('Token', { exact: true }).fill(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }, null, 2));
    await eventually(async () => assert.match(await page.getByRole('list', { name: 'Findings' }).innerText(), /token_response[\s\S]*its access_token was read/));
    await page.getByLabel('Token', { exact: true }).fill(`> Authorization: Bearer ${token}`);
    await eventually(async () => {
      const text = await page.getByRole('list', { name: 'Findings' }).innerText();
      assert.match(text, /bearer_prefix/);
      assert.doesNotMatch(text, /whitespace_in_token|wrapped/);
    });
    await close();
  });
});

describe("an example's clock", () => {
  test('is reset when the user pastes a token of their own, and the page says so', async () => {
    const { page, close } = await newPage();
    await page.getByRole('button', { name: 'Clock skew (30 s)' }).click();
    const now = page.getByLabel('Now (epoch seconds or date)');
    await eventually(async () => assert.notEqual(await now.inputValue(), ''));
    const t = Math.floor(Date.now() / 1000);
    await page.getByLabel('Token', { exact: true }).fill(hs256({ sub: 'me', iat: t - 5, nbf: t - 5, exp: t + 3600 }, SECRET));
    await page.getByLabel('Key kind').selectOption('secret');
    await page.getByLabel('Key', { exact: true }).fill(SECRET);
    await page.getByLabel('RS256', { exact: true }).uncheck();
    await page.getByLabel('HS256', { exact: true }).check();
    await page.getByLabel('Issuer (iss)').fill('');
    await page.getByLabel('Audience (aud)').fill('');
    await eventually(async () => {
      const verdict = (await page.getByRole('status', { name: 'Verdict' }).innerText()).trim();
      assert.match(verdict, /^✓ Valid/, `verdict: ${verdict}`);
    });
    assert.equal(await now.inputValue(), '', "the example's now is gone");
    assert.match(await page.locator('#example-desc').textContent(), /example's clock .* was reset/);
    assert.doesNotMatch(await page.getByRole('list', { name: 'Findings' }).innerText(), /issued_in_future|not_yet_valid|sync the clocks/);
    await close();
  });
});

describe('"Fix for my library" keeps the page within its width', () => {
  for (const width of [375, 1280]) {
    test(`every example, every library, at ${width} px: no horizontal scrolling`, async () => {
      const { page, close } = await newPage({ width, height: 800 });
      const problems = [];
      await page.getByRole('button', { name: EXAMPLES[0].label, exact: true }).click();
      for (const stack of STACKS) {
        await page.getByLabel('Fix for my library').selectOption(stack);
        for (const ex of EXAMPLES) {
          await page.getByRole('button', { name: ex.label, exact: true }).click();
          await page.waitForTimeout(30);
          const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          if (m.scroll > m.client) problems.push(`${ex.id} with ${stack}: scrollWidth ${m.scroll} > clientWidth ${m.client}`);
        }
      }
      assert.deepEqual(problems, []);
      // the code scrolls inside its own block
      await page.getByLabel('Fix for my library').selectOption('jose');
      await page.getByRole('button', { name: 'Rotated key', exact: true }).click();
      const pre = page.getByRole('group', { name: /^Fix for / }).locator('pre').first();
      await pre.waitFor({ timeout: 5000 });
      const overflowX = await pre.evaluate((el) => getComputedStyle(el).overflowX);
      assert.ok(['auto', 'scroll'].includes(overflowX), `the snippet's overflow-x is ${overflowX}`);
      await close();
    });
  }
  test('no page errors', () => assert.deepEqual(pageErrors, []));
});
