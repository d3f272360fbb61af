// The page's only requests to other origins: a JWKS URL, or an issuer's OpenID configuration
// and then its jwks_uri, fetched when the user presses the button, never on their own.

const MAX_BYTES = 512 * 1024;
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

async function getJson(url, cli) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a URL: ${url}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("only http and https URLs can be fetched");
  let res;
  try {
    res = await fetch(u, {
      headers: { accept: "application/json" },
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw await fetchFailure(u, err, cli);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${u}`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new Error(`the response from ${u} is larger than ${MAX_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the response from ${u} is not JSON`);
  }
}

function checkSet(jwks, url) {
  if (!jwks || typeof jwks !== "object" || !Array.isArray(jwks.keys)) {
    throw new Error(`${url} did not return a JWK Set (an object with a "keys" array)`);
  }
  return jwks;
}

/** Fetches a JWK Set. */
export async function fetchJwks(url) {
  return { jwks: checkSet(await getJson(url, `jwt-doctor inspect --jwks ${url}`), url), from: url };
}

/** Reads <issuer>/.well-known/openid-configuration, then its jwks_uri. */
export async function discoverJwks(issuer) {
  const base = issuer.replace(/\/+$/, "");
  const cli = `jwt-doctor inspect --issuer-discovery ${base}`;
  const config = await getJson(`${base}/.well-known/openid-configuration`, cli);
  if (typeof config?.jwks_uri !== "string") throw new Error("the OpenID configuration has no jwks_uri");
  return { jwks: checkSet(await getJson(config.jwks_uri, cli), config.jwks_uri), from: config.jwks_uri };
}
