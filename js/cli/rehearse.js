// `jwt-doctor rehearse [PLAN.json] [--publish T] [--switch T] [--retire T] ...`: a key rotation
// or a key-set outage rehearsed by the core (rehearse()), printed as a verdict, each verifier's
// rejection windows and the hazards. The flags build or amend the plan; times are ISO 8601 or
// offsets from the plan's start (now), durations seconds or 1h / 10m / 30s / 2d.

import { rehearse } from "../index.node.js";
import { parse, parseIsoSeconds } from "./args.js";
import { readFileSync } from "node:fs";
import { fetchJwks } from "./keys.js";
import { kidsOf } from "../jwks.js";
import { colourWanted, makeStyle } from "./style.js";
import { HELP, UsageError } from "./usage.js";

const OPTIONS = {
  publish: { type: "string" },
  switch: { type: "string" },
  retire: { type: "string" },
  lifetime: { type: "string" },
  leeway: { type: "string" },
  verifier: { type: "string", multiple: true },
  outage: { type: "string" },
  rate: { type: "string" },
  "from-jwks": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

// A plan file may be large (a generated plan): read up to 64 MiB, and let the core name the
// member that is too long.
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

function readPlan(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot read it: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : (e.code ?? e.message)}`);
  }
  if (bytes.length > MAX_PLAN_BYTES) throw new UsageError(`${path}: larger than ${MAX_PLAN_BYTES} bytes`);
  return bytes.toString("utf8");
}

const UNITS = { s: 1, m: 60, min: 60, h: 3600, d: 86400 };

/** A duration in seconds from "3600", "1h", "10m", "30s" or "2d". */
export function durationArg(name, text) {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?$/.exec(String(text).trim());
  if (!m) throw new UsageError(`--${name} takes seconds or a duration like 1h, 10m, 30s, not ${JSON.stringify(String(text).slice(0, 40))}`);
  return Number(m[1]) * UNITS[m[2] ?? "s"];
}

/**
 * A time from "+10m" (an offset from the start), plain seconds (also an offset), or ISO 8601
 * (absolute: `{ at }` in seconds since the epoch).
 */
export function timeArg(name, text) {
  const t = String(text).trim();
  if (/^\+/.test(t)) return { offset: durationArg(name, t.slice(1)) };
  if (/^\d+(\.\d+)?$/.test(t)) return { offset: Number(t) };
  const at = parseIsoSeconds(t);
  if (at === null) throw new UsageError(`--${name} takes an ISO 8601 time or an offset like +10m, not ${JSON.stringify(t.slice(0, 40))}`);
  return { at };
}

/** The plan from the file (if any) and the flags; `now` in seconds since the epoch. */
export async function buildPlan(values, file, now, fetch = fetchJwks) {
  let plan = {};
  if (file !== undefined) {
    try {
      plan = JSON.parse(readPlan(file));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${file}: not valid JSON (${e.message.split("\n")[0]})`);
    }
    if (plan === null || typeof plan !== "object" || Array.isArray(plan)) throw new UsageError(`${file}: a plan is a JSON object`);
  }
  const times = {};
  for (const name of ["publish", "switch", "retire"]) if (values[name] !== undefined) times[name] = timeArg(name, values[name]);
  let outage;
  if (values.outage !== undefined) {
    const parts = values.outage.split(/\.\.|,/);
    if (parts.length !== 2) throw new UsageError("--outage takes FROM..TO (ISO 8601 times or offsets like +10m)");
    outage = { from: timeArg("outage", parts[0]), to: timeArg("outage", parts[1]) };
  }
  // The start: the plan's, else now, else the earliest absolute time given (so none is negative).
  const absolute = [...Object.values(times), ...(outage ? [outage.from, outage.to] : [])].filter((t) => t.at !== undefined).map((t) => t.at);
  const start = typeof plan.start === "number" ? plan.start : Math.min(Math.floor(now), ...absolute);
  const rel = (t) => (t.offset !== undefined ? t.offset : t.at - start);
  for (const [name, t] of Object.entries(times)) plan[name] = rel(t);
  if (outage) plan.outage = { from: rel(outage.from), to: rel(outage.to) };
  if (values.lifetime !== undefined) plan.lifetime = durationArg("lifetime", values.lifetime);
  if (values.leeway !== undefined) plan.leeway = durationArg("leeway", values.leeway);
  if (values.rate !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(values.rate)) throw new UsageError("--rate takes a number of tokens per second");
    plan.rate = Number(values.rate);
  }
  if (values.verifier) plan.verifiers = [...(Array.isArray(plan.verifiers) ? plan.verifiers : []), ...values.verifier];
  if (!plan.verifiers) plan.verifiers = ["jwt-doctor"];
  plan.start = start;
  if (values["from-jwks"] !== undefined) {
    const kids = kidsOf(await fetch("--from-jwks", values["from-jwks"])).filter((k) => typeof k === "string" && k !== "");
    if (kids.length === 0) throw new UsageError("--from-jwks: the key set has no kid to rehearse with");
    if (kids.length === 1 || plan.switch === undefined) {
      plan.oldKid = kids[0];
    } else {
      // every current kid is the old set; the first one signs and is the one retired
      const { publish = 0, switch: sw, retire } = plan;
      delete plan.publish;
      delete plan.switch;
      delete plan.retire;
      const fresh = kids.includes("new") ? "new-key" : "new";
      plan.keys = kids;
      plan.steps = [{ at: publish, publish: fresh }, { at: sw, sign: fresh }];
      if (retire !== undefined) plan.steps.push({ at: retire, retire: kids[0] });
    }
  }
  return plan;
}

