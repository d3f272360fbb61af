// Identity providers' own near misses (issue 18, the issuer and audience mix-ups): tokens in each
// provider's documented shape, keys generated here, through the built package. detail.provider
// names the provider, detail.nearMiss the mix-up, and the hint is that provider's fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInspector, createLocalJWKSet, createRemoteJWKSet, discoverJWKS, inspect, verify } from "jwt-doctor";
import { NOW, claims, keys, sign } from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const TID = "9188040d-6c67-4c5b-b112-36a304b66dad";
const APP = "6e74172b-be56-4843-9ff4-e66a39bb12e3";

function mismatch(payload, options, code) {
  const token = sign({ alg: "RS256", kid: "k1" }, claims(payload), rsa.privateKey);
  const r = inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW, ...options });
  const f = r.findings.find((x) => x.code === code);
  assert.ok(f, `${code} in ${JSON.stringify(r.findings.map((x) => x.code))}`);
  assert.equal(r.cause.code, code);
  return f;
}

test("issuer mix-ups name the provider and its fix", () => {
  for (const [iss, expected, provider, nearMiss, hint] of [
    [`https://sts.windows.net/${TID}/`, `https://login.microsoftonline.com/${TID}/v2.0`, "entra", "entra_v1_v2", /accessTokenAcceptedVersion/],
    [`https://login.microsoftonline.com/${TID}/v2.0`, "https://login.microsoftonline.com/{tenantid}/v2.0", "entra", "entra_tenant_placeholder", new RegExp(`replace \\{tenantid\\} with the tenant id \\(${TID}`)],
    ["accounts.google.com", "https://accounts.google.com", "google", "google_scheme", /accept both issuers/],
    ["https://acme.eu.auth0.com/", "https://acme.eu.auth0.com", "auth0", "trailing_slash", /with its trailing slash: https:\/\/acme\.eu\.auth0\.com\//],
    ["https://acme.okta.com", "https://acme.okta.com/oauth2/default", "okta", "okta_authorization_server", /its own JWKS/],
    ["http://keycloak:8080/realms/shop", "https://sso.example.com/realms/shop", "keycloak", "host", /KC_HOSTNAME/],
    ["https://sso.example.com/realms/admin", "https://sso.example.com/realms/shop", "keycloak", "keycloak_realm", /another realm/],
    ["https://securetoken.google.com/other-project", "https://securetoken.google.com/my-project", "firebase", "firebase_project", /aud the project id/],
    ["https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mine", "cognito", "cognito_user_pool", /user pool id/],
  ]) {
    const f = mismatch({ iss }, { issuer: expected }, "issuer_mismatch");
    assert.deepEqual([f.detail.provider, f.detail.nearMiss], [provider, nearMiss], iss);
    assert.match(f.hint, hint, iss);
  }
  // an issuer of no known provider keeps the generic near miss, with provider null
  const plain = mismatch({ iss: "https://auth.example.com/" }, { issuer: "https://auth.example.com" }, "issuer_mismatch");
  assert.deepEqual([plain.detail.provider, plain.detail.nearMiss], [null, "trailing_slash"]);
});

test("audience mix-ups: Entra's client id against its App ID URI, and a Microsoft Graph token", () => {
  const iss = `https://login.microsoftonline.com/${TID}/v2.0`;
  const f = mismatch({ iss, aud: APP }, { issuer: iss, audience: `api://${APP}` }, "audience_mismatch");
  assert.deepEqual([f.detail.provider, f.detail.nearMiss], ["entra", "entra_app_id_uri"]);
  const g = mismatch({ iss, aud: "00000003-0000-0000-c000-000000000000" }, { issuer: iss, audience: `api://${APP}` }, "audience_mismatch");
  assert.equal(g.detail.nearMiss, "entra_graph_token");
  assert.match(g.hint, /api:\/\/<app id>\/\.default/);
});

test("an ID token where an access token (at+jwt) is expected says so by its ID-token claims", () => {
  const f = mismatch({ nonce: "n-0S6_WzA2Mj", at_hash: "77QmUPtjPfzWtF2AnpK9RQ", aud: "client-1" }, { typ: "at+jwt" }, "typ_mismatch");
  assert.equal(f.detail.idToken, true);
  assert.deepEqual(f.detail.evidence, ["nonce", "at_hash"]);
  assert.match(f.message, /: this is an ID token \(nonce, at_hash present\)$/);
  assert.match(f.hint, /sent its ID token/);
  // a typ mismatch without ID-token claims keeps the generic hint
  const plain = mismatch({}, { typ: "at+jwt" }, "typ_mismatch");
  assert.equal(plain.detail.idToken, undefined);
});

test("a Cognito access token has client_id, not aud: the missing audience names it", () => {
  const iss = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mine";
  const f = mismatch({ iss, client_id: "3n4b5urk1ft4fl3mg5e62d9ado", token_use: "access" }, { audience: "3n4b5urk1ft4fl3mg5e62d9ado" }, "claim_missing");
  assert.deepEqual([f.detail.provider, f.detail.nearMiss], ["cognito", "cognito_client_id"]);
  assert.match(f.hint, /client_id/);
});

// ---------------------------------------------------------------------------------------------
// Key sets in the providers' shapes, and the provider a report names
// ---------------------------------------------------------------------------------------------

// An RSA key and its self-signed certificate, made by openssl (node:crypto cannot issue one).
function certified(cn) {
  const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-cert-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${cn}`, "-days", "2",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { privateKey: createPrivateKey(readFileSync(join(dir, "key.pem"))), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const [certA, certB] = [certified("securetoken"), certified("securetoken")];
// https://www.googleapis.com/oauth2/v1/certs and Firebase's x509 endpoint: kid -> PEM certificate
const CERT_MAP = { "1e9gdk7": certA.cert, "9f4c0e2": certB.cert };

function certToken(payload, kid = "9f4c0e2", key = certB.privateKey) {
  return sign({ alg: "RS256", kid, typ: "JWT" }, claims(payload), key);
}
const GOOGLE_CLIENT = "1234567890-abc123def456.apps.googleusercontent.com";

test("a Google certificate map is a key set: each certificate's key under its kid, with an info naming the JWK endpoint", async () => {
  const token = certToken({ iss: "https://accounts.google.com", aud: GOOGLE_CLIENT, email: "a@example.com" });
  const options = { jwks: CERT_MAP, algorithms: ["RS256"], issuer: ["accounts.google.com", "https://accounts.google.com"], audience: GOOGLE_CLIENT, now: NOW };
  const r = inspect(token, options);
  assert.equal(r.valid, true, JSON.stringify(r.findings));
  assert.equal(r.signature.kid, "9f4c0e2");
  const f = r.findings.find((x) => x.code === "jwks_certificate_map");
  assert.equal(f.severity, "info");
  assert.deepEqual([f.detail.provider, f.detail.keys], ["google", 2]);
  assert.match(f.hint, /https:\/\/www\.googleapis\.com\/oauth2\/v3\/certs/);
  assert.deepEqual(r.token.provider, { id: "google", name: "Google" });
  // verify() (native crypto with the certificate's key), the map as JSON text and as a local set
  assert.equal((await verify(token, options)).payload.email, "a@example.com");
  assert.equal((await verify(token, { ...options, jwks: JSON.stringify(CERT_MAP) })).key.kid, "9f4c0e2");
  assert.equal((await verify(token, { ...options, jwks: createLocalJWKSet(CERT_MAP) })).key.kid, "9f4c0e2");
  // a kid the map does not have is kid_not_found, listing the map's kids
  const other = inspect(certToken({ iss: "https://accounts.google.com" }, "0000000"), options);
  assert.deepEqual(other.findings.find((x) => x.code === "kid_not_found").detail.available, ["1e9gdk7", "9f4c0e2"]);
  // signed by the other certificate's key: the signature fails, and the right kid is named
  const swapped = inspect(certToken({ iss: "https://accounts.google.com", aud: GOOGLE_CLIENT }, "9f4c0e2", certA.privateKey), options);
  assert.equal(swapped.cause.code, "verifies_with_other_key");
});

test("a Firebase ID token against Firebase's certificate map, fetched as a remote key set", async () => {
  const project = "my-project";
  const token = certToken({ iss: `https://securetoken.google.com/${project}`, aud: project, user_id: "u1", firebase: { sign_in_provider: "password" } });
  const url = "https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com";
  let fetched = 0;
  const fetch = async (u) => {
    assert.equal(String(u), url);
    fetched++;
    return new Response(JSON.stringify(CERT_MAP), { status: 200, headers: { "content-type": "application/json; charset=UTF-8", "cache-control": "public, max-age=19204" } });
  };
  const jwks = createRemoteJWKSet(url, { fetch });
  const options = { jwks, algorithms: ["RS256"], issuer: `https://securetoken.google.com/${project}`, audience: project, now: NOW };
  assert.equal((await verify(token, options)).payload.user_id, "u1");
  assert.equal((await verify(token, options)).key.kid, "9f4c0e2");
  assert.equal(fetched, 1, "a kid the map has needs no refetch");
  const r = inspect(token, { ...options, jwks: CERT_MAP });
  const f = r.findings.find((x) => x.code === "jwks_certificate_map");
  assert.equal(f.detail.provider, "firebase");
  assert.match(f.hint, /service_accounts\/v1\/jwk\/securetoken@system\.gserviceaccount\.com/);
  assert.deepEqual(r.token.provider, { id: "firebase", name: "Firebase Auth" });
});

