// Identity providers' own near misses (issue 18, the issuer and audience mix-ups): tokens in each
// provider's documented shape, keys generated here, through the built package. detail.provider
// names the provider, detail.nearMiss the mix-up, and the hint is that provider's fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "jwt-doctor";
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
