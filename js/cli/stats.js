// Bounded counters for triage: memory stays flat whatever the input size.

/** Counts by string value, keeping at most `limit` distinct values; the rest go to "(other)". */
export class CappedCounter {
  constructor(limit = 100) {
    this.limit = limit;
    this.map = new Map();
    this.other = { tokens: 0, invalid: 0 };
    this.otherDistinct = 0;
  }

  add(key, invalid) {
    let e = this.map.get(key);
    if (e === undefined) {
      if (this.map.size >= this.limit) {
        this.other.tokens++;
        if (invalid) this.other.invalid++;
        return;
      }
      e = { tokens: 0, invalid: 0 };
      this.map.set(key, e);
    }
    e.tokens++;
    if (invalid) e.invalid++;
  }

  /** `{ value: { tokens, invalid } }`, most frequent first, "(other)" last. */
  toJSON() {
    const out = {};
    for (const [k, v] of [...this.map].sort((a, b) => b[1].tokens - a[1].tokens || (a[0] < b[0] ? -1 : 1))) out[k] = v;
    if (this.other.tokens) out["(other)"] = this.other;
    return out;
  }
}

/** Counts by code (a small, closed set). */
export class Tally {
  constructor() {
    this.map = new Map();
  }

  add(key) {
    this.map.set(key, (this.map.get(key) ?? 0) + 1);
  }

  toJSON() {
    const out = {};
    for (const [k, v] of [...this.map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out[k] = v;
    return out;
  }
}

const DAY = 86400;

/**
 * The median of many offsets in seconds without keeping them: a histogram at one-second
 * resolution within ±1 day (offsets beyond are clamped to ±1 day + 1 s), so at most ~172 800
 * buckets whatever the input.
 */
export class OffsetMedian {
  constructor() {
    this.buckets = new Map();
    this.samples = 0;
    this.ahead = 0;
  }

  add(offset) {
    let k = Math.round(offset);
    if (k > DAY) k = DAY + 1;
    else if (k < -DAY) k = -DAY - 1;
    this.buckets.set(k, (this.buckets.get(k) ?? 0) + 1);
    this.samples++;
    if (offset > 0) this.ahead++;
  }

  /** The median in whole seconds (the mean of the two middle ones for an even count). */
  median() {
    if (this.samples === 0) return null;
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const lo = Math.floor((this.samples - 1) / 2);
    const hi = Math.floor(this.samples / 2);
    let seen = 0;
    let a = null;
    for (const k of keys) {
      seen += this.buckets.get(k);
      if (a === null && seen > lo) a = k;
      if (seen > hi) return (a + k) / 2;
    }
    return a;
  }

  /** The largest offset in whole seconds (clamped to ±1 day + 1 s). */
  max() {
    let m = null;
    for (const k of this.buckets.keys()) if (m === null || k > m) m = k;
    return m;
  }

  toJSON() {
    if (this.samples === 0) return null;
    return { medianSeconds: this.median(), maxSeconds: this.max(), samples: this.samples, ahead: this.ahead };
  }
}

/** The exp lateness buckets, in order, with their labels. */
export const LATENESS = [
  ["notExpired", "not expired"],
  ["under1m", "< 1 min late"],
  ["under5m", "< 5 min late"],
  ["under1h", "< 1 h late"],
  ["under1d", "< 1 d late"],
  ["older", "older"],
  ["noExp", "no usable exp"],
];

/** The bucket of `now - exp` (seconds; exp == now is expired). */
export function latenessBucket(late) {
  if (late < 0) return 0;
  if (late < 60) return 1;
  if (late < 300) return 2;
  if (late < 3600) return 3;
  if (late < DAY) return 4;
  return 5;
}
