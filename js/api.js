// The public API over the WebAssembly core. Every entry point (node, workerd, browser)
// re-exports this module after registering how the module is instantiated.

import * as core from "./jwt_doctor.js";
import { JwtConfigError, JwtError } from "./errors.js";
import { withHint, withHints } from "./hints.js";
import { cryptoKeyNow, cryptoKeys, isCryptoKey, keyReader, readCryptoKey } from "./cryptokey.js";
import { LocalJWKSet, RemoteJWKSet, isDiscovered, kidsOf, nameDiscoveredIssuer, nameDiscoveredIssuerIn, setKeySetCheck } from "./jwks.js";
import { init, isReady, requireReady, nativeBackend } from "./runtime.js";
import { CLOCK_WARN_SECONDS, clockOffsets, fingerprint } from "./state.js";

export { JwtConfigError, JwtError } from "./errors.js";
export { FINDINGS } from "./findings.js";
export { ALGORITHMS } from "./algs.js";
export { tokenFromAuthorization } from "./authorization.js";
export { createLocalJWKSet, createRemoteJWKSet, discoverJWKS, LocalJWKSet, RemoteJWKSet } from "./jwks.js";
export { init } from "./runtime.js";

// A fetched key set replaces the last good one only when it has a usable key (a set none of
// whose members the core can read, too many keys, an empty set: the last good set is kept).
setKeySetCheck((jwks) => {
  if (kidsOf(jwks).length === 0) return "the key set holds no key";
  if (!isReady()) return null;
  const probe = new core.Verifier({ jwks, algorithms: core.algorithmNames().split(",").filter((a) => a !== "none") });
  try {
    return probe.configError()?.message ?? null;
  } finally {
    probe.free();
  }
});
export { fixFor, FIX_STACKS } from "./fix.js";
export { rehearse } from "./rehearse.js";

function isKeyObject(k) {
  return typeof k === "object" && k !== null && typeof k.export === "function" &&
    (k.type === "public" || k.type === "private" || k.type === "secret") && typeof k.asymmetricKeyType !== "function";
}

const isString = (v) => typeof v === "string";
const isStrings = (v) => Array.isArray(v) && v.every(isString);
const isSeconds = (v) => typeof v === "number" && Number.isFinite(v);
// What each option takes, checked before the core sees it, so a TypeError names the option.
// (Unknown names are refused by the core, which knows the list.)
const OPTION_TYPES = {
  key: [(v) => isString(v) || (typeof v === "object" && v !== null), "a PEM or JWK string, a JWK object, a Uint8Array secret, a KeyObject or a CryptoKey"],
  jwks: [(v) => isString(v) || (typeof v === "object" && v !== null && !Array.isArray(v)), "a JWK Set (object or JSON text) or a key set"],
  secretEncoding: [(v) => ["utf8", "base64", "base64url", "hex"].includes(v), '"utf8", "base64", "base64url" or "hex"'],
  algorithms: [isStrings, "an array of algorithm names"],
  issuer: [(v) => isString(v) || isStrings(v), "a string or an array of strings"],
  audience: [(v) => isString(v) || isStrings(v), "a string or an array of strings"],
  subject: [isString, "a string"],
  typ: [isString, "a string"],
  requiredClaims: [isStrings, "an array of claim names"],
  leeway: [isSeconds, "a number of seconds"],
  maxTokenAge: [isSeconds, "a number of seconds"],
  now: [isSeconds, "a number of seconds since the epoch"],
  maxTokenBytes: [isSeconds, "a number of bytes"],
};

// What a wrong option value is, in words; jose's forms ("1h", a Date) say what to write instead.
function describeValue(name, v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Date) return `a Date (write ${v.getTime() / 1000}, seconds since the epoch)`;
  if (typeof v === "string" && name !== "now" && /^\s*-?\d/.test(v)) {
    return `the string ${JSON.stringify(v)} (durations are numbers of seconds here, not jose's "1h" strings)`;
  }
  return typeof v;
}

// jose's call shape, verify(token, key, options): the second argument is not an options
// object (a key set, a key, a getter); refused with what to write instead, never half-read.
function checkCallShape(fn, args) {
  const [, options, extra] = args;
  const keyLike = options instanceof LocalJWKSet || options instanceof RemoteJWKSet || typeof options === "function" ||
    typeof options === "string" || ArrayBuffer.isView(options) || isKeyObject(options) || isCryptoKey(options);
  if (keyLike || args.length > 2) {
    throw new TypeError(`${fn}(token, options) takes the key in the options: ${fn}(token, { key or jwks, algorithms, issuer, … }), ` +
      "not jose's (token, key, options)" + (extra !== undefined ? ": the third argument would be ignored" : ""));
  }
}

