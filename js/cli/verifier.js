// The verifier options of inspect and triage: command-line values to inspect() options.

import { instant, seconds } from "./args.js";
import { checkKeyReadable, discoverJwks, fetchJwks, isUrl, loadJwksFile, loadKeyFile, loadSecretFile, secretKey } from "./keys.js";
import { PEM_SECRET, UsageError } from "./usage.js";

const ENCODINGS = ["utf8", "base64", "base64url", "hex"];

function oneOrMany(list) {
  if (!list || list.length === 0) return undefined;
  return list.length === 1 ? list[0] : list;
}

/** A value that is a PEM block: a key, never a secret. */
const isPem = (value) => value.trimStart().startsWith("-----BEGIN");

function secretEncoding(v) {
  const e = v["secret-encoding"];
  if (e !== undefined && !ENCODINGS.includes(e)) throw new UsageError(`--secret-encoding takes ${ENCODINGS.join(", ")}, not ${JSON.stringify(e)}`);
  return e;
}

/**
 * The key options (key, jwks, secretEncoding) from --key, --secret, --secret-file, --jwks and
 * --issuer-discovery. Each key is checked now: one the core cannot read is a usage error in the
 * core's words, not a verdict on the token.
 */
async function keyOptions(v) {
  const o = {};
  const keySources = ["key", "secret", "secret-file"].filter((k) => v[k] !== undefined);
  if (keySources.length > 1) throw new UsageError(`give one of --key, --secret and --secret-file, not ${keySources.map((k) => `--${k}`).join(" and ")}`);
  const setSources = ["jwks", "issuer-discovery"].filter((k) => v[k] !== undefined);
  if (setSources.length > 1) throw new UsageError("give either --jwks or --issuer-discovery, not both");
  const encoding = secretEncoding(v);
  if (encoding !== undefined) o.secretEncoding = encoding;

  if (v.key !== undefined) Object.assign(o, loadKeyFile("--key", v.key));
  if (v.secret !== undefined) {
    if (isPem(v.secret)) throw new UsageError(PEM_SECRET);
    o.key = v.secret;
    checkKeyReadable("--secret", o);
  }
  if (v["secret-file"] !== undefined) {
    o.key = secretKey(loadSecretFile("--secret-file", v["secret-file"]), encoding);
    checkKeyReadable(`--secret-file: ${v["secret-file"]}`, o);
  }
  for (const option of setSources) {
    if (o.jwks) throw new UsageError(`--key names a JWK Set and --${option} gives another: give one`);
    if (option === "issuer-discovery") o.jwks = await discoverJwks(v[option]);
    else o.jwks = isUrl(v.jwks) ? await fetchJwks("--jwks", v.jwks) : loadJwksFile("--jwks", v.jwks);
    checkKeyReadable(`--${option}`, { jwks: o.jwks });
  }
  return o;
}

/**
 * Builds inspect() options from parsed command-line values. Reads files, fetches URLs.
 * @param {object} v parseArgs values
 * @param {{ defaultNow?: number }} [opts] the instant used when --now is absent (triage fixes
 *   one for the whole run); without it, inspect reads the clock itself
 */
export async function verifierOptions(v, { defaultNow } = {}) {
  const o = await keyOptions(v);
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

/**
 * The options fixFor() writes from: those of inspect(), with an HMAC secret from --secret-file as
 * its text (inspect() gets its exact bytes as a JWK), so that a secret's encoding fix reads as it
 * does for --secret.
 */
export function fixOptions(options, v) {
  if (v["secret-file"] === undefined) return options;
  const { text } = loadSecretFile("--secret-file", v["secret-file"]);
  return text === null ? options : { ...options, key: text.replace(/\r?\n$/, "") };
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
