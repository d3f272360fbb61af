// The verifier options of inspect and triage: command-line values to inspect() options.

import { instant, seconds } from "./args.js";
import { discoverJwks, fetchJwks, isUrl, loadJwksFile, loadKeyFile } from "./keys.js";
import { UsageError } from "./usage.js";

const ENCODINGS = ["utf8", "base64", "base64url", "hex"];

function oneOrMany(list) {
  if (!list || list.length === 0) return undefined;
  return list.length === 1 ? list[0] : list;
}

/**
 * Builds inspect() options from parsed command-line values. Reads files, fetches URLs.
 * @param {object} v parseArgs values
 * @param {{ defaultNow?: number }} [opts] the instant used when --now is absent (triage fixes
 *   one for the whole run); without it, inspect reads the clock itself
 */
export async function verifierOptions(v, { defaultNow } = {}) {
  const o = {};
  const keySources = ["key", "secret"].filter((k) => v[k] !== undefined);
  if (keySources.length > 1) throw new UsageError("give either --key or --secret, not both");
  const setSources = ["jwks", "issuer-discovery"].filter((k) => v[k] !== undefined);
  if (setSources.length > 1) throw new UsageError("give either --jwks or --issuer-discovery, not both");

  if (v.key !== undefined) Object.assign(o, loadKeyFile("--key", v.key));
  if (v.secret !== undefined) o.key = v.secret;
  if (v.jwks !== undefined) {
    if (o.jwks) throw new UsageError("--key names a JWK Set and --jwks gives another: give one");
    o.jwks = isUrl(v.jwks) ? await fetchJwks("--jwks", v.jwks) : loadJwksFile("--jwks", v.jwks);
  }
  if (v["issuer-discovery"] !== undefined) {
    if (o.jwks) throw new UsageError("--key names a JWK Set and --issuer-discovery gives another: give one");
    o.jwks = await discoverJwks(v["issuer-discovery"]);
  }
  if (v["secret-encoding"] !== undefined) {
    if (!ENCODINGS.includes(v["secret-encoding"])) {
      throw new UsageError(`--secret-encoding takes ${ENCODINGS.join(", ")}, not ${JSON.stringify(v["secret-encoding"])}`);
    }
    o.secretEncoding = v["secret-encoding"];
  }
  if (v.alg) o.algorithms = v.alg.flatMap((a) => a.split(",")).map((a) => a.trim()).filter(Boolean);
  const issuer = oneOrMany(v.iss);
  if (issuer !== undefined) o.issuer = issuer;
  const audience = oneOrMany(v.aud);
  if (audience !== undefined) o.audience = audience;
  if (v.sub !== undefined) o.subject = v.sub;
  if (v.typ !== undefined) o.typ = v.typ;
  if (v.require) o.requiredClaims = v.require.flatMap((c) => c.split(",")).map((c) => c.trim()).filter(Boolean);
  const leeway = seconds("leeway", v.leeway);
  if (leeway !== undefined) o.leeway = leeway;
  const maxAge = seconds("max-token-age", v["max-token-age"]);
  if (maxAge !== undefined) o.maxTokenAge = maxAge;
  const now = instant("--now", v.now) ?? defaultNow;
  if (now !== undefined) o.now = now;
  return o;
}

/** Runs inspect(), turning misuse (TypeError: an option the core refuses) into a usage error. */
export function inspectOrUsage(inspect, token, options, where = "") {
  try {
    return inspect(token, options);
  } catch (e) {
    if (e instanceof TypeError) throw new UsageError(`${where}${e.message.replace(/^inspect\(\): /, "")}`);
    throw e;
  }
}