// Turns what JavaScript callers pass into what the core reads: key objects and buffers become
// JWKs or bytes, local key sets become their JWK Set.
function normalise(options, fn) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${fn}(): options must be an object`);
  for (const [name, [ok, what]] of Object.entries(OPTION_TYPES)) {
    const v = options[name];
    if (v !== undefined && !ok(v)) throw new TypeError(`${fn}(): options.${name} must be ${what}, not ${describeValue(name, v)}`);
  }
  if (options.key !== undefined && options.jwks !== undefined) {
    throw new TypeError(`${fn}(): give options.key or options.jwks, not both`);
  }
  const o = { ...options };
  if (o.key instanceof ArrayBuffer) o.key = new Uint8Array(o.key);
  else if (ArrayBuffer.isView(o.key) && !(o.key instanceof Uint8Array)) {
    o.key = new Uint8Array(o.key.buffer, o.key.byteOffset, o.key.byteLength);
  } else if (isCryptoKey(o.key)) {
    o.key = cryptoKeyNow(o.key, fn);
  } else if (isKeyObject(o.key)) {
    o.key = o.key.type === "secret" ? new Uint8Array(o.key.export()) : o.key.export({ format: "jwk" });
  }
  if (o.jwks instanceof LocalJWKSet) o.jwks = o.jwks.jwks;
  else if (o.jwks instanceof RemoteJWKSet) {
    throw new TypeError(`${fn}() is synchronous and cannot fetch a remote key set: use verify(), or fetch the JWKS first`);
  }
  return o;
}

const textDecoder = new TextDecoder();

// The header's kid, to pick the remote key set's refresh; the core reads the header strictly.
// Tokens of one issuer share their header: the last one read is remembered.
let lastHeader = { part: "", kid: undefined };
function kidOf(token) {
  const dot = token.indexOf(".");
  if (dot <= 0 || dot > 8192) return undefined;
  const part = token.slice(0, dot);
  if (part === lastHeader.part) return lastHeader.kid;
  let kid;
  try {
    const header = JSON.parse(textDecoder.decode(b64urlBytes(part)));
    kid = typeof header?.kid === "string" ? header.kid : undefined;
  } catch {
    kid = undefined;
  }
  lastHeader = { part, kid };
  return kid;
}

// The core sends the checklist as one string of "check status [code]" rows (Report::wire in
// src/report.rs): building these small objects here is several times faster than JSON.parse.
function expandChecks(report) {
  const rows = report.checks ? report.checks.split(",") : [];
  const checks = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const a = row.indexOf(" ");
    const b = row.indexOf(" ", a + 1);
    checks[i] = b < 0
      ? { check: row.slice(0, a), status: row.slice(a + 1), code: null }
      : { check: row.slice(0, a), status: row.slice(a + 1, b), code: row.slice(b + 1) };
  }
  report.checks = checks;
  withHints(report.findings);
  withHint(report.cause);
  return report;
}

/**
 * Inspects a token and explains every problem. Synchronous; throws only for misuse
 * (`TypeError`).
 * @param {string} token
 * @param {object} [options]
 */
export function inspect(token, options) {
  requireReady("inspect");
  if (typeof token !== "string") throw new TypeError("inspect(): token must be a string");
  const compiled = compiledInspector(options);
  if (compiled) return nameDiscoveredIssuerIn(expandChecks(compiled.core.inspect(token, compiled.options.now ?? Date.now() / 1000)), options.jwks);
  return nameDiscoveredIssuerIn(expandChecks(core.inspect(token, normalise(options, "inspect"))), options?.jwks);
}

// inspect() with the same options object again and again (a page as you type, a loop over a
// log) reuses a compiled inspector: options read and keys imported once. Compiled on the second
// call with an object, so options built afresh for every call compile nothing; bounded, the
// least recently used freed.
const MAX_INSPECTORS = 16;
const inspectors = new Map();
const inspectorOf = new WeakMap();

function compiledInspector(options) {
  if (typeof options !== "object" || options === null) return null;
  const kept = inspectorOf.get(options);
  if (stillValid(kept, inspectors, options)) {
    inspectors.delete(kept.id);
    inspectors.set(kept.id, kept.entry);
    return kept.entry;
  }
  if (!kept || !sameMembers(kept.snapshot, options)) {
    inspectorOf.set(options, { snapshot: snapshotOf(options) }); // first sighting: not compiled
    return null;
  }
  const normalised = normalise(options, "inspect");
  const entry = { core: new core.Inspector(normalised), options: normalised };
  const id = ++nextId;
  inspectors.set(id, entry);
  if (inspectors.size > MAX_INSPECTORS) {
    const [oldId, old] = inspectors.entries().next().value;
    inspectors.delete(oldId);
    old.core.free();
  }
  inspectorOf.set(options, { id, entry, snapshot: snapshotOf(options) });
  return entry;
}

// Compiled verifiers (keys imported once, options checked once), keyed by key identity and the
// other options; bounded, least recently used evicted. A verifier is freed only when nothing
// holds it: each entry counts its holders (this cache, each verify() under way, each options
// object that remembers it), so one evicted while a verify() awaits a key set is freed when
// that verify() ends, never under it. An options object holds its verifier until the object
// is garbage-collected: a service with hundreds of configurations, each one options object
// (a middleware per tenant), keeps every verifier compiled however many there are.
const MAX_VERIFIERS = 64;
const verifiers = new Map();
const objectIds = new WeakMap();
let nextId = 0;

/** Takes a hold on a compiled entry; returns it. */
function retain(entry) {
  entry.refs++;
  return entry;
}

/** Lets go of a hold; the last one frees the core's verifier. */
function release(entry) {
  if (--entry.refs === 0 && !entry.freed) {
    entry.freed = true;
    entry.core.free();
  }
}

// The holds of options objects, let go when the object is collected (where the runtime has
// FinalizationRegistry; elsewhere options objects hold nothing, and the cache bounds memory).
const holders = typeof FinalizationRegistry === "function" ? new FinalizationRegistry(release) : null;

// `options` (an object the caller keeps) holds `entry` from now on, in place of what it held
// before (`previous`, a record of byOptions or remoteHits). Without FinalizationRegistry only a
// createVerifier() verifier (`pinned`) holds its entry, for good.
function hold(options, entry, record, previous) {
  if (!holders && !record.pinned) return record;
  retain(entry);
  holders?.register(options, entry, record);
  if (previous?.held) {
    holders?.unregister(previous);
    release(previous.entry);
  }
  record.held = true;
  return record;
}

function identity(value) {
  if (value === undefined || value === null) return "-";
  if (typeof value === "string") return `s${value.length}:${value}`;
  if (typeof value === "object") {
    let id = objectIds.get(value);
    if (id === undefined) objectIds.set(value, (id = ++nextId));
    return `o${id}`;
  }
  return `?${String(value)}`;
}

// The same for options with a remote key set: valid while the set serves the same keys.
const remoteHits = new WeakMap();

// The common case: the caller passes the same options object on every call. Remember its
// compiled verifier with a shallow snapshot of its members; any change of a member (by
// identity) falls back to the keyed lookup below.
const byOptions = new WeakMap();

// Arrays (algorithms, issuer, audience, requiredClaims) are compared element by element: an
// allow-list edited in place must never keep its old verifier.
function sameValue(kept, value) {
  if (kept === value) return true;
  if (!Array.isArray(kept) || !Array.isArray(value) || kept.length !== value.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== value[i]) return false;
  return true;
}

function sameMembers(snapshot, options) {
  let n = 0;
  for (const k in options) {
    if (!Object.hasOwn(options, k)) continue;
    if (!sameValue(snapshot.values[k], options[k])) return false;
    n++;
  }
  return n === snapshot.count;
}

// What `kept` (from one of the WeakMaps keyed by options object) remembers, if it still holds:
// its compiled entry was not evicted from `registry` and no member of `options` changed.
function stillValid(kept, registry, options) {
  return kept !== undefined && kept.entry !== undefined && !kept.entry.freed &&
    (kept.pinned || kept.held || registry.get(kept.id) === kept.entry) && sameMembers(kept.snapshot, options);
}

function cachedVerifier(options) {
  const hit = byOptions.get(options);
  return stillValid(hit, verifiers, options) ? hit : null;
}

function snapshotOf(options) {
  const snapshot = { values: {}, count: 0 };
  for (const k in options) {
    if (!Object.hasOwn(options, k)) continue;
    const v = options[k];
    snapshot.values[k] = Array.isArray(v) ? [...v] : v;
    snapshot.count++;
  }
  return snapshot;
}

function remember(options, id, entry, normalised, mode) {
  const record = { id, entry, snapshot: snapshotOf(options), normalised, mode };
  byOptions.set(options, hold(options, entry, record, byOptions.get(options)));
}

// Keys are identified by the object or string the caller gave (a KeyObject or ArrayBuffer is
// converted on every call; its identity is stable).
function verifierId(o, given) {
  const { key, jwks, now, jwksStale, ...rest } = o;
  return `${identity(given.key)}|${identity(given.jwks instanceof LocalJWKSet ? given.jwks : jwks)}|${JSON.stringify(rest)}`;
}

function verifierFor(o, id) {
  let entry = verifiers.get(id);
  if (entry) {
    verifiers.delete(id);
    verifiers.set(id, entry);
    return entry;
  }
  entry = retain(compile(o)); // the cache's hold
  verifiers.set(id, entry);
  if (verifiers.size > MAX_VERIFIERS) {
    const [oldId, old] = verifiers.entries().next().value;
    verifiers.delete(oldId);
    release(old);
  }
  return entry;
}

const textEncoder = new TextEncoder();

function b64urlBytes(s) {
  if (typeof Buffer === "function") return Buffer.from(s, "base64url");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function keyInfo(entry, index) {
  let info = entry.info[index];
  if (!info) entry.info[index] = info = entry.core.keyInfo(index);
  return info;
}

// The native key for `alg` and key `index`, imported once: the key itself where the runtime
// imports synchronously (node:crypto), else a promise of it (WebCrypto).
function nativeKey(backend, entry, index, alg) {
  const id = `${alg}:${index}`;
  let key = entry.keys.get(id);
  if (key === undefined) {
    const material = entry.core.keyMaterial(index);
    if (material.kind === "secret") material.bytes = Uint8Array.from(material.bytes);
    key = backend.importKey(alg, material);
    if (key instanceof Promise) key.then((k) => entry.keys.set(id, k), () => {});
    entry.keys.set(id, key);
  }
  return key;
}

// Awaits only what is a promise: node:crypto answers synchronously, and every await costs a
// turn of the microtask queue on the hot path. Resolves to true or false, or to null when the
// runtime cannot run this algorithm or import this key (the caller verifies in WebAssembly).
function nativeVerify(backend, entry, token, written, index, alg) {
  const unsupported = () => null;
  try {
    const key = nativeKey(backend, entry, index, alg);
    // check() left the token's bytes and, after them, its decoded signature in wasm memory. An
    // accepted token is ASCII: its byte and character offsets agree. Views are taken after
    // the key import (which may grow the memory) and copied before any await.
    const at = entry.core.input(0);
    const memory = memoryBuffer();
    const dot = token.lastIndexOf(".");
    let data = new Uint8Array(memory, at, dot);
    // the decoded length of the unpadded base64url signature part
    let signature = new Uint8Array(memory, at + written, ((token.length - dot - 1) * 3) >> 2);
    if (key instanceof Promise) {
      data = data.slice();
      signature = signature.slice();
      return key.then((k) => backend.verify(alg, k, data, signature), unsupported).catch(() => false);
    }
    const ok = backend.verify(alg, key, data, signature);
    return ok instanceof Promise ? ok.catch(() => false) : ok;
  } catch {
    return unsupported();
  }
}

let algorithms = null;
// The algorithm of an answer of check() (bits 3-6: a row of the core's algorithm table).
function algorithmName(code) {
  algorithms ??= core.algorithmNames().split(",");
  return algorithms[(code >> 3) & 15];
}

// What verify() resolves to for a token check() accepted: `text` is its header and payload
// JSON, the payload from `split` on. The payload is parsed now; the header, which most
// callers never read, when first read.
function accepted(text, split, info, alg, findings) {
  let header;
  return {
    get header() {
      return (header ??= JSON.parse(text.slice(0, split)));
    },
    set header(value) {
      header = value;
    },
    payload: JSON.parse(text.slice(split)),
    key: { kid: info.kid, alg, thumbprint: info.thumbprint },
    findings,
  };
}

let memory = null;
// The wasm module's memory as it is now (it is replaced whenever the memory grows).
function memoryBuffer() {
  memory ??= core.wasmMemory();
  return memory.buffer;
}

// The most a verifier lends: room for the UTF-8 of the longest token any options accept
// (maxTokenBytes is at most 1 MiB). A longer token goes straight to the diagnosis, which says
// token_too_large.
const LEND_MAX = 3 * 1024 * 1024;

// Writes the token's UTF-8 bytes into the buffer the verifier lends; returns how many, or -1
// when the token does not fit.
function lend(entry, token) {
  const room = Math.min(token.length * 3, LEND_MAX);
  const at = entry.core.input(room);
  const { read, written } = textEncoder.encodeInto(token, new Uint8Array(memoryBuffer(), at, room));
  return read === token.length ? written : -1;
}

// The full diagnosis of a rejected token, for `JwtError.report` (computed when first read).
const diagnosis = (token, o) => () => nameDiscoveredIssuerIn(expandChecks(core.diagnose(token, o)), o.jwks);

// The token's iss (undefined when it has none or does not decode), for the rejection path.
function issOf(token) {
  try {
    const iss = JSON.parse(textDecoder.decode(b64urlBytes(token.split(".")[1]))).iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

// The JwtError for the findings a bounded check found: the main error, what came before it,
// and the full report on demand.
function rejection(findings, token, o) {
  const main = findings.find((f) => f.severity === "error");
  if (main?.code === "kid_not_found" && isDiscovered(o.jwks)) nameDiscoveredIssuer(main, issOf(token), o.jwks);
  if (main) return new JwtError(main.code, main.message, findings, diagnosis(token, o), main);
  // rejected without an error of its own (nothing verified the signature): the report says why
  const report = diagnosis(token, o)();
  const first = report.findings.find((f) => f.severity === "error");
  return new JwtError(first?.code ?? "signature_invalid", first?.message ?? "the token is not valid", report.findings, report, first);
}

// The JwtError for the core's answer of a rejected token (`code\0findings JSON\0message`;
// the JSON text holds no NUL): the findings are parsed when first read.
function coreRejection(text, token, o) {
  const a = text.indexOf("\0");
  const b = text.indexOf("\0", a + 1);
  if (a === 0) return rejection(JSON.parse(text.slice(1, b)), token, o);
  // a key set from a discovery document: the main finding may name another environment's keys
  if (isDiscovered(o.jwks) && text.startsWith("kid_not_found\0")) {
    return rejection(withHints(JSON.parse(text.slice(a + 1, b))), token, o);
  }
  return new JwtError(text.slice(0, a), text.slice(b + 1), text.slice(a + 1, b), diagnosis(token, o));
}

// Where a signature_invalid JwtError keeps the key tried last ({ kid, thumbprint }), for the
// remote key set's diagnosis.
const KEY_TRIED = Symbol("keyTried");

// Most candidate keys a token is checked against (the core's MAX_KEYS_TRIED).
const MAX_CANDIDATES = 16;

// One token through a compiled verifier: the core's checks, stopping at the first error, and
// the signature primitive in native crypto where the runtime has it. A rejection costs what
// those checks cost, at most one primitive per candidate key: the diagnosis waits for
// `error.report`. The caller hands over a hold on `entry` (retain), let go of here when done.
async function checkToken(token, o, entry, mode) {
  try {
    if (entry.config) throw new JwtConfigError(entry.config);
    const now = o.now ?? Date.now() / 1000;
    const stale = o.jwksStale ?? undefined;
    let backend = mode === "native" ? nativeBackend() : null;
    let written = lend(entry, token);
    if (written < 0) throw rejection([], token, o);
    let tried; // the index of the last key natively rejected
    for (let rejected = 0; rejected <= MAX_CANDIDATES; ) {
      const code = entry.core.check(written, now, backend !== null, stale, rejected);
      if (code < 0) {
        const error = coreRejection(entry.core.rejection(), token, o);
        if (tried !== undefined && entry.remote && error.code === "signature_invalid") error[KEY_TRIED] = keyInfo(entry, tried);
        throw error;
      }
      const alg = algorithmName(code);
      const index = code >> 7;
      // taken before any await: another verify with these options may run meanwhile
      const text = entry.core.decoded();
      const split = entry.core.headerLength();
      const findings = code & 1 ? withHints(entry.core.findings()) : [];
      let ok = !(code & 2) || nativeVerify(backend, entry, token, written, index, alg);
      if (ok instanceof Promise) ok = await ok;
      if (ok) {
        if (code & 4) throw rejection(findings, token, o); // the signature holds; a claim fails
        const result = accepted(text, split, keyInfo(entry, index), alg, findings);
        // the issuer's clock, as this accepted (signed) token shows it; not at a given `now`
        if (o.now === undefined) clockOffsets.record(result.payload.iss, result.payload.iat, now);
        return result;
      }
      if (ok === null) backend = null; // this runtime cannot: the same check, in WebAssembly
      else {
        rejected++;
        tried = index;
      }
      // the lent buffer may have served another verify while this one awaited
      if (mode === "native") written = lend(entry, token);
    }
    throw rejection([], token, o);
  } finally {
    release(entry);
  }
}

// Compiles `o` (normalised) into a core verifier; `entry.config` is the finding of a key or key
// set that cannot be read at all, thrown as JwtConfigError on every use.
function compile(o) {
  const { now, jwksStale, ...compiled } = o;
  const entry = { core: new core.Verifier(compiled), keys: new Map(), info: [], config: null, refs: 0, freed: false, remote: false };
  entry.config = withHint(entry.core.configError());
  return entry;
}

function checkMode(options, fn) {
  const mode = options.crypto ?? "native";
  if (mode !== "native" && mode !== "wasm") throw new TypeError(`${fn}(): options.crypto must be "native" or "wasm"`);
  return mode;
}

function requireKeyAndAlgorithms(o, fn) {
  if (!o.algorithms) throw new TypeError(`${fn}() requires options.algorithms (the algorithms your issuer uses)`);
  if (o.key === undefined && o.jwks === undefined) throw new TypeError(`${fn}() requires options.key or options.jwks`);
}

// The slow path of verify(): options seen for the first time (or changed, or a remote key set
// that served another set): CryptoKeys read, the remote set resolved, options normalised and
// compiled, or found in the keyed cache. The entry comes back with a hold for checkToken.
async function prepare(token, options, mode, kid) {
  const { crypto: _mode, ...given } = options;
  if (isCryptoKey(given.key)) await readCryptoKey(given.key);
  let o = given;
  if (given.jwks instanceof RemoteJWKSet) {
    const remote = given.jwks.peek(kid) ?? (await given.jwks.resolve(kid));
    return { ...forRemote(options, given, remote, mode), remote };
  }
  o = normalise(given, "verify");
  requireKeyAndAlgorithms(o, "verify");
  const id = verifierId(o, given);
  const entry = verifierFor(o, id);
  remember(options, id, entry, o, mode);
  return { o, entry: retain(entry), mode };
}

// The compiled verifier of `options` with the set a remote key set served (`remote`).
function forRemote(options, given, remote, mode) {
  const kept = remoteHits.get(options);
  if (stillValid(kept, verifiers, options) && kept.jwks === remote.jwks && kept.stale === remote.stale) {
    return { o: kept.normalised, entry: retain(kept.entry), mode };
  }
  const o = normalise({ ...given, jwks: remote.jwks, jwksStale: remote.stale ?? undefined }, "verify");
  requireKeyAndAlgorithms(o, "verify");
  const id = verifierId(o, given);
  const entry = verifierFor(o, id);
  entry.remote = true; // its rejections name the key tried (describeRemote)
  // a remote set changes under the same options object: remembered with the set it served
  const record = { jwks: remote.jwks, stale: remote.stale, id, entry, snapshot: snapshotOf(options), normalised: o };
  remoteHits.set(options, hold(options, entry, record, kept));
  return { o, entry: retain(entry), mode };
}

// verify() with a remote key set. A signature that fails with a key the token's kid names may
// mean the issuer renewed that key under the same kid: the set is refetched (at most once per
// cooldown) and the token checked once more against the new copy. The rejection says which
// key was tried, how old the set is, and whether the verifier refetched it or declined to.
async function verifyRemote(token, options, mode) {
  const kid = kidOf(token);
  const set = options.jwks;
  let { o, entry, remote } = await prepare(token, options, mode, kid);
  try {
    return await checkToken(token, o, entry, mode);
  } catch (error) {
    if (error?.kind !== "token") throw error;
    if (error.code === "signature_invalid" && kid !== undefined && kidsOf(remote.jwks).includes(kid)) {
      const again = await set.revalidate(kid);
      if (again.refetch.refetched && again.jwks && again.jwks !== remote.jwks) {
        const { crypto: _mode, ...given } = options;
        if (kidsOf(again.jwks).includes(kid)) {
          ({ o, entry } = forRemote(options, given, again, mode));
          return await checkToken(token, o, entry, mode).catch((e) => {
            throw e?.kind === "token" ? describeRemote(e, set, again.refetch, e[KEY_TRIED]) : e;
          });
        }
        // the renewal removed the kid: answered as any unknown kid is
        return await verifyRemote(token, options, mode);
      }
      throw describeRemote(error, set, { ...again.refetch, stale: again.stale }, error[KEY_TRIED]);
    }
    if (error.code === "kid_not_found") throw describeRemote(error, set, remote.refetch ?? set.refetchInfo(false));
    throw error;
  }
}

const seconds = (s) => `${s} s`;

// Amends the main finding of a rejection by a remote set (and the same finding in its full
// report): signature_invalid names the key tried and the set's age; kid_not_found says whether
// the verifier refetched the set or declined to (and when it will).
function describeRemote(error, set, refetch, tried) {
  const jwks = { url: set.url, ageSeconds: refetch.ageSeconds, refetched: refetch.refetched, nextRefetchInSeconds: refetch.nextInSeconds };
  const amend = (f) => {
    if (!f || f.detail?.jwks) return;
    if (f.code === "signature_invalid") {
      if (tried?.thumbprint) {
        f.message += ` (key tried: kid ${JSON.stringify(tried.kid)}, thumbprint ${tried.thumbprint})`;
        f.detail = { ...f.detail, keyThumbprint: tried.thumbprint };
      }
      f.message += refetch.stale
        ? `; the key set could not be refreshed (${refetch.stale}): its copy is ${seconds(refetch.ageSeconds)} old`
        : refetch.refetched
        ? `; the key set was refetched for this token and still has no key that verifies it`
        : `; the key set is ${seconds(refetch.ageSeconds)} old and was not refetched (at most once per cooldown of ${seconds(refetch.cooldown)}; next in ${seconds(refetch.nextInSeconds)})`;
    } else if (f.code === "kid_not_found") {
      if (refetch.refetched) {
        f.message += "; the key set was refetched for this token and does not have it either";
      } else {
        f.message += `; the verifier did not refetch the key set: it is ${seconds(refetch.ageSeconds)} old and an unknown kid is refetched at most once per cooldown (${seconds(refetch.cooldown)}), next in ${seconds(refetch.nextInSeconds)}`;
        f.hint = `if the issuer has just rotated its keys, tokens with this kid verify once the verifier refetches the set (in ${seconds(refetch.nextInSeconds)} at the latest); a kid that stays unknown is another issuer's, or made up`;
      }
    } else return;
    f.detail = { ...f.detail, jwks };
  };
  return error.amend(amend);
}

