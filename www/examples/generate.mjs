// Generates www/examples/examples.json: the scenarios behind the debugger page's example buttons.
//
// Regenerate (only when a scenario changes; the output is committed data):
//
//   node www/examples/generate.mjs            # from the repository root, after `npm install`
//
// Keys are generated afresh on every run with node:crypto and `jose` (a devDependency), so the
// tokens and public keys change each time; the expected finding codes do not. Private keys live
// only in this process: examples.json holds tokens, public keys (PEM / JWK / JWKS) and the HMAC
// secrets an example needs, never a private key. Every example fixes `now` (seconds since the
// epoch) so its analysis is deterministic forever.
//
// Each entry: { id, label, description, state, expect: { valid, codes } } where `state` uses the
// page's form fields (token, keyKind, key, secretEncoding, algorithms, issuer, audience,
// subject, typ, leeway, now) and `expect.codes` are finding codes the page must show.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as jose from 'jose';

const out = new URL('./examples.json', import.meta.url);

// A fixed clock: 2026-11-20T09:00:00Z.
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0) / 1000;
const ISS = 'https://auth.example.com/';
const AUD = 'https://api.example.com';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const enc = (obj) => b64u(JSON.stringify(obj));

function rsaPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKey, privateKey };
}

async function rs256(privateKey, header, claims) {
  const key = await jose.importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }), 'RS256');
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...header }).sign(key);
}

function publicJwk(publicKey, kid, alg) {
  return { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

const current = rsaPair();
const retired = rsaPair();
const KID = 'auth-2026-11';
const OLD_KID = 'auth-2026-08';
const jwks = { keys: [publicJwk(current.publicKey, KID, 'RS256')] };
const jwksText = JSON.stringify(jwks, null, 2);

const claims = (over = {}) => ({
  iss: ISS,
  sub: 'user-4711',
  aud: AUD,
  iat: T0,
  nbf: T0,
  exp: T0 + 3600,
  scope: 'orders:read',
  ...over,
});

const rsaState = (token, now, over = {}) => ({
  token,
  keyKind: 'jwks',
  key: jwksText,
  algorithms: ['RS256'],
  issuer: ISS,
  audience: AUD,
  now,
  ...over,
});

const valid = await rs256(current.privateKey, { kid: KID }, claims());
const examples = [];

examples.push({
  id: 'valid',
  label: 'Valid RS256 + JWKS',
  description: 'An RS256 access token checked against its issuer\'s JWKS, ten minutes after issue.',
  state: rsaState(valid, T0 + 600),
  expect: { valid: true, codes: [] },
});

examples.push({
  id: 'expired',
  label: 'Expired',
  description: 'The same token three hours after it expired.',
  state: rsaState(valid, T0 + 3600 + 3 * 3600 + 12 * 60),
  expect: { valid: false, codes: ['expired'] },
});

examples.push({
  id: 'clock-skew',
  label: 'Clock skew (30 s)',
  description: 'The issuer\'s clock runs 30 s ahead of the verifier\'s: the token is issued 30 s in the future (iat and nbf).',
  state: rsaState(valid, T0 - 30),
  expect: { valid: false, codes: ['not_yet_valid', 'issued_in_future', 'clock_skew_suspected'] },
});

examples.push({
  id: 'rotated',
  label: 'Rotated key',
  description: 'Signed with a retired key whose kid is no longer in the JWKS.',
  state: rsaState(await rs256(retired.privateKey, { kid: OLD_KID }, claims()), T0 + 600),
  expect: { valid: false, codes: ['kid_not_found'] },
});

{
  // Algorithm confusion: the attacker HMACs with the public key's PEM text as the secret.
  const pem = current.publicKey.export({ type: 'spki', format: 'pem' });
  const header = enc({ alg: 'HS256', typ: 'JWT' });
  const payload = enc(claims({ sub: 'admin', scope: 'orders:write admin' }));
  const { createHmac } = await import('node:crypto');
  const sig = createHmac('sha256', pem).update(`${header}.${payload}`).digest();
  examples.push({
    id: 'alg-confusion',
    label: 'Algorithm confusion forgery',
    description: 'HS256 token whose "secret" is the RSA public key PEM: a forgery against a verifier that lets the token pick the algorithm.',
    state: rsaState(`${header}.${payload}.${b64u(sig)}`, T0 + 600, { keyKind: 'auto', key: pem, algorithms: [] }),
    expect: { valid: false, codes: ['alg_confusion'] },
  });
}

examples.push({
  id: 'wrong-audience',
  label: 'Audience near miss',
  description: 'The token\'s aud has a trailing slash the API does not expect.',
  state: rsaState(await rs256(current.privateKey, { kid: KID }, claims({ aud: `${AUD}/` })), T0 + 600),
  expect: { valid: false, codes: ['audience_mismatch'] },
});

examples.push({
  id: 'bearer',
  label: 'Bearer-prefixed',
  description: 'A whole Authorization header value pasted: the single "Bearer " is stripped and noted.',
  state: rsaState(`Bearer ${valid}`, T0 + 600),
  expect: { valid: true, codes: ['bearer_prefix'] },
});

examples.push({
  id: 'url-encoded',
  label: 'URL-encoded',
  description: 'The token went through a query string and arrived percent-encoded.',
  state: rsaState(encodeURIComponent(`Bearer ${valid}`).replaceAll('.', '%2E'), T0 + 600),
  expect: { valid: false, codes: ['url_encoded'] },
});

{
  // ES256 signed with node:crypto's default DER signature encoding instead of JWS's raw r||s.
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = enc({ alg: 'ES256', typ: 'JWT', kid: 'ec-1' });
  const payload = enc(claims());
  const der = sign('sha256', Buffer.from(`${header}.${payload}`), createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })));
  examples.push({
    id: 'der-ecdsa',
    label: 'DER ECDSA signature',
    description: 'ES256 signed with OpenSSL\'s default DER encoding; JWS needs the 64-byte r‖s form.',
    state: rsaState(`${header}.${payload}.${b64u(der)}`, T0 + 600, {
      keyKind: 'auto',
      key: publicKey.export({ type: 'spki', format: 'pem' }),
      algorithms: ['ES256'],
    }),
    expect: { valid: false, codes: ['signature_der_encoded'] },
  });
}

{
  // The secret is stored base64-encoded; the signer decoded it, the verifier uses the text.
  const raw = randomBytes(32);
  const text = raw.toString('base64');
  const key = await jose.importJWK({ kty: 'oct', k: b64u(raw) }, 'HS256');
  const token = await new jose.SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
  examples.push({
    id: 'base64-secret',
    label: 'Base64 secret mismatch',
    description: 'Signed with the base64-decoded secret; verified with the base64 text as UTF-8.',
    state: rsaState(token, T0 + 600, { keyKind: 'secret', key: text, secretEncoding: 'utf8', algorithms: ['HS256'] }),
    expect: { valid: false, codes: ['signature_invalid', 'secret_encoding_mismatch'] },
  });
}

for (const e of examples) {
  if (/PRIVATE KEY/.test(JSON.stringify(e)) || /"d":/.test(JSON.stringify(e))) {
    throw new Error(`example ${e.id} would leak a private key`);
  }
}

const doc = {
  generated: 'node www/examples/generate.mjs (see the comment at the top of that file); do not edit by hand',
  sha256: createHash('sha256').update(JSON.stringify(examples)).digest('base64url'),
  examples,
};
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${examples.length} examples to ${out.pathname}`);
