// `jwt-doctor triage [FILE | -]`: many tokens from a token list, a log or NDJSON, inspected with
// one set of options and summarised. Streams line by line with bounded state: counters, capped
// maps, a histogram for the clock offset, and a bounded cache of recent distinct tokens (a log
// repeats a token on every request it authorises; each distinct token is inspected once).

import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { createInspector, inspect } from "../index.node.js";
import { instant, parse, VERIFIER_OPTIONS } from "./args.js";
import { extractTokens, lineTime } from "./extract.js";
import { duration, iso } from "./render.js";
import { CappedCounter, LATENESS, latenessBucket, OffsetMedian, Tally } from "./stats.js";
import { colourWanted, makeStyle, pad } from "./style.js";
import { HELP, UsageError } from "./usage.js";
import { inspectOrUsage, verifierOptions } from "./verifier.js";

/** Lines longer than this are cut (the rest is skipped up to the next newline). */
export const MAX_LINE_BYTES = 1024 * 1024;
const CACHE_ENTRIES = 8192;
const DISTINCT_VALUES = 100;
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
  if (!s.valid && main === null) main = codes.includes("signature_unchecked") ? "signature_unchecked" : (codes[0] ?? "signature_unverified");
  const kid = s.header ? (s.kid === null || s.kid === undefined ? NONE : clip(s.kid)) : UNDECODABLE;
  const iss = s.payload ? (s.iss === null || s.iss === undefined ? NONE : clip(s.iss)) : UNDECODABLE;
  let aud;
  if (!s.payload) aud = [UNDECODABLE];
  else if (s.aud === null || s.aud === undefined) aud = [NONE];
  else if (Array.isArray(s.aud)) aud = s.aud.length ? s.aud.slice(0, 8).map((a) => clip(a)) : ["[]"];
  else aud = [clip(s.aud)];
  const num = (v) => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e11 ? v : null);
  return { valid: s.valid, codes, main, kid, iss, aud, exp: num(s.exp), iat: num(s.iat) };
}

/** The triage state and what it does with each line. */
export class Triage {
  /**
   * @param {object} options inspect options (with `now`)
   * @param {number} now the instant of the run (seconds)
   * @param {boolean} atLine judge each token at its line's own timestamp when it has one
   */
  constructor(options, now, atLine = false) {
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
    this.aud = new CappedCounter(DISTINCT_VALUES);
    this.lateness = new Array(LATENESS.length).fill(0);
    this.vsLineTime = new OffsetMedian();
    this.vsNow = new OffsetMedian();
    this.cache = new Map();
    this.found = [];
  }

  line(line) {
    this.lines++;
    const found = this.found;
    found.length = 0;
    this.fromAuthorization += extractTokens(line, found);
    if (found.length === 0) return;
    this.linesWithTokens++;
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
      this.kid.add(s.kid, bad);
      this.iss.add(s.iss, bad);
      for (const a of s.aud) this.aud.add(a, bad);
      this.lateness[s.exp === null ? LATENESS.length - 1 : latenessBucket(at - s.exp)]++;
      if (s.iat !== null) {
        if (t === undefined) t = lineTime(line);
        if (t !== null) this.vsLineTime.add(s.iat - t);
        else this.vsNow.add(s.iat - this.now);
      }
    }
  }

  toJSON() {
    const lateness = {};
    LATENESS.forEach(([key], i) => {
      lateness[key] = this.lateness[i];
    });
    return {
      now: iso(this.now),
      judgedAt: this.atLine ? "line" : "now",
      lines: this.lines,
      bytes: this.bytes ?? null,
      linesCut: this.linesCut ?? 0,
      linesWithTokens: this.linesWithTokens,
      tokens: this.tokens,
      fromAuthorization: this.fromAuthorization,
      valid: this.valid,
      invalid: this.invalid,
      mainCauses: this.mainCauses.toJSON(),
      codes: this.codes.toJSON(),
      kid: this.kid.toJSON(),
      iss: this.iss.toJSON(),
      aud: this.aud.toJSON(),
      expLateness: lateness,
      clockOffset: { vsLineTime: this.vsLineTime.toJSON(), vsNow: this.vsNow.toJSON() },
    };
  }
}

function num(n) {
  return n.toLocaleString("en-US");
}

function plural(n, word) {
  return `${num(n)} ${word}${n === 1 ? "" : "s"}`;
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
  out.push(`${s.bold("triage")}  ${num(j.lines)} lines${j.bytes !== null ? ` (${bytesText(j.bytes)})` : ""}, ${num(T)} tokens on ${num(j.linesWithTokens)} lines, ${num(j.fromAuthorization)} from Authorization headers; judged ${j.judgedAt === "line" ? `at each line's time (${j.now} without one)` : `at ${j.now}`}`);
  if (j.linesCut) out.push(s.yellow(`${num(j.linesCut)} lines longer than ${bytesText(MAX_LINE_BYTES)} were cut`));
  if (T === 0) {
    out.push("no token found");
    return `${out.join("\n")}\n`;
  }
  out.push(`${s.green(`valid ${num(j.valid)}`)} (${pct(j.valid, T).trim()})   ${s.red(`invalid ${num(j.invalid)}`)} (${pct(j.invalid, T).trim()})`);
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
  table("findings (tokens with each code)", j.codes);
  table("kid", j.kid, true);
  table("iss", j.iss, true);
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
  const { vsLineTime, vsNow } = j.clockOffset;
  if (vsLineTime) {
    out.push(`  iat − line time: median ${signed(vsLineTime.medianSeconds)} over ${plural(vsLineTime.samples, "token")}`);
    out.push(vsLineTime.ahead
      ? `  ${plural(vsLineTime.ahead, "token")} issued after their log line, by up to ${signed(vsLineTime.maxSeconds)}: the issuer's clock runs ahead`
      : "  no token issued after its log line: no sign of an issuer clock ahead");
  }
  if (vsNow) {
    out.push(`  iat − now (lines without a timestamp): median ${signed(vsNow.medianSeconds)} over ${plural(vsNow.samples, "token")}; ${num(vsNow.ahead)} issued after now`);
  }
  if (!vsLineTime && !vsNow) out.push("  no token with a numeric iat");
  return `${out.join("\n")}\n`;
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
  stderr.write(`\r\x1b[K${bar}${bytesText(read)}${total ? ` of ${bytesText(total)}` : ""}  ${num(state.triage.lines)} lines  ${num(rate)} lines/s  ${num(state.triage.tokens)} tokens`);
}

/** Runs the command; resolves to the exit status. */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, VERIFIER_OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.triage}\n`);
    return 0;
  }
  const source = positionals[0];
  if (source === undefined) throw new UsageError("triage needs a FILE, or - to read standard input (try --help)");
  const atLine = values.now === "line";
  const now = (atLine ? undefined : instant("--now", values.now)) ?? Math.floor(Date.now() / 1000);
  const options = await verifierOptions({ ...values, now: undefined }, { defaultNow: now });
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
  const triage = new Triage(options, now, atLine);
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