/**
 * Verifies a token on the production path. Resolves to `{ header, payload, key, findings }`;
 * rejects with `JwtError` (`code`, `finding`, `findings`, and `report`, the full diagnosis,
 * computed when first read) for a bad token, and with `JwtConfigError` when the key or key set
 * cannot be used at all (a key that cannot be read, a JWK Set URL that is down).
 *
 * The WebAssembly core runs every check and picks the key; the signature primitive runs in
 * native crypto where the runtime has it (`crypto: "wasm"` keeps it in WebAssembly). A
 * rejection costs about what an acceptance costs: at most one signature check per candidate
 * key that `kid` and `alg` select.
 * @param {string} token
 * @param {object} options `algorithms` and `key` or `jwks` are required
 */
export async function verify(token, options) {
  if (!isReady()) await init();
  if (typeof token !== "string") throw new TypeError("verify(): token must be a string");
  if (arguments.length > 2 || typeof options !== "object" || options instanceof LocalJWKSet || options instanceof RemoteJWKSet ||
    isKeyObject(options) || isCryptoKey(options) || ArrayBuffer.isView(options)) {
    checkCallShape("verify", [...arguments]);
  }
  if (!options || typeof options !== "object") throw new TypeError("verify(): options with algorithms and a key are required");
  // the hot path: the same options object as last time, nothing in it changed
  const hit = cachedVerifier(options);
  if (hit) return checkToken(token, hit.normalised, retain(hit.entry), hit.mode);
  const mode = checkMode(options, "verify");
  if (options.jwks instanceof RemoteJWKSet) return verifyRemote(token, options, mode);
  const { o, entry } = await prepare(token, options, mode);
  return checkToken(token, o, entry, mode);
}

