// `jwt-doctor triage [FILE | -]`: many tokens from a token list, a log or NDJSON, inspected with
// one set of options and summarised. Streams line by line with bounded state: counters, capped
// maps, a histogram for the clock offset, and a bounded cache of recent distinct tokens (a log
// repeats a token on every request it authorises; each distinct token is inspected once).

import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { createInspector, inspect } from "../index.node.js";
import { instant, parse, VERIFIER_OPTIONS } from "./args.js";
import { extractTokens, lineTime } from "./extract.js";
import { duration, iso, num, plural } from "./render.js";
import { CappedCounter, LATENESS, latenessBucket, OffsetMedian, Tally } from "./stats.js";
import { colourWanted, makeStyle, pad } from "./style.js";
import { HELP, UsageError } from "./usage.js";
import { inspectOrUsage, verifierOptions } from "./verifier.js";

/** triage's options: the verifier's, one sample per cause, and counts per NDJSON field. */
const TRIAGE_OPTIONS = { ...VERIFIER_OPTIONS, sample: { type: "boolean" }, "group-by": { type: "string" } };

/** The token's fingerprint as the middleware logs it: the first 16 characters of its base64url SHA-256. */
function fingerprint(token) {
  return createHash("sha256").update(token).digest("base64url").slice(0, 16);
}

/** The value of a dotted `path` in an NDJSON line, as a string (clipped), or NONE. */
function fieldOf(line, path) {
  const t = line.trimStart();
  if (!t.startsWith("{")) return NONE;
  let v;
  try {
    v = JSON.parse(t);
  } catch {
    return NONE;
  }
  for (const key of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return NONE;
    v = v[key];
  }
  return v === null || v === undefined ? NONE : clip(v);
}

/** Lines longer than this are cut (the rest is skipped up to the next newline). */
export const MAX_LINE_BYTES = 1024 * 1024;
const CACHE_ENTRIES = 8192;
const DISTINCT_VALUES = 100;
/** The core's clock_skew_suspected window: a time check missed by 5 minutes or less. */
const SKEW_WINDOW = 300;
const NONE = "(none)";
const UNDECODABLE = "(not decodable)";

/** Cuts lines longer than `max` bytes so that readline never buffers more than that. */
class LineCap extends Transform {
  constructor(max) {
    super();
    this.max = max;
    this.current = 0; // bytes of the current line passed on so far
    this.dropping = false;
    this.cut = 0;
  }

  _transform(chunk, _enc, done) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.dropping) {
        if (nl === -1) return done();
        this.dropping = false;
        this.current = 0;
        start = nl; // pass the newline on: it ends the cut line
        continue;
      }
      const len = end - start;
      if (this.current + len > this.max) {
        const keep = this.max - this.current;
        this.push(chunk.subarray(start, start + keep));
        this.cut++;
        this.dropping = true;
        start += keep;
        continue;
      }
      if (nl === -1) {
        this.push(start === 0 ? chunk : chunk.subarray(start));
        this.current += len;
        return done();
      }
      this.push(chunk.subarray(start, nl + 1));
      this.current = 0;
      start = nl + 1;
    }
    done();
  }
}

function clip(value, n = 100) {
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** What triage keeps of one token (cached per distinct token), from the inspector's summary. */
function summarise(s) {
  const codes = [...new Set(s.codes)];
  let main = s.main;
  // invalid without an error: no key verified the signature
  if (!s.valid && main === null) main = codes.includes("signature_unchecked") ? "signature_unchecked" : "(signature not verified)";
  const kid = s.header ? (s.kid === null || s.kid === undefined ? NONE : clip(s.kid)) : UNDECODABLE;
  const iss = s.payload ? (s.iss === null || s.iss === undefined ? NONE : clip(s.iss)) : UNDECODABLE;
  let aud;
  if (!s.payload) aud = [UNDECODABLE];
  else if (s.aud === null || s.aud === undefined) aud = [NONE];
  else if (Array.isArray(s.aud)) aud = s.aud.length ? s.aud.slice(0, 8).map((a) => clip(a)) : ["[]"];
  else aud = [clip(s.aud)];
  const num = (v) => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e11 ? v : null);
  return {
    valid: s.valid, codes, main, kid, iss, aud, exp: num(s.exp), iat: num(s.iat), provider: s.provider ?? null,
    expired: codes.includes("expired"), skew: codes.includes("clock_skew_suspected"), future: codes.includes("issued_in_future"),
    // alg_confusion: forged by the public key (an attack), or not (a configuration mismatch)
    forged: codes.includes("alg_confusion") ? s.forged ?? null : undefined,
  };
}

