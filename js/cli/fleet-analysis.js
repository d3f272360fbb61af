// What `jwt-doctor fleet` concludes from the metrics of several instances: each instance's state
// (version, configuration fingerprints, key sets, clock offsets, validations by cause) and the
// instances that differ from the rest, each with its evidence and the fix. Pure: samples in,
// conclusions out; the command fetches and prints.
//
// The series read are the ones js/middleware/metrics.js writes (README, "Fleet"):
//   jwt_doctor_info{fingerprint,version,issuer,audience,algorithms,keys} 1
//   jwt_doctor_jwks_key_first_seen_timestamp_seconds{jwks,kid}
//   jwt_doctor_jwks_last_success_timestamp_seconds{jwks}
//   jwt_doctor_jwks_stale_seconds{jwks}
//   jwt_doctor_jwks_last_attempt_timestamp_seconds{jwks,result}
//   jwt_doctor_jwks_fetches_total{jwks,result}
//   jwt_doctor_clock_offset_seconds{issuer}
//   jwt_validation_total{outcome,cause,issuer}

import { duration } from "../words.js";

/** Thresholds of a disagreement (overridable by the command's options). */
export const DEFAULTS = Object.freeze({
  /** An instance's clock offset to an issuer further than this from the fleet's median, in s. */
  clockBound: 30,
  /** A key set served stale for longer than this, in s. */
  staleBound: 300,
  /** A cause is "high on one instance" when its share of that instance's validations is at
   *  least this, at least `rateFactor` times the highest share elsewhere, over `minCount`. */
  rateShare: 0.05,
  rateFactor: 5,
  minCount: 5,
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One instance's state, read from its samples. */
export function summarise(name, samples) {
  const s = { name, versions: new Set(), configs: new Map(), keySets: new Map(), clock: new Map(), validations: { total: 0, accepted: 0, causes: new Map() } };
  const set = (jwks) => {
    if (!s.keySets.has(jwks)) s.keySets.set(jwks, { jwks, kids: new Map(), lastSuccess: null, staleSeconds: 0, lastAttempt: null, fetches: new Map() });
    return s.keySets.get(jwks);
  };
  for (const { name: metric, labels: l, value } of samples) {
    switch (metric) {
      case "jwt_doctor_info":
        if (value !== 1) break;
        if (l.version) s.versions.add(l.version);
        if (l.fingerprint) {
          s.configs.set(l.fingerprint, { fingerprint: l.fingerprint, issuer: l.issuer ?? "", audience: l.audience ?? "", algorithms: l.algorithms ?? "", keys: l.keys ?? "" });
        }
        break;
      case "jwt_doctor_jwks_key_first_seen_timestamp_seconds":
        if (l.jwks && l.kid !== undefined && Number.isFinite(value)) set(l.jwks).kids.set(l.kid, value);
        break;
      case "jwt_doctor_jwks_last_success_timestamp_seconds":
        if (l.jwks && Number.isFinite(value) && value > 0) set(l.jwks).lastSuccess = value;
        break;
      case "jwt_doctor_jwks_stale_seconds":
        if (l.jwks && Number.isFinite(value)) set(l.jwks).staleSeconds = value;
        break;
      case "jwt_doctor_jwks_last_attempt_timestamp_seconds":
        if (l.jwks && Number.isFinite(value)) set(l.jwks).lastAttempt = { at: value, result: l.result ?? "unknown" };
        break;
      case "jwt_doctor_jwks_fetches_total":
        if (l.jwks && Number.isFinite(value)) set(l.jwks).fetches.set(l.result ?? "unknown", value);
        break;
      case "jwt_doctor_clock_offset_seconds":
        if (l.issuer && Number.isFinite(value)) s.clock.set(l.issuer, value);
        break;
      case "jwt_validation_total": {
        if (!Number.isFinite(value) || value < 0) break;
        s.validations.total += value;
        if (l.outcome === "accepted") s.validations.accepted += value;
        else if (l.cause) s.validations.causes.set(l.cause, (s.validations.causes.get(l.cause) ?? 0) + value);
        break;
      }
      default:
        break;
    }
  }
  return s;
}

// No value held by most instances, yet more than one value: every instance is named.
function noMajority(kind, fleet, valueOf, what, fix, describe = valueOf) {
  if (new Set(fleet.map(valueOf)).size < 2) return [];
  return [{ kind, instances: fleet.map((s) => s.name), disagrees: true, message: `the ${fleet.length} instances ${what}, with no majority`, evidence: fleet.map((s) => `${s.name}: ${describe(s) || "(unknown)"}`), fix }];
}

/** The most common value of `valueOf` over `items` (ties: the first met), and its count. */
function majority(items, valueOf) {
  const counts = new Map();
  for (const it of items) {
    const v = valueOf(it);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = null, n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return { value: best, count: n };
}

const configKey = (s) => [...s.configs.keys()].sort().join(",");
const PARTS = ["issuer", "audience", "algorithms", "keys"];

/**
 * Compares the instances. `instances`: `[{ name, samples } | { name, error }]`; `now` in
 * seconds (for "since when"); `token` (optional): `{ header, payload }` of a token to judge.
 * @returns {{ instances: object[], findings: object[], agree: boolean }}
 */
export function analyse(instances, { now, token = null, ...limits } = {}) {
  const t = { ...DEFAULTS, ...limits };
  const findings = [];
  const up = [];
  for (const i of instances) {
    if (i.error) {
      findings.push({ kind: "unreachable", instances: [i.name], disagrees: false, message: `${i.name}: no metrics (${i.error})`, evidence: [], fix: "check that the instance is up and serves its metrics at that URL" });
    } else up.push(summarise(i.name, i.samples));
  }
  const withData = up.filter((s) => s.configs.size > 0 || s.keySets.size > 0 || s.validations.total > 0);
  for (const s of up) {
    if (!withData.includes(s)) findings.push({ kind: "no_series", instances: [s.name], disagrees: false, message: `${s.name}: answers, but exports no jwt-doctor series`, evidence: [], fix: "mount the middleware's metrics (metricsResponse / metrics.prometheus()) on that endpoint" });
  }

  // version
  const versionOf = (s) => [...s.versions].sort().join(",");
  const versions = majority(withData, versionOf);
  if (versions.count <= withData.length / 2) findings.push(...noMajority("version", withData, versionOf, "run different versions of jwt-doctor", "deploy one version everywhere"));
  for (const s of withData) {
    const v = versionOf(s);
    if (v !== versions.value && versions.count > withData.length / 2) {
      findings.push({ kind: "version", instances: [s.name], disagrees: true, message: `${s.name} runs jwt-doctor ${v || "(unknown)"}; the others run ${versions.value || "(unknown)"}`, evidence: [`jwt_doctor_info{version="${v}"}`], fix: `deploy the same version everywhere (${versions.value})` });
    }
  }

  // configuration fingerprint
  const configs = majority(withData, configKey);
  if (configs.count <= withData.length / 2) {
    const describe = (s) => [...s.configs.values()].map((c) => `${c.fingerprint} (${PARTS.map((p) => `${p} ${c[p] || "(none)"}`).join(", ")})`).join("; ") || "no verifier";
    findings.push(...noMajority("config", withData, configKey, "are configured differently", "deploy one configuration to every instance", describe));
  } else {
    const reference = withData.find((s) => configKey(s) === configs.value);
    for (const s of withData) {
      if (configKey(s) === configs.value) continue;
      const evidence = [];
      for (const [fp, c] of s.configs) {
        if (reference.configs.has(fp)) continue;
        // the reference configuration closest to this one: the one differing in fewest parts
        let best = null, bestDiff = null;
        for (const r of reference.configs.values()) {
          const diff = PARTS.filter((p) => r[p] !== c[p]);
          if (!best || diff.length < bestDiff.length) [best, bestDiff] = [r, diff];
        }
        if (best) for (const p of bestDiff) evidence.push(`${p}: ${c[p] || "(none)"} here, ${best[p] || "(none)"} on the others`);
        else evidence.push(`configuration ${fp}`);
      }
      for (const fp of reference.configs.keys()) if (!s.configs.has(fp) && s.configs.size === 0) evidence.push(`no verifier with fingerprint ${fp}`);
      findings.push({ kind: "config", instances: [s.name], disagrees: true, message: `${s.name} is configured differently from the others (fingerprint ${[...s.configs.keys()].join(", ") || "none"} vs ${configs.value || "none"})`, evidence, fix: "deploy one configuration to every instance (the differing parts are above)" });
    }
  }

  // key sets: kids missing or extra, staleness
  const urls = new Set(withData.flatMap((s) => [...s.keySets.keys()]));
  for (const url of urls) {
    const holders = withData.filter((s) => s.keySets.has(url));
    const allKids = new Map(); // kid -> [instance, firstSeen][]
    for (const s of holders) for (const [kid, first] of s.keySets.get(url).kids) {
      if (!allKids.has(kid)) allKids.set(kid, []);
      allKids.get(kid).push([s.name, first]);
    }
    for (const [kid, held] of allKids) {
      if (held.length === holders.length) continue;
      const missing = holders.filter((s) => !s.keySets.get(url).kids.has(kid));
      const since = Math.min(...held.map(([, f]) => f));
      if (held.length >= missing.length) {
        for (const s of missing) {
          const ks = s.keySets.get(url);
          const evidence = [`kid ${kid} held by ${held.map(([n]) => n).join(", ")} since ${iso(since)}${Number.isFinite(now) ? ` (${ago(now - since)})` : ""}`];
          evidence.push(`${s.name}: last good fetch ${ks.lastSuccess ? `${iso(ks.lastSuccess)}${Number.isFinite(now) ? ` (${ago(now - ks.lastSuccess)})` : ""}` : "never"}${ks.lastAttempt ? `, last attempt ${ks.lastAttempt.result} at ${iso(ks.lastAttempt.at)}` : ""}`);
          const failing = ks.lastAttempt && ks.lastAttempt.result !== "ok";
          findings.push({
            kind: "kid_missing", instances: [s.name], disagrees: true,
            message: `${s.name}'s key set ${url} lacks kid ${kid}, which ${held.length === 1 ? held[0][0] : `${held.length} other instances`} ${held.length === 1 ? "has" : "have"} held since ${iso(since)}: tokens signed with it fail there (kid_not_found)`,
            evidence,
            fix: failing
              ? `its refreshes fail (${ks.lastAttempt.result}): restore its access to ${url} (network, DNS, proxy); it refetches on its own once it can`
              : `it has not refetched since the rotation: it refetches on an unknown kid at most once per cooldown; if it does not, restart it and check its cacheMaxAge`,
          });
        }
      } else {
        for (const [name] of held) {
          findings.push({
            kind: "kid_extra", instances: [name], disagrees: true,
            message: `${name}'s key set ${url} still holds kid ${kid}, which the other ${missing.length} instances no longer have: a retired (perhaps compromised) key is still trusted there`,
            evidence: [`held by ${name} since ${iso(held.find(([n]) => n === name)[1])}; absent on ${missing.map((m) => m.name).join(", ")}`],
            fix: "make it refetch the key set (restart it); check that its refreshes succeed",
          });
        }
      }
    }
    for (const s of holders) {
      const ks = s.keySets.get(url);
      if (ks.staleSeconds > t.staleBound) {
        findings.push({
          kind: "stale", instances: [s.name], disagrees: true,
          message: `${s.name} has served a stale copy of ${url} for ${ago(ks.staleSeconds, "")}: it cannot refresh it${ks.lastAttempt ? ` (last attempt: ${ks.lastAttempt.result})` : ""}`,
          evidence: [`jwt_doctor_jwks_stale_seconds ${Math.round(ks.staleSeconds)}`, `last good fetch ${ks.lastSuccess ? iso(ks.lastSuccess) : "never"}`, ...[...ks.fetches].filter(([r]) => r !== "ok").map(([r, n]) => `${n} fetches ${r}`)],
          fix: `restore its access to ${url}; after maxStale it fails closed (503)`,
        });
      }
    }
  }

  // clock offsets, against the fleet's median per issuer
  const issuers = new Set(withData.flatMap((s) => [...s.clock.keys()]));
  for (const iss of issuers) {
    const values = withData.filter((s) => s.clock.has(iss)).map((s) => [s, s.clock.get(iss)]);
    const m = values.length >= 2 ? median(values.map(([, v]) => v)) : 0;
    for (const [s, v] of values) {
      if (Math.abs(v - m) > t.clockBound) {
        findings.push({
          kind: "clock", instances: [s.name], disagrees: true,
          message: `${s.name}'s clock is ${Math.abs(Math.round(v - m))} s ${v - m > 0 ? "behind" : "ahead of"} the fleet's (issuer ${iss}'s tokens look ${Math.round(v)} s ${v > 0 ? "early" : "late"} there, ${Math.round(m)} s elsewhere)`,
          evidence: [`jwt_doctor_clock_offset_seconds{issuer="${iss}"} ${v.toFixed(1)} (fleet median ${m.toFixed(1)})`],
          fix: "synchronise its clock (NTP/chrony); leeway only hides the skew",
        });
      }
    }
  }

  // causes whose rate is high on one instance only
  const causes = new Set(withData.flatMap((s) => [...s.validations.causes.keys()]));
  for (const cause of causes) {
    const share = (s) => (s.validations.total > 0 ? (s.validations.causes.get(cause) ?? 0) / s.validations.total : 0);
    for (const s of withData) {
      const n = s.validations.causes.get(cause) ?? 0;
      const mine = share(s);
      const others = withData.filter((o) => o !== s && o.validations.total > 0).map(share);
      if (n < t.minCount || mine < t.rateShare || others.length === 0) continue;
      const top = Math.max(...others);
      if (mine >= t.rateFactor * top) {
        findings.push({
          kind: "cause_rate", instances: [s.name], disagrees: true,
          message: `${cause} is ${pct(mine)} of ${s.name}'s validations, at most ${pct(top)} elsewhere`,
          evidence: [`${n} of ${s.validations.total} validations`],
          fix: `look at what else differs on ${s.name} (above); jwt-doctor inspect one of its rejected tokens`,
        });
      }
    }
  }

  if (token) findings.push(...judgeToken(token, withData, now));

  return {
    instances: [
      ...withData.map((s) => view(s, now)),
      ...instances.filter((i) => i.error).map((i) => ({ name: i.name, error: i.error })),
    ],
    findings,
    agree: !findings.some((f) => f.disagrees),
  };
}

// Which instances would reject the token, and why, from their state.
function judgeToken({ header, payload }, fleet, now) {
  const out = [];
  const kid = typeof header?.kid === "string" ? header.kid : null;
  const aud = payload?.aud === undefined ? [] : [].concat(payload.aud).filter((a) => typeof a === "string");
  const iss = typeof payload?.iss === "string" ? payload.iss : null;
  const rejecting = [];
  for (const s of fleet) {
    const why = [];
    if (kid !== null && s.keySets.size > 0 && ![...s.keySets.values()].some((ks) => ks.kids.has(kid))) why.push(`kid ${kid} is not in its key set`);
    const configs = [...s.configs.values()];
    if (configs.length > 0 && iss !== null && !configs.some((c) => !c.issuer || c.issuer.split(" ").includes(iss))) why.push(`it expects issuer ${configs.map((c) => c.issuer).join(" or ")}`);
    if (configs.length > 0 && !configs.some((c) => !c.audience || aud.some((a) => c.audience.split(" ").includes(a)))) why.push(`it expects audience ${configs.map((c) => c.audience).join(" or ")}, the token has ${aud.join(", ") || "none"}`);
    const offset = iss !== null ? s.clock.get(iss) : undefined;
    if (Number.isFinite(now) && offset !== undefined && typeof payload?.nbf === "number" && payload.nbf > now - offset) why.push(`its clock is ${Math.round(offset)} s behind the issuer: the token is not yet valid there`);
    if (why.length) rejecting.push([s.name, why]);
  }
  if (rejecting.length > 0 && rejecting.length < fleet.length) {
    for (const [name, why] of rejecting) {
      out.push({ kind: "token", instances: [name], disagrees: true, message: `${name} rejects this token: ${why.join("; ")}`, evidence: why, fix: "see the finding about this instance above" });
    }
  } else if (rejecting.length === fleet.length && fleet.length > 0) {
    out.push({ kind: "token", instances: fleet.map((s) => s.name), disagrees: false, message: "every instance rejects this token: the token, not the fleet, is at fault (jwt-doctor inspect it)", evidence: rejecting.map(([n, w]) => `${n}: ${w.join("; ")}`), fix: "jwt-doctor inspect TOKEN" });
  }
  return out;
}

function view(s, now) {
  const keySets = [...s.keySets.values()].map((ks) => ({
    jwks: ks.jwks,
    kids: [...ks.kids.keys()].sort(),
    lastSuccess: ks.lastSuccess === null ? null : iso(ks.lastSuccess),
    ageSeconds: ks.lastSuccess !== null && Number.isFinite(now) ? Math.round(now - ks.lastSuccess) : null,
    staleSeconds: Math.round(ks.staleSeconds),
    lastAttempt: ks.lastAttempt && { at: iso(ks.lastAttempt.at), result: ks.lastAttempt.result },
  }));
  const causes = [...s.validations.causes].sort((a, b) => b[1] - a[1]);
  return {
    name: s.name,
    version: [...s.versions].sort().join(",") || null,
    fingerprints: [...s.configs.keys()].sort(),
    configs: [...s.configs.values()],
    keySets,
    clockOffsets: Object.fromEntries([...s.clock].map(([k, v]) => [k, Math.round(v * 10) / 10])),
    validations: { total: s.validations.total, accepted: s.validations.accepted, rejectedByCause: Object.fromEntries(causes) },
  };
}

function iso(seconds) {
  const d = new Date(seconds * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : String(seconds);
}

/** "3 h 12 min ago" (or without " ago"), in the core's wording. */
function ago(seconds, suffix = " ago") {
  return `${duration(Math.max(0, seconds))}${suffix}`;
}

const pct = (x) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;