/**
 * A verifier for one configuration, checked once: the options are read and the keys imported
 * now, so a key that cannot be read throws `JwtConfigError` here, at start-up, instead of
 * rejecting every token later (a remote key set is fetched on first use; a CryptoKey outside
 * Node is read on first use). Later changes to `options` do not affect it. Throws TypeError
 * for misuse, like `verify()`.
 * @param {object} options as for `verify()`
 * @returns {{ verify(token: string): Promise<object>, readonly options: object }}
 */
export function createVerifier(options) {
  requireReady("createVerifier");
  if (!options || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError("createVerifier(): options with algorithms and a key are required");
  }
  const mode = checkMode(options, "createVerifier");
  const fixed = Object.freeze({ ...options });
  const given = { ...fixed };
  delete given.crypto;
  requireKeyAndAlgorithms(given, "createVerifier");
  if (!(given.jwks instanceof RemoteJWKSet) && !(isCryptoKey(given.key) && !cryptoKeys.has(given.key) && !keyReader)) {
    const o = normalise(given, "createVerifier");
    const entry = compile(o);
    if (entry.config) {
      entry.core.free();
      throw new JwtConfigError(entry.config);
    }
    // pinned: never evicted from the cache while the verifier lives, freed once it is collected
    byOptions.set(fixed, hold(fixed, entry, { entry, snapshot: snapshotOf(fixed), normalised: o, mode, pinned: true }));
  } else {
    // keys read later (a remote set on first use, a CryptoKey where reading it is async): the
    // rest of the options are checked now all the same, unknown names by the core
    const o = normalise({ ...given, jwks: undefined, key: undefined }, "createVerifier");
    new core.Inspector(o).free();
  }
  const id = fingerprint(fixed, describeKey);
  return Object.freeze({
    verify: (token) => verify(token, fixed),
    options: fixed,
    state: () => verifierState(id, fixed),
  });
}

