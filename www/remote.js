// The page's only requests to other origins: a JWKS URL, or an issuer's OpenID configuration
// and then its jwks_uri, fetched when the user presses the button, never on their own.

const MAX_BYTES = 512 * 1024;
const TIMEOUT_MS = 8000;

async function getJson(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a URL: ${url}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("only http and https URLs can be fetched");
  const res = await fetch(u, {
    headers: { accept: "application/json" },
    credentials: "omit",
    referrerPolicy: "no-referrer",
    cache: "no-store",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
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
  return { jwks: checkSet(await getJson(url), url), from: url };
}

/** Reads <issuer>/.well-known/openid-configuration, then its jwks_uri. */
export async function discoverJwks(issuer) {
  const base = issuer.replace(/\/+$/, "");
  const config = await getJson(`${base}/.well-known/openid-configuration`);
  if (typeof config?.jwks_uri !== "string") throw new Error("the OpenID configuration has no jwks_uri");
  return { jwks: checkSet(await getJson(config.jwks_uri), config.jwks_uri), from: config.jwks_uri };
}