function words(seconds) {
  if (seconds === null) return "never";
  const s = Math.round(seconds);
  if (s % 86400 === 0 && s) return `${s / 86400} d`;
  if (s % 3600 === 0 && s) return `${s / 3600} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  if (s % 60 === 0 && s) return `${s / 60} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** A plan time in words: ISO 8601 with the offset. */
export function when(r, t) {
  const iso = r.start === null ? "" : `${new Date((r.start + t) * 1000).toISOString().replace(".000Z", "Z")} `;
  return `${iso}(+${words(t)})`;
}

/** The result for people. */
export function render(r, s) {
  const out = [];
  out.push(r.safe ? s.green(s.bold("safe")) : s.red(s.bold("not safe")));
  out.push(r.verdict.replace(/^(not )?safe: /, ""));
  out.push("");
  if (r.steps.length) {
    out.push(s.bold("plan"));
    for (const st of r.steps) {
      const early = st.earliest === undefined ? "" : st.earliest === null ? s.red("  (no safe time)") : st.at < st.earliest ? s.red(`  (earliest safe ${when(r, st.earliest)})`) : s.green("  ok");
      out.push(`  ${when(r, st.at)}  ${st.action} ${st.key}${st.kid !== st.key ? ` (kid ${st.kid})` : ""}${early}`);
    }
  }
  if (r.outage) out.push(`  ${when(r, r.outage.from)} to ${when(r, r.outage.to)}  key-set endpoint down`);
  out.push(`  tokens live ${words(r.lifetime)}, leeway ${words(r.leeway)}, ${r.rate} a second; resolution ${words(r.resolution)}`);
  out.push("");
  for (const v of r.verifiers) {
    const c = v.settings;
    const set = [`cache ${words(c.cacheMaxAge)}${c.perKid ? " per kid" : ""}`,
      c.refetchOnUnknownKid ? `refetch on unknown kid${c.cooldown ? ` (cooldown ${words(c.cooldown)})` : ""}` : "no refetch on unknown kid",
      c.staleIfError === null ? "keeps its set on error" : c.staleIfError ? `stale-if-error ${words(c.staleIfError)}` : null,
      c.rateLimit ? `${c.rateLimit} fetches/min` : null].filter(Boolean).join(", ");
    const mark = v.windows.length ? s.red("✗") : s.green("✓");
    out.push(`${mark} ${s.bold(v.name)}${v.profile !== v.name ? ` (${v.profile})` : ""}: ${set}${v.fromDocs ? s.dim(" [from docs]") : ""}`);
    for (const w of v.windows) {
      out.push(`    ${when(r, w.from)} for ${words(w.to - w.from)}: ${w.key} tokens rejected, ${w.cause} (${w.tokens} tokens)`);
    }
  }
  if (r.hazards.length) {
    out.push("", s.bold("hazards"));
    for (const h of r.hazards) out.push(`  ${s.yellow("!")} ${h.code}: ${h.message}`);
  }
  return `${out.join("\n")}\n`;
}

/** Runs the command; resolves to the exit status (0 safe, 1 rejects valid tokens, 2 usage). */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.rehearse}\n`);
    return 0;
  }
  if (positionals.length === 0 && !["publish", "switch", "retire", "outage"].some((n) => values[n] !== undefined)) {
    throw new UsageError("rehearse needs a PLAN.json or --switch / --outage (try --help)");
  }
  const plan = await buildPlan(values, positionals[0], Date.now() / 1000);
  let result;
  try {
    result = await rehearse(plan);
  } catch (e) {
    if (e instanceof TypeError) throw new UsageError(e.message.replace(/^rehearse\(\): /, ""));
    throw e;
  }
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(render(result, makeStyle(colourWanted(io.stdout))));
  return result.safe ? 0 : 1;
}
