// The debugger page (www/, built into site/) driven like a user in headless Chromium: by label
// and role, asserting on what is on screen. Also: every request the page makes stays on the
// local server (or goes to the JWKS URL a test typed), axe-core finds no serious or critical
// violation in light and dark, and screenshots at 1280 and 375 px land in tests/artifacts/.
//
//   bash scripts/build.sh && node --test tests/browser/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { ALGORITHMS } from 'jwt-doctor';
import {
  A1, ROOT, artifactsDir, closeServer, launch, startIssuer, startSite,
} from './harness.mjs';

const EXAMPLES = JSON.parse(readFileSync(path.join(ROOT, 'www/examples/examples.json'), 'utf8')).examples;
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

let site; // { server, url }
let issuer; // { server, base, hits }
let closedIssuer; // the same, answering without CORS headers
let deadBase; // an http://127.0.0.1:PORT where nothing listens
let chromium; // { browser, close }
const requests = []; // every request of every page, the whole suite long
const pageErrors = [];

/** Retries `fn` until it stops throwing or `ms` pass; rethrows the last failure. */
async function eventually(fn, ms = 3000) {
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

async function newPage({ width = 1280, height = 900, colorScheme = 'light', bypassCSP = false, hash = '', clipboard = false } = {}) {
  const context = await chromium.browser.newContext({ viewport: { width, height }, colorScheme, bypassCSP });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(site.url + hash);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  return { page, close: () => context.close() };
}

const verdict = (page) => page.getByRole('status', { name: 'Verdict' });
const findingsList = (page) => page.getByRole('list', { name: 'Findings' });

async function verdictText(page) {
  return (await verdict(page).innerText()).trim();
}

/** Waits until the verdict starts with "✓ Valid" / "✗ Invalid" (or the given text). */
async function expectVerdict(page, valid) {
  await eventually(async () => {
    const text = await verdictText(page);
    assert.match(text, valid ? /^✓ Valid/ : /^✗ Invalid/, `verdict: ${text}`);
  });
}

/** The finding codes on screen, as the user reads them in the findings list. */
async function shownCodes(page) {
  const items = findingsList(page).getByRole('listitem');
  const texts = await items.allInnerTexts();
  return texts.map((t) => /^(?:error|warning|info)\s+([a-z0-9_]+)/i.exec(t.trim())?.[1]).filter(Boolean);
}

async function expectCodes(page, codes) {
  await eventually(async () => {
    const shown = await shownCodes(page);
    for (const c of codes) assert.ok(shown.includes(c), `finding ${c} not shown; shown: ${shown.join(', ') || 'none'}`);
  });
}

async function fillVerifier(page, { token, key, now, algorithms = [] }) {
  await page.getByLabel('Token', { exact: true }).fill(token);
  if (key !== undefined) await page.getByLabel('Key', { exact: true }).fill(key);
  if (now !== undefined) await page.getByLabel('Now (epoch seconds or date)').fill(String(now));
  for (const alg of algorithms) await page.getByLabel(alg, { exact: true }).check();
}

/** The clock-skew example, and a second verifier copied from the form with 60 s of leeway. */
async function clockSkewAndLenientVerifier(page, name) {
  await page.getByRole('button', { name: 'Clock skew (30 s)' }).click();
  await expectCodes(page, ['clock_skew_suspected']);
  await page.getByRole('button', { name: 'Add a verifier' }).click();
  const v2 = page.getByRole('group', { name: 'Verifier 2' });
  await v2.getByRole('button', { name: 'Copy from the form' }).click();
  if (name) await v2.getByLabel('Name (optional)').fill(name);
  await v2.getByLabel('Leeway (s)').fill('60');
}

/** A compact RS256 JWS signed in Node. */
function signRs256(claims, privateKey) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

before(async () => {
  site = await startSite();
  chromium = await launch();
  const valid = EXAMPLES.find((e) => e.id === 'valid');
  issuer = await startIssuer(JSON.parse(valid.state.key));
  closedIssuer = await startIssuer(JSON.parse(valid.state.key), { cors: false });
  const dead = createServer();
  await new Promise((resolve) => dead.listen(0, '127.0.0.1', resolve));
  deadBase = `http://127.0.0.1:${dead.address().port}`;
  await closeServer(dead);
});

after(async () => {
  await chromium?.close();
  if (site) await closeServer(site.server);
  if (issuer) await closeServer(issuer.server);
  if (closedIssuer) await closeServer(closedIssuer.server);
});

describe('debugger page', () => {
  test('typing RFC 7515 A.1 and its key: valid before exp, expired 30 s after (no clock advice for a late token)', async () => {
    const { page, close } = await newPage();
    // HS256 pinned: a verifier that pins no algorithm gets the warning algorithms_unpinned
    await fillVerifier(page, { token: A1.token, key: A1.jwk, now: A1.exp - 60, algorithms: ['HS256'] });
    await expectVerdict(page, true);
    await eventually(async () => assert.match(await findingsList(page).innerText(), /No findings/));
    // the checklist: 13 rows, each with its status in words
    const rows = page.getByRole('list').filter({ hasText: 'Format and transport' }).getByRole('listitem');
    assert.equal(await rows.count(), 13);
    assert.match(await rows.filter({ hasText: 'Signature' }).innerText(), /pass/);
    // the key that verified
    assert.match(await page.getByRole('region', { name: 'Signature and key' }).innerText(), /Verified\s+✓ yes/);

    await page.getByLabel('Now (epoch seconds or date)').fill(String(A1.exp + 30));
    await expectVerdict(page, false);
    await expectCodes(page, ['expired']);
    const text = await findingsList(page).innerText();
    assert.match(text, /expired 30 s ago/);
    // an exp missed by a little is no evidence of a clock: no clock_skew_suspected, no leeway
    assert.ok(!(await shownCodes(page)).includes('clock_skew_suspected'));
    assert.doesNotMatch(text, /leeway of/);
    assert.match(await verdictText(page), /Main cause: the token expired 30 s ago/);
    // the payload's exp shown as an ISO date and a relative time
    assert.match(await page.getByRole('region', { name: 'Decoded header and payload' }).innerText(),
      /exp\s+1300819380 = 2011-03-22T18:43:00Z \(30 s ago\)/);
    // the timeline names exp and now
    const timeline = page.getByRole('img', { name: 'Token lifetime timeline' });
    const labels = await timeline.locator('text').allTextContents(); // the SVG's <text> labels
    assert.ok(labels.includes('exp 30 s ago'), `timeline labels: ${labels.join(' | ')}`);
    assert.ok(labels.includes('now'), `timeline labels: ${labels.join(' | ')}`);
    await close();
  });

  test('the identity provider of the token\'s issuer is shown with the key, on a valid token', async () => {
    const { page, close } = await newPage();
    const secret = 'a-secret-of-at-least-thirty-two-bytes!';
    const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
      iss: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0', sub: 'u1', iat: 1_700_000_000, exp: 1_700_003_600,
    })}`;
    const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    await fillVerifier(page, { token, key: secret, now: 1_700_000_060, algorithms: ['HS256'] });
    await expectVerdict(page, true);
    const region = page.getByRole('region', { name: 'Signature and key' });
    await eventually(async () => assert.match(await region.innerText(), /Identity provider\s+Microsoft Entra ID \(v2 issuer\)/));
    await fillVerifier(page, { token: A1.token, key: A1.jwk, now: A1.exp - 60 });
    await eventually(async () => assert.match(await region.innerText(), /Identity provider\s+not recognised from iss/));
    await close();
  });

  test('a tampered signature shows signature_invalid', async () => {
    const { page, close } = await newPage();
    const last = A1.token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${A1.token.slice(0, -2)}${last}${A1.token.at(-1)}`;
    await fillVerifier(page, { token: tampered, key: A1.jwk, now: A1.exp - 60 });
    await expectVerdict(page, false);
    await expectCodes(page, ['signature_invalid']);
    assert.match(await page.getByRole('region', { name: 'Checklist' }).innerText(), /✗\s*Signature\s*fail/);
    await close();
  });

  test('a Bearer-prefixed token: bearer_prefix noted and still analysed', async () => {
    const { page, close } = await newPage();
    await fillVerifier(page, { token: `Bearer ${A1.token}`, key: A1.jwk, now: A1.exp - 60 });
    await expectVerdict(page, true);
    await expectCodes(page, ['bearer_prefix']);
    await close();
  });

  test('a corrupted character is highlighted where the finding points', async () => {
    const { page, close } = await newPage();
    const bad = A1.token.replace('eyJpc3MiOiJq', 'eyJpc3MiOi!q');
    await fillVerifier(page, { token: bad, key: A1.jwk, now: A1.exp - 60 });
    await expectCodes(page, ['invalid_base64url']);
    const tokenView = page.getByLabel('the token, coloured by part');
    const mark = tokenView.getByRole('mark');
    assert.equal(await mark.count(), 1);
    assert.equal(await mark.innerText(), '!');
    assert.match(await page.getByRole('region', { name: 'Token by part' }).innerText(), /invalid_base64url at character 51/);
    await close();
  });

  test('each example button shows its expected verdict and finding codes', async () => {
    const { page, close } = await newPage();
    for (const ex of EXAMPLES) {
      await page.getByRole('button', { name: ex.label, exact: true }).click();
      await eventually(async () => {
        const text = await verdictText(page);
        assert.match(text, ex.expect.valid ? /^✓ Valid/ : /^✗ Invalid/, `${ex.id}: verdict ${text}`);
        const shown = await shownCodes(page);
        for (const c of ex.expect.codes) assert.ok(shown.includes(c), `${ex.id}: ${c} not shown (shown: ${shown.join(', ') || 'none'})`);
      });
      if (ex.expect.codes.length === 0) {
        assert.match(await findingsList(page).innerText(), /No findings/, ex.id);
      }
    }
    // the forgery is called a forgery, with the evidence
    await page.getByRole('button', { name: 'Algorithm confusion forgery' }).click();
    await expectCodes(page, ['alg_confusion']);
    const item = findingsList(page).getByRole('listitem').filter({ hasText: 'alg_confusion' });
    await item.getByText('detail', { exact: true }).click();
    assert.match(await item.innerText(), /"forged": true/);
    await close();
  });

  test('the URL fragment reproduces the analysis', async () => {
    const first = await newPage();
    await first.page.getByRole('button', { name: 'Clock skew (30 s)' }).click();
    await expectCodes(first.page, ['issued_in_future', 'clock_skew_suspected']);
    await first.page.getByLabel('Leeway (seconds)').fill('10');
    await eventually(async () => assert.match(first.page.url(), /leeway=10/));
    const link = first.page.url();
    const hash = new URL(link).hash;
    assert.ok(hash.length > 100, 'the state is in the fragment');
    const before = { verdict: await verdictText(first.page), codes: await shownCodes(first.page) };
    await first.close();

    const second = await newPage({ hash });
    await eventually(async () => {
      assert.equal(await verdictText(second.page), before.verdict);
      assert.deepEqual(await shownCodes(second.page), before.codes);
    });
    assert.equal(await second.page.getByLabel('Leeway (seconds)').inputValue(), '10');
    assert.ok(before.codes.includes('clock_skew_suspected'));
    await second.close();
  });

  test('compare view: named columns, the differing rows, and who accepts and who rejects with which code', async () => {
    const { page, close } = await newPage();
    await clockSkewAndLenientVerifier(page, 'lenient');
    assert.ok(await page.getByRole('group', { name: 'Verifier 2: lenient' }).isVisible());
    const table = page.getByRole('table');
    const answers = page.getByRole('list', { name: 'Which verifiers accept the token' });
    await eventually(async () => {
      const heads = await table.getByRole('columnheader').allInnerTexts();
      assert.deepEqual(heads.map((h) => h.trim()), ['Check', 'Verifier 1 (the form)', 'Verifier 2: lenient', 'Same?']);
      const nbf = table.getByRole('row', { name: /Not before \(nbf\)/ });
      assert.match(await nbf.innerText(), /fail[\s\S]*pass[\s\S]*differs/);
      const v = table.getByRole('row', { name: /Verdict/ });
      assert.match(await v.innerText(), /invalid[\s\S]*valid[\s\S]*differs/);
      assert.deepEqual(await answers.getByRole('listitem').allInnerTexts(), [
        'Accepted by Verifier 2: lenient.',
        'Rejected by Verifier 1 (the form) with not_yet_valid: the token is not valid until 2026-11-20T09:00:00Z, in 30 s',
      ]);
    });
    const sig = table.getByRole('row', { name: /^Signature/ });
    assert.match(await sig.innerText(), /same/);
    await page.getByLabel('Leeway (seconds)').fill('60');
    await eventually(async () => assert.deepEqual(await answers.getByRole('listitem').allInnerTexts(), ['Accepted by both verifiers.']));
    // a third verifier, then no more; without a key it cannot verify, and says so
    await page.getByRole('button', { name: 'Add a verifier' }).click();
    const v3 = page.getByRole('group', { name: 'Verifier 3' });
    assert.ok(await v3.isVisible());
    assert.ok(await page.getByRole('button', { name: 'Three verifiers at most' }).isDisabled());
    await v3.getByLabel('Leeway (s)').fill('60');
    await eventually(async () => {
      const lines = await answers.getByRole('listitem').allInnerTexts();
      assert.equal(lines[0], 'Accepted by Verifier 1 (the form) and Verifier 2: lenient.');
      assert.match(lines[1], /^Not verified by Verifier 3 with signature_unchecked: /);
    });
    // what the page composes agrees in number
    const verdictRow = table.getByRole('row', { name: /Verdict/ });
    await v3.getByLabel('Algorithms').fill('RS256 XS1 XS2');
    await eventually(async () => assert.match(await verdictRow.innerText(), /unknown algorithms XS1, XS2 \(known:/));
    await v3.getByLabel('Algorithms').fill('RS256 XS1');
    await eventually(async () => assert.match(await verdictRow.innerText(), /unknown algorithm XS1 \(known:/));
    await close();
  });

  test('fetching a typed JWKS URL and discovering an issuer fill the key and verify', async () => {
    const { page, close } = await newPage();
    const ex = EXAMPLES.find((e) => e.id === 'valid');
    await page.getByRole('button', { name: ex.label, exact: true }).click();
    await expectVerdict(page, true);
    await page.getByLabel('Key', { exact: true }).fill('');
    await eventually(async () => assert.match(await verdictText(page), /Not verified/));
    assert.equal(issuer.hits.length, 0, 'nothing fetched before the button is pressed');

    await page.getByText('Fetch a JWKS from a URL').click();
    await page.getByLabel('JWKS URL').fill(`${issuer.base}/jwks.json`);
    assert.equal(issuer.hits.length, 0, 'typing a URL fetches nothing');
    await page.getByRole('button', { name: 'Fetch JWKS' }).click();
    await expectVerdict(page, true);
    assert.match(await page.getByText(/fetched 1 key from/).innerText(), /jwks\.json/);
    assert.deepEqual(issuer.hits, ['/jwks.json']);

    await page.getByLabel('Key', { exact: true }).fill('');
    await eventually(async () => assert.match(await verdictText(page), /Not verified/));
    await page.getByLabel('Issuer URL (OpenID discovery)').fill(issuer.base);
    await page.getByRole('button', { name: 'Discover JWKS' }).click();
    await eventually(async () => assert.match(await page.getByText(/fetched 1 key from/).innerText(), /jwks\.json/));
    await expectVerdict(page, true);
    assert.deepEqual(issuer.hits, ['/jwks.json', '/.well-known/openid-configuration', '/jwks.json']);
    await close();
  });

  test('the decoded view is marked as not re-signed and editing it never changes the verdict', async () => {
    const { page, close } = await newPage();
    await fillVerifier(page, { token: A1.token, key: A1.jwk, now: A1.exp - 60 });
    await expectVerdict(page, true);
    assert.ok(await page.getByText('Decoded view — edits are not re-signed.').isVisible());
    const payload = page.getByLabel('Payload (decoded view)');
    await payload.fill('{ "iss": "mallory", "exp": 9999999999 }');
    await page.waitForTimeout(300);
    assert.match(await verdictText(page), /^✓ Valid/);
    assert.match(await page.getByText(/Edited copy: nothing is re-signed/).innerText(), /exactly as pasted/);
    // the token is still the one pasted
    assert.equal(await page.getByLabel('Token', { exact: true }).inputValue(), A1.token);
    await close();
  });

  test('keyboard only: Tab to an example, Enter, the analysis appears', async () => {
    const { page, close } = await newPage();
    const target = page.getByRole('button', { name: 'Rotated key' });
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await target.evaluate((b) => b === document.activeElement);
    }
    assert.ok(reached, 'the example buttons are reachable with Tab');
    await page.keyboard.press('Enter');
    await expectCodes(page, ['kid_not_found']);
    await close();
  });

  test('the headline is the cause, never simply the first finding', async () => {
    const { page, close } = await newPage();
    // a Bearer prefix (an info, listed first) and an expired token: the headline is the expiry
    await fillVerifier(page, { token: `Bearer ${A1.token}`, key: A1.jwk, now: A1.exp + 30, algorithms: ['HS256'] });
    await eventually(async () => {
      assert.equal((await shownCodes(page))[0], 'bearer_prefix');
      const text = await verdictText(page);
      assert.match(text, /Main cause: the token expired 30 s ago \(exp 2011-03-22T18:43:00Z\) expired/);
      assert.match(text, /Fix: get a new token/);
      assert.match(text, /1 more finding below\./);
    });
    await fillVerifier(page, { token: A1.token });
    await eventually(async () => assert.doesNotMatch(await verdictText(page), /more findings? below/));
    await close();
  });

  test('a secret key stays out of the link unless ticked, with a warning; a public key goes in', async () => {
    const { page, close } = await newPage();
    const secret = EXAMPLES.find((e) => e.id === 'base64-secret');
    await page.getByRole('button', { name: secret.label, exact: true }).click();
    await expectCodes(page, ['signature_invalid', 'secret_encoding_mismatch']);
    const box = page.getByRole('checkbox', { name: 'Include the key in the link' });
    await eventually(async () => {
      assert.equal(await box.isChecked(), false);
      const hash = decodeURIComponent(new URL(page.url()).hash);
      assert.ok(!hash.includes(secret.state.key), 'the secret is not in the link');
      assert.match(hash, /linkKey=0/);
    });
    // what the key is, in the core's words
    assert.match(await page.locator('#key-detected').textContent(), /^read as an HMAC secret \(utf8\): an HMAC secret of \d+ bytes$/);
    const warning = page.locator('#link-warning');
    assert.match(await warning.textContent(), /This key is secret .* stays out of the link unless you tick the box/);
    await box.check();
    await eventually(async () => {
      assert.ok(new URL(page.url()).searchParams !== null);
      assert.ok(decodeURIComponent(new URL(page.url()).hash.replace(/\+/g, ' ')).includes(secret.state.key), 'ticked: the secret is in the link');
      assert.match(await warning.textContent(), /The link holds this secret key/);
    });
    // a public key (a JWK Set of public keys) is in the link by default, with no warning
    const pub = EXAMPLES.find((e) => e.id === 'valid');
    await page.getByRole('button', { name: pub.label, exact: true }).click();
    await eventually(async () => {
      assert.equal(await box.isChecked(), true);
      assert.match(new URL(page.url()).hash, /[#&]key=/);
      assert.equal(await warning.isHidden(), true);
      assert.match(await page.locator('#key-detected').textContent(), /^read as a JWK Set: a JWK Set of \d+ keys?$/);
    });
    await close();
  });

  test('a cause that explains an error says which error it explains', async () => {
    const { page, close } = await newPage();
    const ex = EXAMPLES.find((e) => e.id === 'base64-secret');
    await page.getByRole('button', { name: ex.label, exact: true }).click();
    await expectCodes(page, ['signature_invalid', 'secret_encoding_mismatch']);
    const text = await verdictText(page);
    assert.match(text, /^✗ Invalid/);
    assert.match(text, /Main cause: signature_invalid — explained: the signature fails with the secret as given, but it verifies if the secret is base64-decoded.* secret_encoding_mismatch/);
    assert.match(text, /Fix: set secretEncoding/);
    assert.match(text, /1 more finding below\./);
    await close();
  });

  test('checks with nothing to compare are "not checked", never passed', async () => {
    const { page, close } = await newPage();
    await fillVerifier(page, { token: A1.token, key: A1.jwk, now: A1.exp - 60 });
    await expectVerdict(page, true);
    const checklist = page.getByRole('region', { name: 'Checklist' });
    const row = (name) => checklist.getByRole('listitem').filter({ hasText: name });
    // no issuer, audience, subject or typ configured: none of them shows ✓
    for (const name of ['Issuer (iss)', 'Audience (aud)', 'Subject (sub)', 'Type (typ)']) {
      assert.doesNotMatch(await row(name).innerText(), /✓|pass/, name);
    }
    assert.equal((await row('Issuer (iss)').innerText()).replace(/\s+/g, ' ').trim(), '○ Issuer (iss) not checked');
    assert.equal((await row('Signature').innerText()).replace(/\s+/g, ' ').trim(), '✓ Signature pass');
    // the valid verdict says what it did not check
    const summary = await verdictText(page);
    assert.match(summary, /not checked, nothing configured to compare with: Issuer \(iss\)/);
    for (const name of ['Audience (aud)', 'Subject (sub)', 'Type (typ)']) assert.ok(summary.includes(name), `${name} in: ${summary}`);
    // no key: the key is not checked either, and the verdict is "Not verified"
    await page.getByLabel('Key', { exact: true }).fill('');
    await eventually(async () => assert.match(await verdictText(page), /^! Not verified/));
    assert.doesNotMatch(await row('Key').innerText(), /✓|pass/);
    await close();
  });

  test('the allowed-algorithm boxes are the package\'s algorithms, and ticking one pins it', async () => {
    const { page, close } = await newPage();
    const boxes = page.getByRole('group', { name: /Allowed algorithms/ }).getByRole('checkbox');
    const offered = await boxes.evaluateAll((inputs) => inputs.map((i) => i.labels[0].textContent.trim()));
    assert.deepEqual(offered, ALGORITHMS.map((a) => a.name));
    // the token is HS256: allowing the table's last algorithm only refuses it
    const last = offered.at(-1);
    await fillVerifier(page, { token: A1.token, key: A1.jwk, now: A1.exp - 60, algorithms: [last] });
    await expectVerdict(page, false);
    await expectCodes(page, ['alg_not_allowed']);
    await close();
  });

  test('a JWKS behind a redirect is refused, as the library and the CLI refuse it (one fetcher)', async () => {
    const { page, close } = await newPage();
    await page.getByText('Fetch a JWKS from a URL').click();
    await page.getByLabel('JWKS URL').fill(`${issuer.base}/old`);
    const before = issuer.hits.length;
    await page.getByRole('button', { name: 'Fetch JWKS' }).click();
    await eventually(async () => assert.match(await page.locator('#fetch-status').textContent(), /HTTP 3xx redirect not followed, expected 200/));
    assert.deepEqual(issuer.hits.slice(before), ['/old'], 'the redirect was not followed');
    await close();
  });

  test('a key set refused by CORS says so, and names the CLI command without that limit', async () => {
    const { page, close } = await newPage();
    await page.getByText('Fetch a JWKS from a URL').click();
    const url = `${closedIssuer.base}/jwks.json`;
    await page.getByLabel('JWKS URL').fill(url);
    await page.getByRole('button', { name: 'Fetch JWKS' }).click();
    const status = page.getByText(/could not fetch/);
    await eventually(async () => assert.match(await status.innerText(), /probably CORS/), 10000);
    const text = await status.innerText();
    assert.match(text, new RegExp(`${closedIssuer.base} answered, but does not allow this page's origin \\(${new URL(site.url).origin}\\)`));
    assert.ok(text.includes(`The CLI has no such limit: jwt-doctor inspect --jwks ${url}`), text);
    assert.ok(closedIssuer.hits.includes('/jwks.json'), 'the request reached the server');
    assert.equal(await page.getByLabel('Key', { exact: true }).inputValue(), '', 'nothing filled in');

    // nothing listening: not called CORS
    await page.getByLabel('JWKS URL').fill(`${deadBase}/jwks.json`);
    await page.getByRole('button', { name: 'Fetch JWKS' }).click();
    await eventually(async () => assert.match(await status.innerText(), /did not answer/), 10000);
    assert.doesNotMatch(await status.innerText(), /CORS/);
    await close();
  });

  test('the report copied as Markdown and as JSON holds no token, secret or private key', async () => {
    const { page, close } = await newPage({ clipboard: true });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const copied = async (name) => {
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await page.getByRole('button', { name }).click();
      await eventually(async () => assert.match(await page.getByText(/^report copied as/).innerText(), /no token, key or secret/));
      return clipboard();
    };
    // an HMAC secret
    const ex = EXAMPLES.find((e) => e.id === 'base64-secret');
    await page.getByRole('button', { name: ex.label, exact: true }).click();
    await expectCodes(page, ['secret_encoding_mismatch']);
    const md = await copied('Copy report as Markdown');
    assert.match(md, /^### jwt-doctor: ✗ Invalid\n/);
    assert.match(md, /\*\*Main cause:\*\* signature_invalid — explained by secret_encoding_mismatch: the signature fails with the secret as given/);
    assert.match(md, /\| Signature \| ✗ fail `signature_invalid` \|/);
    assert.match(md, /key: an HMAC secret \(utf8\), not included/);
    const json = await copied('Copy report as JSON');
    const report = JSON.parse(json);
    assert.equal(report.valid, false);
    assert.ok(report.findings.some((f) => f.code === 'secret_encoding_mismatch'));
    const token = ex.state.token;
    for (const [kind, text] of [['Markdown', md], ['JSON', json]]) {
      assert.ok(!text.includes(ex.state.key), `${kind}: the secret`);
      assert.ok(!text.includes(token), `${kind}: the token`);
      assert.ok(!text.includes(token.split('.')[2]), `${kind}: the signature`);
      assert.ok(!text.includes(token.split('.').slice(0, 2).join('.')), `${kind}: header.payload as signed`);
    }

    // a private key given where the public key belongs
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    const signed = signRs256({ iss: 'https://issuer.example', exp: A1.exp }, privateKey);
    await fillVerifier(page, { token: signed, key: pem, now: A1.exp - 60 });
    await expectCodes(page, ['private_key_supplied']);
    const texts = [await copied('Copy report as Markdown'), await copied('Copy report as JSON')];
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const text of texts) {
      assert.ok(body.every((line) => !text.includes(line)), 'no line of the private key');
      assert.ok(!text.includes(signed) && !text.includes(signed.split('.')[2]), 'no token, no signature');
      assert.match(text, /private_key_supplied/);
    }
    await close();
  });

  test('when the browser refuses the clipboard, the report is shown selected to copy by hand', async () => {
    const { page, close } = await newPage();
    await page.evaluate(() => Object.defineProperty(navigator.clipboard, 'writeText', {
      value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
    }));
    const ex = EXAMPLES.find((e) => e.id === 'base64-secret');
    await page.getByRole('button', { name: ex.label, exact: true }).click();
    await expectCodes(page, ['secret_encoding_mismatch']);
    await page.getByRole('button', { name: 'Copy report as JSON' }).click();
    await eventually(async () => assert.match(await page.getByText(/did not allow copying/).innerText(),
      /the report as JSON is in the box below, selected/));
    const box = page.getByLabel('Report text');
    const text = await box.inputValue();
    assert.equal(JSON.parse(text).valid, false);
    assert.ok(!text.includes(ex.state.key) && !text.includes(ex.state.token));
    assert.equal(await box.evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd)), text, 'all of it selected');
    await close();
  });

  test('the decoded payload is plain JSON, and its copy parses to the payload', async () => {
    const { page, close } = await newPage({ clipboard: true });
    await fillVerifier(page, { token: A1.token, key: A1.jwk, now: A1.exp - 60 });
    await expectVerdict(page, true);
    const payload = JSON.parse(Buffer.from(A1.token.split('.')[1], 'base64url').toString('utf8'));
    const shownText = await page.getByLabel('Payload (decoded view)').inputValue();
    assert.doesNotMatch(shownText, /\s\/\/ /, 'no // comments in the JSON');
    assert.deepEqual(JSON.parse(shownText), payload);
    await page.getByRole('button', { name: 'Copy payload as JSON' }).click();
    await eventually(async () => assert.match(await page.getByText(/payload copied as JSON/).innerText(), /copied/));
    assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), payload);
    await page.getByRole('button', { name: 'Copy header as JSON' }).click();
    const header = JSON.parse(Buffer.from(A1.token.split('.')[0], 'base64url').toString('utf8'));
    await eventually(async () => assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), header));
    // the times are an annotation beside it
    assert.match(await page.getByRole('region', { name: 'Decoded header and payload' }).innerText(),
      /exp\s+1300819380 = 2011-03-22T18:43:00Z \(in 1 min\)/);
    await close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core: no serious or critical violation (${colorScheme})`, async () => {
      // bypassCSP: axe is injected as an inline script, which the page's CSP (rightly) refuses
      const { page, close } = await newPage({ colorScheme, bypassCSP: true });
      await page.getByRole('button', { name: 'Clock skew (30 s)' }).click();
      await expectCodes(page, ['clock_skew_suspected']);
      await page.getByRole('button', { name: 'Add a verifier' }).click();
      await page.getByRole('group', { name: 'Verifier 2' }).getByLabel('Leeway (s)').fill('60');
      await page.getByText('Fetch a JWKS from a URL').click();
      await eventually(async () => assert.equal(await page.getByRole('table').count(), 1));
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
      await close();
    });
  }

  test('screenshots at 1280 and 375 px, light and dark', async () => {
    const dir = await artifactsDir();
    for (const width of [1280, 375]) {
      for (const colorScheme of ['light', 'dark']) {
        const { page, close } = await newPage({ width, height: 900, colorScheme });
        await clockSkewAndLenientVerifier(page);
        await eventually(async () => assert.match(await page.getByRole('table').getByRole('row', { name: /Verdict/ }).innerText(), /invalid\s+✓ valid\s+differs/));
        // nothing wider than the viewport: readable on a phone without sideways scrolling
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${width}px viewport`);
        const file = path.join(dir, `page-${width}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await close();
      }
    }
  });

  test('every request went to the local server or the typed JWKS / issuer URL', () => {
    assert.ok(requests.length > 20, `requests were recorded (${requests.length})`);
    const allowed = [new URL(site.url).origin, issuer.base, closedIssuer.base, deadBase];
    const foreign = requests.filter((u) => !allowed.some((o) => u === o || u.startsWith(`${o}/`)));
    assert.deepEqual(foreign, []);
    const toIssuer = requests.filter((u) => u.startsWith(`${issuer.base}/`)).map((u) => new URL(u).pathname);
    assert.deepEqual([...new Set(toIssuer)].sort(), ['/.well-known/openid-configuration', '/jwks.json', '/old']);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