/** The triage state and what it does with each line. */
export class Triage {
  /**
   * @param {object} options inspect options (with `now`)
   * @param {number} now the instant of the run (seconds)
   * @param {boolean} atLine judge each token at its line's own timestamp when it has one
   * @param {{ sample?: boolean, groupBy?: string }} [extra] one sample per main cause; counts
   *   per value of an NDJSON field
   */
  constructor(options, now, atLine = false, { sample = false, groupBy } = {}) {
    this.options = options;
    this.inspector = createInspector(options);
    this.now = now;
    this.atLine = atLine;
    this.lines = 0;
    this.linesWithTokens = 0;
    this.tokens = 0;
    this.fromAuthorization = 0;
    this.valid = 0;
    this.invalid = 0;
    this.codes = new Tally();
    this.mainCauses = new Tally();
    this.kid = new CappedCounter(DISTINCT_VALUES);
    this.iss = new CappedCounter(DISTINCT_VALUES);
    this.provider = new CappedCounter(DISTINCT_VALUES);
    this.aud = new CappedCounter(DISTINCT_VALUES);
    this.lateness = new Array(LATENESS.length).fill(0);
    this.vsLineTime = new OffsetMedian();
    this.vsNow = new OffsetMedian();
    // expired tokens on lines with a timestamp, and those of them not expired at that time
    this.expiredOnTimedLines = 0;
    this.expiredAfterLine = 0;
    // clock_skew_suspected: by how much exp or iat missed, as judged (at the line or at now)
    this.skewExp = new OffsetMedian();
    this.skewIat = new OffsetMedian();
    this.skewOther = 0;
    this.cache = new Map();
    this.found = [];
    // alg_confusion tokens: forged with the public key (attacks) and not (mismatches)
    this.confusion = { forged: 0, notForged: 0 };
    // --sample: per main cause, the first line and token fingerprint (never the token)
    this.samples = sample ? new Map() : null;
    // --group-by: per value of the field, { tokens, invalid, causes }
    this.groupBy = groupBy ? { field: groupBy, path: groupBy.split("."), values: new Map(), other: null } : null;
  }

  /** Counts one token under its group (capped at DISTINCT_VALUES values, then "(other)"). */
  group(value, s) {
    const g = this.groupBy;
    let e = g.values.get(value);
    if (e === undefined) {
      if (g.values.size >= DISTINCT_VALUES) {
        g.other ??= { tokens: 0, invalid: 0, causes: new Tally() };
        e = g.other;
      } else {
        e = { tokens: 0, invalid: 0, causes: new Tally() };
        g.values.set(value, e);
      }
    }
    e.tokens++;
    if (!s.valid) e.invalid++;
    if (s.main !== null) e.causes.add(s.main);
  }

  line(line) {
    this.lines++;
    const found = this.found;
    found.length = 0;
    this.fromAuthorization += extractTokens(line, found);
    if (found.length === 0) return;
    this.linesWithTokens++;
    const groupValue = this.groupBy ? fieldOf(line, this.groupBy.path) : null;
    let t;
    let at = this.now;
    if (this.atLine) {
      t = lineTime(line);
      if (t !== null) at = t;
    }
    for (const token of found) {
      const key = at === this.now ? token : `${at}\n${token}`;
      let s = this.cache.get(key);
      if (s === undefined) {
        s = summarise(this.inspector.summarize(token, at));
        if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
        this.cache.set(key, s);
      }
      this.tokens++;
      if (s.valid) this.valid++;
      else this.invalid++;
      const bad = !s.valid;
      for (const c of s.codes) this.codes.add(c);
      if (s.main !== null) this.mainCauses.add(s.main);
      if (this.samples && s.main !== null && !this.samples.has(s.main)) {
        this.samples.set(s.main, { line: this.lines, fingerprint: fingerprint(token) });
      }
      if (this.groupBy) this.group(groupValue, s);
      if (s.forged === true) this.confusion.forged++;
      else if (s.forged === false) this.confusion.notForged++;
      this.kid.add(s.kid, bad);
      this.iss.add(s.iss, bad);
      if (s.provider !== null) this.provider.add(s.provider, bad);
      for (const a of s.aud) this.aud.add(a, bad);
      this.lateness[s.exp === null ? LATENESS.length - 1 : latenessBucket(at - s.exp)]++;
      if (s.iat !== null || (s.expired && !this.atLine)) {
        if (t === undefined) t = lineTime(line);
        if (s.iat !== null) {
          if (t !== null) this.vsLineTime.add(s.iat - t);
          else this.vsNow.add(s.iat - this.now);
        }
        if (s.expired && !this.atLine && t !== null) {
          this.expiredOnTimedLines++;
          if (s.exp !== null && s.exp > t) this.expiredAfterLine++;
        }
      }
      if (s.skew) this.skewSuspected(s, at);
    }
  }