test("a map whose values are not all certificates is not a key set", () => {
  const token = certToken({});
  assert.throws(() => createLocalJWKSet({ a: certA.cert, b: "not a certificate" }), /a JWK Set is an object with a "keys" array/);
  const r = inspect(token, { jwks: { a: certA.cert, b: 42 }, now: NOW });
  assert.equal(r.cause.code, "key_invalid");
  assert.equal(r.findings.some((x) => x.code === "jwks_certificate_map"), false);
});

test("Auth0: the opaque access token of a request without audience, a /userinfo audience, a custom domain", () => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  // Auth0's shape: a JWE with the tenant as iss in its header, an empty key part (alg dir)
  const opaque = `${b64({ alg: "dir", enc: "A256GCM", iss: "https://acme.us.auth0.com/" })}..${"q".repeat(16)}.${"c".repeat(40)}.${"t".repeat(22)}`;
  const r = inspect(opaque, { now: NOW });
  assert.equal(r.cause.code, "encrypted_token");
  assert.deepEqual([r.cause.detail.provider, r.cause.detail.nearMiss], ["auth0", "auth0_opaque_token"]);
  assert.match(r.cause.message, /Auth0's opaque access token, issued when no audience is requested$/);
  assert.match(r.cause.hint, /audience=<your API identifier>/);
  // another JWE keeps the generic finding
  const plain = inspect(`${b64({ alg: "RSA-OAEP", enc: "A256GCM" })}.k.i.c.t`, { now: NOW });
  assert.equal(plain.cause.detail.provider, undefined);

  const iss = "https://acme.us.auth0.com/";
  const api = "https://api.example.com";
  for (const aud of [[`${iss}userinfo`], ["https://billing.example.com", `${iss}userinfo`]]) {
    const f = mismatch({ iss, aud }, { issuer: iss, audience: api }, "audience_mismatch");
    assert.deepEqual([f.detail.provider, f.detail.nearMiss], ["auth0", "auth0_userinfo"], JSON.stringify(aud));
    assert.match(f.hint, /audience=https:\/\/api\.example\.com/);
  }
  const d = mismatch({ iss: "https://login.example.com/" }, { issuer: iss }, "issuer_mismatch");
  assert.deepEqual([d.detail.provider, d.detail.nearMiss], ["auth0", "auth0_custom_domain"]);
  assert.match(d.message, /custom domain/);
});