/**
 * A verifier's state as data (never a secret or key material): its configuration's
 * fingerprint and readable parts, the package version, its remote key set's state, and the
 * estimated offset of each issuer's clock from this instance's (from the tokens accepted here,
 * by every verifier of the process).
 */
function verifierState(id, options) {
  const now = Date.now() / 1000;
  const offsets = clockOffsets.estimate(now);
  for (const o of Object.values(offsets)) o.warning = Math.abs(o.offsetSeconds) > CLOCK_WARN_SECONDS;
  return {
    ...id,
    keySets: options.jwks instanceof RemoteJWKSet ? [options.jwks.state()] : [],
    clockOffsets: offsets,
  };
}

/**
 * Compiles options once (keys imported, options checked) for inspecting many tokens: the
 * debugger page as you type, log triage. `inspect(token, now?)` returns the same report as
 * `inspect()`; `summarize(token, now?)` returns `{ valid, verified, codes, alg, kid, iss, aud,
 * exp, iat, provider }` at a fraction of the cost. `now` defaults to `options.now`, then the clock.
 * Throws TypeError for misuse, like `inspect()`.
 * @param {object} [options]
 */
export function createInspector(options) {
  requireReady("createInspector");
  const o = normalise(options, "createInspector") ?? {};
  const compiled = new core.Inspector(o);
  const at = (now) => {
    if (now === undefined) return o.now ?? Date.now() / 1000;
    if (typeof now !== "number" || !Number.isFinite(now)) throw new TypeError("now must be a finite number of seconds");
    return now;
  };
  const token = (t, fn) => {
    if (typeof t !== "string") throw new TypeError(`${fn}(): token must be a string`);
    return t;
  };
  return Object.freeze({
    inspect: (t, now) => expandChecks(compiled.inspect(token(t, "inspect"), at(now))),
    summarize: (t, now) => JSON.parse(compiled.summarize(token(t, "summarize"), at(now))),
  });
}