  /** Files a clock_skew_suspected token under the claim that missed, with by how much. */
  skewSuspected(s, at) {
    if (s.expired && s.exp !== null && at - s.exp <= SKEW_WINDOW) this.skewExp.add(at - s.exp);
    else if (s.future && s.iat !== null && s.iat - at <= SKEW_WINDOW) this.skewIat.add(s.iat - at);
    else this.skewOther++;
  }

  /** When most tokens are expired at one instant but their lines say when they were sent. */
  nowLineHint() {
    const expired = this.codes.map.get("expired") ?? 0;
    if (this.atLine || expired * 2 <= this.tokens || this.expiredOnTimedLines * 2 <= expired) return null;
    return { flag: "--now line", expired, tokens: this.tokens, onTimestampedLines: this.expiredOnTimedLines, notExpiredAtLineTime: this.expiredAfterLine };
  }

  toJSON() {
    const lateness = {};
    LATENESS.forEach(([key], i) => {
      lateness[key] = this.lateness[i];
    });
    return {
      now: iso(this.now),
      judgedAt: this.atLine ? "line" : "now",
      leewaySeconds: this.options.leeway ?? 0,
      lines: this.lines,
      bytes: this.bytes ?? null,
      linesCut: this.linesCut ?? 0,
      linesWithTokens: this.linesWithTokens,
      tokens: this.tokens,
      fromAuthorization: this.fromAuthorization,
      valid: this.valid,
      invalid: this.invalid,
      mainCauses: this.mainCauses.toJSON(),
      algConfusion: this.confusion.forged + this.confusion.notForged ? { ...this.confusion } : null,
      codes: this.codes.toJSON(),
      kid: this.kid.toJSON(),
      iss: this.iss.toJSON(),
      provider: this.provider.toJSON(),
      aud: this.aud.toJSON(),
      expLateness: lateness,
      clockOffset: { vsLineTime: this.vsLineTime.toJSON(), vsNow: this.vsNow.toJSON(), skewSuspected: this.skewJSON() },
      suggestNowLine: this.nowLineHint(),
      ...(this.samples ? { samples: Object.fromEntries(this.samples) } : {}),
      ...(this.groupBy ? { groups: this.groupsJSON() } : {}),
    };
  }

  /** `{ field, values: { value: { tokens, invalid, mainCauses } } }`, most tokens first. */
  groupsJSON() {
    const g = this.groupBy;
    const entry = (e) => ({ tokens: e.tokens, invalid: e.invalid, mainCauses: e.causes.toJSON() });
    const values = {};
    for (const [k, e] of [...g.values].sort((a, b) => b[1].tokens - a[1].tokens || (a[0] < b[0] ? -1 : 1))) values[k] = entry(e);
    if (g.other) values["(other)"] = entry(g.other);
    return { field: g.field, values };
  }

  skewJSON() {
    const tokens = this.skewExp.samples + this.skewIat.samples + this.skewOther;
    if (tokens === 0) return null;
    return { tokens, exp: this.skewExp.toJSON(), iat: this.skewIat.toJSON(), other: this.skewOther };
  }
}

function pct(n, of) {
  return of ? `${((100 * n) / of).toFixed(1).padStart(5)} %` : "    - %";
}

