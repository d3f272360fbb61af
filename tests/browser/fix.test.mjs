// The page's "Fix for my library" selector (www/fix.js) in headless Chromium, driven by label and
// role: the chosen library's snippet under each fixable finding, guidance without code under an
// attack, the choice remembered in localStorage across a reload, nothing shown for "none".
//
//   bash scripts/build.sh && node --test tests/browser/fix.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeServer, launch, startSite } from './harness.mjs';

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

const finding = (page, code) => page.getByRole('list', { name: 'Findings' }).getByRole('listitem').filter({ has: page.getByText(code, { exact: true }) });

test('the fix of the chosen library under each finding, remembered across a reload', async () => {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await page.goto(site.url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
    await page.getByRole('button', { name: 'Clock skew (30 s)' }).click();
    const select = page.getByLabel('Fix for my library');
    assert.equal(await select.inputValue(), '');
    assert.equal(await page.getByRole('group', { name: /^Fix for / }).count(), 0);

    await select.selectOption('fast-jwt');
    // the issuer's clock 30 s ahead (iat and nbf): one leeway snippet, under the first of them
    const fix = finding(page, 'not_yet_valid').getByRole('group', { name: 'Fix for fast-jwt' });
    // Playwright waits for the snippet to appear (the analysis is debounced)
    await fix.getByLabel('fast-jwt javascript').filter({ hasText: /clockTolerance: 30000, \/\/ milliseconds/ }).waitFor({ timeout: 5000 });
    assert.match(await fix.getByLabel('fast-jwt javascript').innerText(), /^import \{ createVerifier \} from "fast-jwt";/);
    assert.match(await fix.innerText(), /a leeway of 30 s accepts this token's nbf and iat/);
    assert.equal(await page.getByLabel('fast-jwt javascript').count(), 1, 'no duplicate snippet');

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
    assert.equal(await page.getByLabel('Fix for my library').inputValue(), 'fast-jwt', 'the choice is remembered');
    await page.getByRole('button', { name: 'Algorithm confusion forgery' }).click();
    const guidance = finding(page, 'alg_confusion').getByRole('group', { name: 'Fix for fast-jwt' });
    await guidance.filter({ hasText: /no code — never allow an HS\* algorithm next to a public key/ }).waitFor({ timeout: 5000 });
    assert.equal(await guidance.locator('pre').count(), 0, 'no code for a forgery');
    assert.doesNotMatch(await page.getByRole('list', { name: 'Findings' }).innerText(), /createVerifier/);

    await page.getByLabel('Fix for my library').selectOption('');
    await page.getByRole('group', { name: /^Fix for / }).first().waitFor({ state: 'detached', timeout: 5000 });
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
