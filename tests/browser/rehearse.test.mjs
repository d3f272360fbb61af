// The Rehearse view, driven like a user (by role and label, with the keyboard): a rotation that
// retires the old key too early shows "not safe", jose's window on the timeline and the safe
// retire time; a good schedule shows "safe"; a bad plan names its field.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeServer, launch, startSite } from './harness.mjs';

let site;
let chromium;

before(async () => {
  site = await startSite();
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  if (site) await closeServer(site.server);
});

async function open() {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  return { page, errors, close: () => context.close() };
}

test('the Rehearse view: verdict, timeline, windows, keyboard only', async () => {
  const { page, errors, close } = await open();
  try {
    const section = page.getByRole('region', { name: 'Rehearse a key rotation or an outage' });
    await section.getByLabel('Retire the old key at (min)').fill('20');
    await section.getByLabel('Token lifetime (min)').fill('60');
    await section.getByLabel('pyjwt').check();
    // submit from the keyboard
    await section.getByLabel('Token lifetime (min)').press('Enter');
    const out = section.locator('output#rehearse-verdict');
    // the first rehearsal loads the rehearsal's own module (fetched and compiled on demand)
    await out.filter({ hasText: /\S/ }).waitFor({ timeout: 20000 });
    const text = await out.innerText();
    assert.match(text, /^not safe/, `the verdict: ${text} (page errors: ${errors.join("; ") || "none"})`);
    assert.match(text, /jose rejects valid tokens signed with old/);
    assert.match(text, /retire the old key at \+1 h 10 min or later/);
    const svg = section.getByRole('img');
    assert.match(await svg.getAttribute('aria-labelledby'), /rehearse-svg-title/);
    assert.ok(await section.locator('svg rect.rh-window').count() >= 3);
    assert.match(await section.locator('#rehearse-windows').innerText(), /jose: old tokens rejected for 50 min from \+20 min \(kid_not_found/);

    await section.getByLabel('Retire the old key at (min)').fill('70');
    await section.getByRole('button', { name: 'Rehearse' }).click();
    await out.filter({ hasText: /^safe/ }).waitFor({ timeout: 5000 });
    assert.equal(await section.locator('svg rect.rh-window').count(), 0);

    await section.getByLabel('Retire the old key at (min)').fill('5');
    await section.getByRole('button', { name: 'Rehearse' }).click();
    await out.filter({ hasText: /^retire: 300 s is before switch/ }).waitFor({ timeout: 5000 });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