test("Okta: a kid from another authorization server names the JWKS URL of the token's server", () => {
  const other = keys("rsa2");
  const jwks = { keys: [{ ...other.publicJwk, kid: "org-key", use: "sig", alg: "RS256" }] };
  for (const [iss, url] of [
    ["https://acme.okta.com/oauth2/default", "https://acme.okta.com/oauth2/default/v1/keys"],
    ["https://acme.okta.com/oauth2/aus2k9x8cVYmNJ0Nq5d7", "https://acme.okta.com/oauth2/aus2k9x8cVYmNJ0Nq5d7/v1/keys"],
    ["https://acme.okta.com", "https://acme.okta.com/oauth2/v1/keys"],
  ]) {
    const token = sign({ alg: "RS256", kid: "k1" }, claims({ iss, aud: "api://default", cid: "0oa1" }), rsa.privateKey);
    const r = inspect(token, { jwks, algorithms: ["RS256"], now: NOW });
    assert.equal(r.cause.code, "kid_not_found");
    assert.deepEqual([r.cause.detail.provider, r.cause.detail.jwksUri], ["okta", url]);
    assert.ok(r.cause.hint.endsWith(url), r.cause.hint);
  }
  const custom = sign({ alg: "RS256", kid: "k1" }, claims({ iss: "https://acme.okta.com/oauth2/default" }), rsa.privateKey);
  assert.equal(inspect(custom, { key: rsa.spkiPem, now: NOW }).token.provider.name, "Okta (custom authorization server)");
});

