// The state series of the verifiers a metrics object serves: what `jwt-doctor fleet` and the
// alert rules of deploy/ compare across instances. Gauges read at scrape time from each
// verifier's state() (js/api.js) and its remote key set's (js/jwks.js); never a secret or key
// material. Label values are bounded: configured verifiers (at most MAX_VERIFIERS), their key
// sets' URLs and kids (a set holds at most the core's key limit), fetch results from a short
// vocabulary, and issuers whose tokens were accepted (at most 16, then "other").

/** Most verifiers one metrics object reports (a process with more shows the first ones). */
export const MAX_VERIFIERS = 1000;

const label = (v) => String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const series = (name, labels, value) =>
  `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(",")}} ${value}`;
const head = (name, type, help) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];

/** The states of `verifiers` (objects with `state()`), their key sets deduplicated by URL. */
export function collect(verifiers) {
  const configs = [];
  const keySets = new Map();
  let clock = {};
  for (const v of verifiers) {
    let s;
    try {
      s = v.state();
    } catch {
      continue; // a verifier's state must never fail the scrape
    }
    configs.push(s);
    for (const ks of s.keySets ?? []) keySets.set(ks.url, ks);
    clock = s.clockOffsets ?? clock; // the process's estimate: the same in every state
  }
  return { configs, keySets: [...keySets.values()], clock };
}

/** Prometheus text lines of the state series. */
export function stateLines(verifiers) {
  const { configs, keySets, clock } = collect(verifiers);
  const lines = [];
  if (configs.length > 0) {
    lines.push(...head("jwt_doctor_info", "gauge", "A verifier's configuration: the fingerprint of its non-secret options, their readable parts, the package version."));
    const seen = new Set();
    for (const c of configs) {
      if (seen.has(c.fingerprint)) continue;
      seen.add(c.fingerprint);
      lines.push(series("jwt_doctor_info", { fingerprint: c.fingerprint, version: c.version, issuer: c.issuer, audience: c.audience, algorithms: c.algorithms, keys: c.keys }, 1));
    }
  }
  if (keySets.length > 0) {
    const gauge = (name, help, valueOf, labelsOf = (ks) => ({ jwks: ks.url })) => {
      const rows = keySets.flatMap((ks) => {
        const v = valueOf(ks);
        return v === null || v === undefined ? [] : [series(name, labelsOf(ks), v)];
      });
      if (rows.length) lines.push(...head(name, "gauge", help), ...rows);
    };
    gauge("jwt_doctor_jwks_keys", "Keys in the remote key set held now.", (ks) => ks.kids.length);
    lines.push(...head("jwt_doctor_jwks_key_first_seen_timestamp_seconds", "gauge", "When the key set held each kid it holds now for the first time (seconds since the epoch)."));
    for (const ks of keySets) {
      for (const [kid, ms] of Object.entries(ks.firstSeen ?? {})) lines.push(series("jwt_doctor_jwks_key_first_seen_timestamp_seconds", { jwks: ks.url, kid }, Math.floor(ms / 1000)));
    }
    gauge("jwt_doctor_jwks_last_success_timestamp_seconds", "The last good fetch of the key set (seconds since the epoch).", (ks) => (ks.fetchedAt === null ? null : Math.floor(ks.fetchedAt / 1000)));
    gauge("jwt_doctor_jwks_age_seconds", "Seconds since the key set's last good fetch.", (ks) => ks.ageSeconds);
    gauge("jwt_doctor_jwks_stale_seconds", "Seconds the key set has been served past its age because refreshes fail (0 when it is fresh).", (ks) => ks.staleSeconds ?? 0);
    gauge("jwt_doctor_jwks_last_attempt_timestamp_seconds", "The last fetch attempt of the key set, labelled with its result (seconds since the epoch).",
      (ks) => (ks.lastAttempt ? Math.floor(ks.lastAttempt.at / 1000) : null), (ks) => ({ jwks: ks.url, result: ks.lastAttempt?.result ?? "ok" }));
    lines.push(...head("jwt_doctor_jwks_fetches_total", "counter", "Fetches of the key set by result (ok, timeout, http_500, not_json, too_large, redirect, not_jwks, no_usable_key, network)."));
    for (const ks of keySets) for (const [result, n] of Object.entries(ks.fetches ?? {})) lines.push(series("jwt_doctor_jwks_fetches_total", { jwks: ks.url, result }, n));
  }
  const issuers = Object.entries(clock);
  if (issuers.length > 0) {
    lines.push(...head("jwt_doctor_clock_offset_seconds", "gauge", "Estimated offset of each issuer's clock from this instance's (positive: the issuer is ahead), from the freshest tokens accepted in the last 15 min."));
    for (const [issuer, o] of issuers) lines.push(series("jwt_doctor_clock_offset_seconds", { issuer }, o.offsetSeconds));
  }
  return lines;
}

/**
 * OpenTelemetry observable instruments over the same state, registered once per meter
 * provider: `jwt.jwks.keys`, `jwt.jwks.age`, `jwt.jwks.stale` (seconds), `jwt.jwks.fetches`
 * (by result), `jwt.clock.offset` (seconds, by issuer) and `jwt.verifier.info` (1, with the
 * configuration as attributes). `sources()` lists the verifiers to read.
 */
export function observeWithOtel(meter, sources) {
  const each = (fn) => (result) => {
    try {
      fn(result, collect(sources()));
    } catch {
      // a broken exporter or verifier must not fail the collection
    }
  };
  meter.createObservableGauge("jwt.jwks.keys", { description: "Keys in the remote key set held now" })
    .addCallback(each((r, { keySets }) => keySets.forEach((ks) => r.observe(ks.kids.length, { jwks: ks.url }))));
  meter.createObservableGauge("jwt.jwks.age", { unit: "s", description: "Seconds since the key set's last good fetch" })
    .addCallback(each((r, { keySets }) => keySets.forEach((ks) => ks.ageSeconds !== null && r.observe(ks.ageSeconds, { jwks: ks.url }))));
  meter.createObservableGauge("jwt.jwks.stale", { unit: "s", description: "Seconds the key set has been served stale" })
    .addCallback(each((r, { keySets }) => keySets.forEach((ks) => r.observe(ks.staleSeconds ?? 0, { jwks: ks.url }))));
  meter.createObservableCounter("jwt.jwks.fetches", { description: "Fetches of the key set by result" })
    .addCallback(each((r, { keySets }) => keySets.forEach((ks) => Object.entries(ks.fetches ?? {}).forEach(([result, n]) => r.observe(n, { jwks: ks.url, result })))));
  meter.createObservableGauge("jwt.clock.offset", { unit: "s", description: "Estimated offset of the issuer's clock from this instance's" })
    .addCallback(each((r, { clock }) => Object.entries(clock).forEach(([issuer, o]) => r.observe(o.offsetSeconds, { issuer }))));
  meter.createObservableGauge("jwt.verifier.info", { description: "A verifier's configuration fingerprint and version" })
    .addCallback(each((r, { configs }) => configs.forEach((c) => r.observe(1, { fingerprint: c.fingerprint, version: c.version, issuer: c.issuer, audience: c.audience, algorithms: c.algorithms, keys: c.keys }))));
}