/**
 * What a key is, as verify() reads it: `{ kind, what, sensitive, reason }`. `kind` is "secret",
 * "public", "private" (its public half verifies), "set" or "invalid"; `sensitive` says it holds
 * secret material (an HMAC secret, a private key) that belongs in no link, ticket or log.
 * Throws TypeError for misuse, like inspect().
 * @param {string|object|Uint8Array} key as `options.key`
 * @param {{ secretEncoding?: string }} [options]
 */
export function describeKey(key, options) {
  requireReady("describeKey");
  const o = normalise({ key, secretEncoding: options?.secretEncoding }, "describeKey");
  return core.describeKey(o.key, o.secretEncoding);
}

/**
 * The bare signature primitive: does `signature` verify over `message` with `key` for `alg`?
 * No token, no claims, no diagnosis (the conformance suites use it; also for detached content).
 * Throws TypeError for an unknown algorithm or a key that cannot be read.
 * @param {string} alg
 * @param {string|object|Uint8Array} key PEM, JWK (object or JSON) or secret bytes
 * @param {Uint8Array} message
 * @param {Uint8Array} signature
 * @returns {boolean}
 */
export function verifySignature(alg, key, message, signature) {
  requireReady("verifySignature");
  if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
    throw new TypeError("verifySignature(): message and signature must be Uint8Arrays");
  }
  return core.verifySignature(alg, key, message, signature);
}

/**
 * Decodes a token WITHOUT verifying it: for display and debugging only. Throws `JwtError`
 * when the header or payload cannot be decoded.
 * @param {string} token
 */
export function decode(token) {
  requireReady("decode");
  if (typeof token !== "string") throw new TypeError("decode(): token must be a string");
  const d = core.decode(token);
  withHints(d.findings);
  if (!d.header || !d.payload) {
    const f = d.findings[0];
    throw new JwtError(f?.code ?? "malformed_token", f?.message ?? "the token cannot be decoded", d.findings, null);
  }
  return { header: d.header, payload: d.payload, signature: d.signature };
}