test("Keycloak: the client is azp, not aud", () => {
  const iss = "https://sso.example.com/realms/shop";
  const f = mismatch({ iss, aud: "account", azp: "shop-api", typ: "Bearer" }, { issuer: iss, audience: "shop-api" }, "audience_mismatch");
  assert.deepEqual([f.detail.provider, f.detail.nearMiss], ["keycloak", "azp"]);
  assert.match(f.message, /"shop-api" is the token's azp/);
  assert.match(f.hint, /audience mapper for "shop-api"/);
  const none = mismatch({ iss, azp: "shop-api" }, { audience: "shop-api" }, "claim_missing");
  assert.deepEqual([none.detail.provider, none.detail.nearMiss], ["keycloak", "azp"]);
  // any issuer: azp is still said, with no provider named
  const g = mismatch({ iss: "https://auth.example.com/", aud: "other", azp: "web" }, { audience: "web" }, "audience_mismatch");
  assert.deepEqual([g.detail.provider, g.detail.nearMiss], [null, "azp"]);
});

test("Entra: a Microsoft Graph token's signature cannot be verified by your API, and says so", () => {
  const signer = keys("rsa2");
  const token = sign({ typ: "JWT", nonce: "pDnc8yjBnvBMQ3cNwHAvfqRB9K-K2bY5Cj3yhBfXmtU", alg: "RS256", kid: "k1" },
    claims({ iss: `https://sts.windows.net/${TID}/`, aud: "00000003-0000-0000-c000-000000000000", tid: TID, scp: "User.Read" }), signer.privateKey);
  const r = inspect(token, { jwks: { keys: [{ ...rsa.publicJwk, kid: "k1" }] }, algorithms: ["RS256"], now: NOW });
  const f = r.findings.find((x) => x.code === "signature_invalid");
  assert.deepEqual([f.detail.provider, f.detail.nearMiss], ["entra", "entra_graph_token"]);
  assert.match(f.message, /a Microsoft Graph token \(nonce in its header\)$/);
  assert.match(f.hint, /only Microsoft Graph can verify its tokens, by design/);
  assert.deepEqual(r.token.provider, { id: "entra", name: "Microsoft Entra ID (v1 issuer)" });
  // without the header nonce, a failing signature keeps the generic hint
  const plain = sign({ alg: "RS256", kid: "k1" }, claims({ iss: `https://sts.windows.net/${TID}/` }), signer.privateKey);
  const p = inspect(plain, { jwks: { keys: [{ ...rsa.publicJwk, kid: "k1" }] }, algorithms: ["RS256"], now: NOW });
  assert.equal(p.findings.find((x) => x.code === "signature_invalid").detail.nearMiss, undefined);
});

test("report.token.provider names the provider of a valid token, and is null for an unknown issuer", () => {
  const ok = (iss) => {
    const r = inspect(sign({ alg: "RS256" }, claims({ iss }), rsa.privateKey), { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
    assert.equal(r.valid, true);
    return r.token.provider;
  };
  assert.deepEqual(ok(`https://login.microsoftonline.com/${TID}/v2.0`), { id: "entra", name: "Microsoft Entra ID (v2 issuer)" });
  assert.equal(ok("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mine").name, "Amazon Cognito");
  assert.equal(ok("https://acme.okta.com").name, "Okta (org authorization server)");
  assert.equal(ok("https://auth.example.com/"), null);
  const summary = createInspector({ key: rsa.spkiPem, now: NOW }).summarize(sign({ alg: "RS256" }, claims({ iss: "https://sso.example.com/realms/shop" }), rsa.privateKey));
  assert.equal(summary.provider, "Keycloak");
});

test("a key set from another environment's discovery document: kid_not_found names both issuers", async () => {
  const dev = "https://dev-acme.us.auth0.com/";
  const prod = "https://acme.us.auth0.com/";
  const devKey = keys("rsa2");
  const fetch = async (u) => {
    const body = String(u) === `${dev}.well-known/openid-configuration`
      ? { issuer: dev, jwks_uri: `${dev}.well-known/jwks.json` }
      : { keys: [{ ...devKey.publicJwk, kid: "dev-1", use: "sig", alg: "RS256" }] };
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  const jwks = await discoverJWKS(dev, { fetch });
  assert.equal(jwks.issuer, dev);
  const options = { jwks, algorithms: ["RS256"], issuer: prod, now: NOW };
  const token = sign({ alg: "RS256", kid: "prod-1" }, claims({ iss: prod }), rsa.privateKey);
  const e = await verify(token, options).then(() => null, (x) => x);
  assert.equal(e.code, "kid_not_found");
  assert.equal(e.finding.detail.jwksIssuer, dev);
  assert.match(e.message, /the key set comes from the discovery document of https:\/\/dev-acme\.us\.auth0\.com\/, the token from https:\/\/acme\.us\.auth0\.com\/$/);
  assert.match(e.finding.hint, /https:\/\/acme\.us\.auth0\.com\/\.well-known\/openid-configuration/);
  assert.equal(e.report.findings.find((f) => f.code === "kid_not_found").detail.jwksIssuer, dev);
  // the token of the discovered issuer with an unknown kid: a rotation, not another environment
  const rotated = await verify(sign({ alg: "RS256", kid: "dev-2" }, claims({ iss: dev }), rsa.privateKey), { ...options, issuer: dev })
    .then(() => null, (x) => x);
  assert.equal(rotated.code, "kid_not_found");
  assert.equal(rotated.finding.detail.jwksIssuer, undefined);
});

// ---------------------------------------------------------------------------------------------
// Issue 33: the catalogue (src/provider/catalogue.rs). Every provider's control and mix-up is a
// case in tests/cases/providers.json; these are what a case cannot say.
// ---------------------------------------------------------------------------------------------

test("Auth0: an access token for the API (aud holds the API and /userinfo) checked against the client id gets no /userinfo advice", () => {
  const iss = "https://acme.us.auth0.com/";
  const client = "Xq2r9TnB8vK3mP5sL7wQ1zY4uJ6hF0dA";
  const f = mismatch({ iss, aud: ["https://api.example.com", `${iss}userinfo`], azp: client, scope: "openid read" },
    { issuer: iss, audience: client }, "audience_mismatch");
  assert.deepEqual([f.detail.provider, f.detail.nearMiss], ["auth0", "auth0_access_token"]);
  assert.doesNotMatch(f.hint, new RegExp(`audience=${client}`));
  assert.doesNotMatch(f.hint, /userinfo/);
  assert.match(f.hint, /\(https:\/\/api\.example\.com\), never the client id/);
});

test("a look-alike host is never named as the provider: an S3 bucket named like Cognito's host", () => {
  const pool = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
  for (const iss of [
    "https://cognito-idp.eu-west-1.amazonaws.com.s3.amazonaws.com/eu-west-1_AbCdEf123",
    "https://cognito-idp.eu-west-1.amazonaws.com.s3.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
    "https://acme.auth0.com.evil.example/",
    "https://acme.okta.com.evil.example/oauth2/default",
  ]) {
    const token = sign({ alg: "RS256", kid: "k1" }, claims({ iss, token_use: "access", client_id: "c" }), rsa.privateKey);
    const r = inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW, issuer: pool, audience: "c" });
    assert.equal(r.token.provider, null, iss);
    assert.equal(r.token.kind, null, iss);
    for (const f of r.findings) {
      assert.equal(f.detail.provider ?? null, null, `${iss}: ${f.code}`);
      assert.doesNotMatch(String(f.detail.nearMiss), /^cognito_|^auth0_|^okta_/, `${iss}: ${f.code}`);
    }
  }
});

test("report.token.kind tells a provider's kinds of token apart by their claims", () => {
  const kc = "https://sso.example.com/realms/shop";
  for (const [payload, kind] of [
    [{ iss: kc, typ: "Bearer" }, "access"],
    [{ iss: kc, typ: "ID" }, "id"],
    [{ iss: kc, typ: "Refresh" }, "refresh"],
    [{ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A", token_use: "access" }, "access"],
    [{ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A", token_use: "id" }, "id"],
    [{ iss: "https://session.firebase.google.com/p" }, "session_cookie"],
    [{ iss: "supabase", role: "anon" }, "anon_key"],
    [{ iss: `https://login.microsoftonline.com/${TID}/v2.0`, scp: "x" }, "access"],
    [{ iss: `https://login.microsoftonline.com/${TID}/v2.0`, nonce: "n" }, "id"],
    [{ iss: "https://auth.example.com/" }, null],
  ]) {
    const r = inspect(sign({ alg: "RS256" }, claims(payload), rsa.privateKey), { now: NOW });
    assert.equal(r.token.kind, kind, JSON.stringify(payload));
  }
});

test("verify(): a provider's correctly configured token is accepted, and a wrong kind is rejected with the provider's fix", async () => {
  const iss = "https://sso.example.com/realms/shop";
  const options = { key: rsa.spkiPem, algorithms: ["RS256"], issuer: iss, audience: "orders-api", now: NOW };
  const access = sign({ alg: "RS256" }, claims({ iss, typ: "Bearer", azp: "web", aud: ["orders-api", "account"] }), rsa.privateKey);
  assert.equal((await verify(access, options)).payload.typ, "Bearer");
  const id = sign({ alg: "RS256" }, claims({ iss, typ: "ID", azp: "web", aud: "web" }), rsa.privateKey);
  const e = await verify(id, options).then(() => null, (x) => x);
  assert.equal(e.code, "audience_mismatch");
  assert.deepEqual([e.finding.detail.provider, e.finding.detail.nearMiss], ["keycloak", "keycloak_id_token"]);
});
