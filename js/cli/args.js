// Command-line parsing with node:util parseArgs, turning its errors into one-line usage errors.

import { parseArgs } from "node:util";
import { PEM_SECRET, UsageError } from "./usage.js";

/** The verifier options shared by inspect, triage (and --now by decode and compare). */
export const VERIFIER_OPTIONS = {
  key: { type: "string" },
  jwks: { type: "string" },
  "issuer-discovery": { type: "string" },
  secret: { type: "string" },
  "secret-file": { type: "string" },
  "secret-encoding": { type: "string" },
  alg: { type: "string", multiple: true },
  iss: { type: "string", multiple: true },
  aud: { type: "string", multiple: true },
  sub: { type: "string" },
  typ: { type: "string" },
  require: { type: "string", multiple: true },
  leeway: { type: "string" },
  "max-token-age": { type: "string" },
  now: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** inspect's own options: the verifier options and --stack (fixes in that library's syntax). */
export const INSPECT_OPTIONS = { ...VERIFIER_OPTIONS, stack: { type: "string" } };

/**
 * Parses `args` against `options`; at most `maxPositionals` positionals.
 * @returns {{ values: object, positionals: string[] }}
 */
export function parse(args, options, maxPositionals) {
  pemArgument(args, options);
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    if (typeof e?.code === "string" && e.code.startsWith("ERR_PARSE_ARGS")) {
      // Node's messages run to several sentences and lines: one line, without the advice about
      // positionals that follows an unknown option.
      const text = e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? e.message.split(/\.\s/)[0] : e.message.replace(/\s*\n\s*/g, " ");
      throw new UsageError(`${text.replace(/\.$/, "")} (try --help)`);
    }
    throw e;
  }
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(clip(parsed.positionals[maxPositionals]))} (try --help)`);
  }
  return parsed;
}

/**
 * A PEM block given as an option's value ("--secret -----BEGIN ..."): parseArgs would call it
 * "ambiguous" (it starts with "-"); say what it is instead.
 */
function pemArgument(args, options) {
  for (let i = 0; i + 1 < args.length && args[i] !== "--"; i++) {
    const name = /^--([\w-]+)$/.exec(args[i])?.[1];
    if (!name || options[name]?.type !== "string" || !args[i + 1].startsWith("-----BEGIN")) continue;
    if (name === "secret") throw new UsageError(PEM_SECRET);
    if (name === "key" || name === "jwks" || name === "secret-file") {
      throw new UsageError(`--${name}: this is the text of a PEM key; --${name} takes the name of a FILE${name === "key" ? " that holds it" : ` (a key goes in --key FILE)`}`);
    }
  }
}

function clip(s, n = 40) {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** A non-negative number of seconds from an option value. */
export function seconds(name, value) {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`--${name} takes a number of seconds, not ${JSON.stringify(clip(value))}`);
  }
  return Number(value);
}

/**
 * A point in time in seconds since the epoch, from epoch seconds or ISO 8601 (UTC when the
 * zone is missing). Returns undefined when `value` is undefined.
 */
export function instant(name, value) {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const text = String(value).trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const t = parseIsoSeconds(text);
  if (t === null) {
    throw new UsageError(`${name} takes seconds since the epoch or an ISO 8601 time, not ${JSON.stringify(clip(text))}`);
  }
  return t;
}

/** ISO 8601 text to seconds since the epoch, or null. A time without a zone is UTC. */
export function parseIsoSeconds(text) {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  if (!m) return null;
  const [, date, time, zone] = m;
  let iso = date;
  if (time) {
    let z = zone ?? "Z";
    if (/^[+-]\d{4}$/.test(z)) z = `${z.slice(0, 3)}:${z.slice(3)}`;
    iso = `${date}T${time.replace(",", ".")}${z.toUpperCase()}`;
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
}
