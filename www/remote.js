// The page's only requests to other origins: a JWKS URL, or an issuer's OpenID configuration
// and then its jwks_uri, fetched when the user presses the button, never on their own.

import { describe, discover, fetchJwkSet, noteDiscovered } from "./pkg/jwks.js";

const TIMEOUT_MS = 8000;
/**
 * Why fetch() rejected. The browser says only "Failed to fetch", for a CORS refusal and an
 * unreachable server alike; a no-cors request tells them apart: it resolves (with an answer the
 * page cannot read) when the server answered, so what failed was being allowed to read it.
 * @param {URL} u
 * @param {Error} err  what fetch() threw
 * @param {string} cli  the CLI command that fetches the same URL without this limit
 */
async function fetchFailure(u, err, cli) {
  if (err?.name === "TimeoutError") return new Error(`no answer from ${u.origin} within ${TIMEOUT_MS / 1000} s`);
  if (u.protocol === "http:" && location.protocol === "https:") {
    return new Error(`this https page may not fetch an http URL (${u}): the browser blocks it as mixed content`);
  }
  let answered = false;
  try {
    await fetch(u, {
      mode: "no-cors", credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    answered = true;
  } catch { /* unreachable too */ }
  if (!answered) {
    return new Error(`${u.origin} did not answer (${err.message}): check the address, or whether this browser can reach it`);
  }
  const e = new Error(`probably CORS: ${u.origin} answered, but does not allow this page's origin (${location.origin}) to read the answer.`);
  e.cli = cli;
  return e;
}

// The library's one fetcher (pkg/jwks.js: no redirect followed, the body capped in bytes while
// it streams, a timeout), sending nothing of the page: no cookies, no referrer, no cache.
const pageFetch = (url, init) => fetch(url, { ...init, credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store" });

function httpUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a URL: ${url}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("only http and https URLs can be fetched");
  return u;
}

// The library's error, or, for a request the browser refused outright ("Failed to fetch"), why.
async function explain(u, err, cli) {
  if (err instanceof TypeError) return fetchFailure(u, err, cli);
  return new Error(`${describe(err)} (${u})`);
}

/** Fetches a JWK Set. */
export async function fetchJwks(url) {
  const u = httpUrl(url);
  try {
    return { jwks: (await fetchJwkSet(pageFetch, u.href, TIMEOUT_MS)).jwks, from: u.href };
  } catch (err) {
    throw await explain(u, err, `jwt-doctor inspect --jwks ${url}`);
  }
}

/** Reads <issuer>/.well-known/openid-configuration, then its jwks_uri. */
export async function discoverJwks(issuer) {
  const u = httpUrl(issuer);
  const cli = `jwt-doctor inspect --issuer-discovery ${issuer.replace(/\/+$/, "")}`;
  let jwksUri;
  let named;
  try {
    ({ jwksUri, issuer: named } = await discover(pageFetch, u, TIMEOUT_MS));
  } catch (err) {
    // the library's message names the discovery document; a refused request is explained
    throw err.cause instanceof TypeError ? await fetchFailure(u, err.cause, cli) : err;
  }
  try {
    // noted: a token of another issuer is told its key set is another environment's
    return { jwks: noteDiscovered((await fetchJwkSet(pageFetch, jwksUri.href, TIMEOUT_MS)).jwks, named), from: jwksUri.href };
  } catch (err) {
    throw await explain(jwksUri, err, cli);
  }
}