function bytesText(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function signed(seconds) {
  if (seconds === 0) return "0 s";
  return `${seconds > 0 ? "+" : "−"}${duration(seconds)}`;
}

/** The human summary of a triage. */
export function renderTriage(j, s) {
  const out = [];
  const T = j.tokens;
  out.push(`${s.bold("triage")}  ${plural(j.lines, "line")}${j.bytes !== null ? ` (${bytesText(j.bytes)})` : ""}, ${plural(T, "token")} on ${plural(j.linesWithTokens, "line")}, ${plural(j.fromAuthorization, "from an Authorization header", "from Authorization headers")}; judged ${j.judgedAt === "line" ? `at each line's time (${j.now} without one)` : `at ${j.now}`}`);
  if (j.linesCut) out.push(s.yellow(`${plural(j.linesCut, "line")} longer than ${bytesText(MAX_LINE_BYTES)} ${j.linesCut === 1 ? "was" : "were"} cut`));
  if (T === 0) {
    out.push("no token found");
    return `${out.join("\n")}\n`;
  }
  out.push(`${s.green(`valid ${num(j.valid)}`)} (${pct(j.valid, T).trim()})   ${s.red(`invalid ${num(j.invalid)}`)} (${pct(j.invalid, T).trim()})`);
  if (j.suggestNowLine) out.push(...nowLineText(j.suggestNowLine, j.now, s));
  const table = (title, obj, withInvalid) => {
    const entries = Object.entries(obj);
    if (!entries.length) return;
    out.push("");
    out.push(s.bold(title));
    const shown = entries.slice(0, 15);
    const width = Math.min(48, Math.max(...shown.map(([k]) => k.length))) + 2;
    const cw = Math.max(...shown.map(([, v]) => num(typeof v === "number" ? v : v.tokens).length));
    for (const [k, v] of shown) {
      const n = typeof v === "number" ? v : v.tokens;
      const extra = withInvalid && v.invalid ? s.dim(`  ${num(v.invalid)} invalid`) : "";
      out.push(`  ${pad(k.length > 48 ? `${k.slice(0, 47)}…` : k, width)}${num(n).padStart(cw)}  ${pct(n, T)}${extra}`);
    }
    if (entries.length > shown.length) out.push(s.dim(`  … ${entries.length - shown.length} more (see --json)`));
  };
  table("main cause of rejection", j.mainCauses);
  if (j.algConfusion) out.push(...confusionText(j.algConfusion, s));
  if (j.samples) {
    out.push("", s.bold("a sample per cause (line, token fingerprint: the first 16 characters of its base64url SHA-256)"));
    const w = Math.max(...Object.keys(j.samples).map((k) => k.length)) + 2;
    for (const [cause, x] of Object.entries(j.samples)) out.push(`  ${pad(cause, w)}line ${num(x.line)}  ${x.fingerprint}`);
  }
  if (j.groups) {
    out.push("", s.bold(`by ${j.groups.field}`));
    const entries = Object.entries(j.groups.values).slice(0, 15);
    const w = Math.min(48, Math.max(...entries.map(([k]) => k.length))) + 2;
    for (const [k, g] of entries) {
      const top = Object.entries(g.mainCauses)[0];
      out.push(`  ${pad(k.length > 48 ? `${k.slice(0, 47)}…` : k, w)}${num(g.tokens)} ${g.tokens === 1 ? "token" : "tokens"}, ${num(g.invalid)} invalid${top ? `, mostly ${top[0]} (${num(top[1])})` : ""}`);
    }
    if (Object.keys(j.groups.values).length > entries.length) out.push(s.dim(`  … ${Object.keys(j.groups.values).length - entries.length} more (see --json)`));
  }
  table("findings (tokens with each code)", j.codes);
  table("kid", j.kid, true);
  table("iss", j.iss, true);
  table("identity provider (from iss)", j.provider, true);
  table("aud", j.aud, true);
  out.push("");
  out.push(s.bold("exp lateness"));
  const maxBucket = Math.max(...Object.values(j.expLateness));
  const lw = Math.max(...LATENESS.map(([, label]) => label.length)) + 2;
  const cw = num(maxBucket).length;
  for (const [key, label] of LATENESS) {
    const n = j.expLateness[key];
    const bar = maxBucket ? "█".repeat(Math.round((20 * n) / maxBucket)) : "";
    out.push(`  ${pad(label, lw)}${num(n).padStart(cw)}  ${pct(n, T)}${bar ? `  ${s.cyan(bar)}` : ""}`);
  }
  out.push("");
  out.push(s.bold("clock offset"));
  out.push(...clockText(j).map((line) => `  ${line}`));
  return `${out.join("\n")}\n`;
}

/** alg_confusion split: forgeries (attacks) apart from HMAC tokens the key does not forge. */
function confusionText(c, s) {
  const out = [];
  if (c.forged) out.push(`  ${s.red("!")} alg_confusion: ${plural(c.forged, "token")} forged with your public key as the HMAC secret: an attack`);
  if (c.notForged) out.push(`  alg_confusion: ${plural(c.notForged, "HMAC token")} the public key does not forge: not an attack, a configuration mismatch (the issuer signs with a shared secret)`);
  return out;
}

/** The hint for a past log judged at one instant: most tokens expired, lines with a time. */
function nowLineText(h, now, s) {
  const one = h.expired === 1;
  const onTimed = h.onTimestampedLines === h.expired ? (one ? "it is" : "all are") : `${num(h.onTimestampedLines)} of them are`;
  const lines = [`${s.yellow("!")} ${plural(h.expired, "token")} of ${num(h.tokens)} ${one ? "is" : "are"} expired at ${now}, and ${onTimed} on lines with a timestamp:`];
  const n = h.notExpiredAtLineTime;
  lines.push(n
    ? `  ${num(n)} ${n === 1 ? "was" : "were"} not yet expired at ${n === 1 ? "its line's time" : "their lines' times"}. For a log of past requests, judge each token at its line's time: --now line`
    : `  ${one ? "it was" : "all were"} already expired at the time of ${one ? "its line" : "their lines"} too: --now line (judging each at its line's time) would not change that`);
  return lines;
}

/**
 * The clock section as one story: what iat against the line times shows (an issuer clock
 * ahead), and the tokens the checks flagged clock_skew_suspected, with the claim that missed
 * and by how much, against the same instants the verdicts used.
 * @param {object} j the triage JSON
 */
function clockText(j) {
  const out = [];
  const { vsLineTime, vsNow, skewSuspected: k } = j.clockOffset;
  const atLine = j.judgedAt === "line";
  const leeway = `${j.leewaySeconds} s`;
  if (vsLineTime) {
    out.push(`iat − line time: median ${signed(vsLineTime.medianSeconds)} over ${plural(vsLineTime.samples, "token")}`);
    if (vsLineTime.ahead) {
      const n = vsLineTime.ahead;
      const future = j.codes.issued_in_future ?? 0;
      let checks = "";
      if (atLine) {
        checks = future
          ? `; ${num(future)} of them by more than the leeway (${leeway}): issued_in_future`
          : `; ${n === 1 ? "it is" : "all are"} within the leeway (${leeway}), so not rejected for it`;
      }
      out.push(`${plural(n, "token")} issued after ${n === 1 ? "its log line" : "their log lines"}, by up to ${signed(vsLineTime.maxSeconds)}: the issuer's clock runs ahead${checks}`);
    } else {
      out.push(`no token issued after its log line: no sign of an issuer clock ahead${atLine && k?.exp ? " (one behind would not show here: see below)" : ""}`);
    }
  }
  if (vsNow) {
    out.push(`iat − now (lines without a timestamp): median ${signed(vsNow.medianSeconds)} over ${plural(vsNow.samples, "token")}; ${num(vsNow.ahead)} issued after now`);
  }
  if (!vsLineTime && !vsNow) out.push("no token with a numeric iat");
  if (k?.exp) {
    const n = k.exp.samples;
    const against = atLine ? (n === 1 ? "its line's time" : "their lines' times") : `${j.now}, the instant of this run`;
    const by = n === 1 ? duration(k.exp.maxSeconds) : `${duration(k.exp.medianSeconds)} (median; at most ${duration(k.exp.maxSeconds)})`;
    out.push(`${plural(n, "token")} missed exp by only ${by} at ${against}, beyond the leeway of ${leeway}: clock_skew_suspected.`);
    if (atLine) {
      out.push("  An issuer clock behind the log's by that much would do it, and so would clients that send a token at the end of its life: iat − line time cannot tell (a clock behind looks like older tokens)");
    } else if (vsLineTime) {
      out.push("  For a log of past requests, that compares exp with this machine's clock now, not with the issuer's: judge at each line's time with --now line");
    }
  }
  if (k?.iat && !atLine) out.push(`${plural(k.iat.samples, "token")} issued up to ${duration(k.iat.maxSeconds)} after ${j.now}: clock_skew_suspected`);
  if (k?.other) out.push(`${plural(k.other, "token")} not valid yet (nbf) by 5 min or less: clock_skew_suspected`);
  return out;
}

function progress(stderr, state, total, t0) {
  const secs = (performance.now() - t0) / 1000;
  const rate = secs > 0 ? Math.round(state.triage.lines / secs) : 0;
  const read = state.bytesRead();
  let bar = "";
  if (total) {
    const f = Math.min(1, read / total);
    const w = 24;
    bar = `[${"#".repeat(Math.round(f * w)).padEnd(w, ".")}] ${(f * 100).toFixed(0).padStart(3)}%  `;
  }
  stderr.write(`\r\x1b[K${bar}${bytesText(read)}${total ? ` of ${bytesText(total)}` : ""}  ${plural(state.triage.lines, "line")}  ${num(rate)} lines/s  ${plural(state.triage.tokens, "token")}`);
}

/** Runs the command; resolves to the exit status. */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, TRIAGE_OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.triage}\n`);
    return 0;
  }
  const source = positionals[0];
  if (source === undefined) throw new UsageError("triage needs a FILE, or - to read standard input (try --help)");
  const atLine = values.now === "line";
  const now = (atLine ? undefined : instant("--now", values.now)) ?? Math.floor(Date.now() / 1000);
  const { sample, "group-by": groupBy, ...verifierValues } = values;
  if (groupBy !== undefined && !/^[^.\s]+(\.[^.\s]+)*$/.test(groupBy)) throw new UsageError(`--group-by takes a field name or a dotted path, not ${JSON.stringify(groupBy.slice(0, 40))}`);
  const options = await verifierOptions({ ...verifierValues, now: undefined }, { defaultNow: now });
  // Misuse of the options shows on the first call: check before reading anything.
  inspectOrUsage(inspect, "", options);

  let input;
  let total = null;
  if (source === "-") {
    input = io.stdin;
  } else {
    try {
      const st = statSync(source);
      if (st.isDirectory()) throw new UsageError(`cannot read ${source}: is a directory`);
      if (st.isFile()) total = st.size;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot read ${source}: ${e.code === "ENOENT" ? "no such file" : (e.code ?? e.message)}`);
    }
    input = createReadStream(source, { highWaterMark: 1 << 20 });
  }
  const triage = new Triage(options, now, atLine, { sample, groupBy });
  let bytes = 0;
  input.on("data", (chunk) => {
    bytes += chunk.length;
  });
  const cap = new LineCap(MAX_LINE_BYTES);
  const state = { triage, bytesRead: () => bytes };
  let timer = null;
  const t0 = performance.now();
  if (io.stderr.isTTY) {
    timer = setInterval(() => progress(io.stderr, state, total, t0), 250);
    timer.unref();
  }
  const failed = new Promise((_, reject) => {
    input.on("error", (e) => reject(new UsageError(`cannot read ${source === "-" ? "standard input" : source}: ${e.code ?? e.message}`)));
  });
  const rl = createInterface({ input: input.pipe(cap), crlfDelay: Infinity });
  let error = null;
  rl.on("line", (line) => {
    if (error) return;
    try {
      triage.line(line);
    } catch (e) {
      error = e;
      rl.close();
      input.destroy();
    }
  });
  const closed = new Promise((resolve) => rl.once("close", resolve));
  try {
    await Promise.race([closed, failed]);
  } finally {
    if (timer) {
      clearInterval(timer);
      io.stderr.write("\r\x1b[K");
    }
  }
  if (error) throw error;
  triage.bytes = bytes;
  triage.linesCut = cap.cut;
  const j = triage.toJSON();
  if (values.json) io.stdout.write(`${JSON.stringify(j, null, 2)}\n`);
  else io.stdout.write(renderTriage(j, makeStyle(colourWanted(io.stdout))));
  return triage.invalid > 0 ? 1 : 0;
}
