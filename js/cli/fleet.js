// `jwt-doctor fleet URL URL ... | --prometheus URL [--token T]`: several instances' metrics side
// by side, and the instances that differ named with the evidence and the fix: a kid missing from
// one instance's key set and since when, a set served stale with its last error, a clock offset,
// another configuration, a cause whose rate is high on one instance only, another version.

import { decode } from "../index.node.js";
import { readCapped } from "../jwks.js";
import { parse, seconds } from "./args.js";
import { analyse, DEFAULTS } from "./fleet-analysis.js";
import { tokenArgument } from "./input.js";
import { MAX_METRICS_BYTES, QUERY, parsePrometheusText, samplesFromQuery } from "./prometheus.js";
import { plural } from "./render.js";
import { colourWanted, makeStyle, pad } from "./style.js";
import { HELP, UsageError } from "./usage.js";

const OPTIONS = {
  prometheus: { type: "string" },
  job: { type: "string" },
  token: { type: "string" },
  timeout: { type: "string" },
  "clock-bound": { type: "string" },
  "stale-bound": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

const MAX_INSTANCES = 256;

/** The Prometheus server could not be read: exit status 3 (not a usage error). */
class SourceError extends Error {}

function httpUrl(what, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what}: ${JSON.stringify(value.slice(0, 60))} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`${what}: ${value} is not an http(s) URL`);
  return url;
}

// GET `url` as text within `timeoutMs`, no redirect followed, the body capped.
async function getText(url, timeoutMs, accept) {
  const signal = AbortSignal.timeout(timeoutMs);
  let res;
  try {
    res = await fetch(url, { headers: { accept }, redirect: "manual", signal });
  } catch (e) {
    if (e?.name === "TimeoutError" || e?.name === "AbortError") throw new Error(`no answer within ${timeoutMs / 1000} s`);
    throw new Error(`cannot connect (${e?.cause?.code ?? e?.message ?? e})`);
  }
  if (res.status !== 200) {
    res.body?.cancel?.().catch(() => {});
    throw new Error(`HTTP ${res.status}${res.status >= 300 && res.status < 400 ? " redirect, not followed" : ""}`);
  }
  try {
    return await readCapped(res, MAX_METRICS_BYTES);
  } catch (e) {
    if (e?.name === "TimeoutError" || e?.name === "AbortError") throw new Error(`the body did not arrive within ${timeoutMs / 1000} s`);
    throw e;
  }
}

/** One instance's samples from its metrics URL, or the error that prevented it. */
async function fromInstance(url, name, timeoutMs) {
  try {
    const text = await getText(url, timeoutMs, "text/plain; version=0.0.4, application/openmetrics-text; q=0.5, */*; q=0.1");
    return { name, samples: parsePrometheusText(text) };
  } catch (e) {
    return { name, error: String(e?.message ?? e).split("\n")[0].slice(0, 200) };
  }
}

/** Every instance's samples from a Prometheus server's HTTP API (grouped by `instance`). */
async function fromPrometheus(base, job, timeoutMs) {
  const url = new URL("api/v1/query", base.href.endsWith("/") ? base : new URL(`${base.href}/`));
  const selector = job ? QUERY.replace("}", `,job=${JSON.stringify(job)}}`) : QUERY;
  url.searchParams.set("query", selector);
  let body;
  try {
    const text = await getText(url, timeoutMs, "application/json");
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error("the answer is not JSON: is the URL a Prometheus server?");
    }
    const byInstance = samplesFromQuery(body);
    return [...byInstance].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, samples]) => ({ name, samples }));
  } catch (e) {
    throw new SourceError(`--prometheus ${base.href}: ${String(e?.message ?? e).split("\n")[0].slice(0, 200)}`);
  }
}

/** Instance names as Prometheus writes them (host:port), the whole URL where two would clash. */
function names(urls) {
  const hostPorts = urls.map((u) => u.host);
  return urls.map((u) => (hostPorts.indexOf(u.host) === hostPorts.lastIndexOf(u.host) ? u.host : u.href));
}

/**
 * Runs the command; resolves to the exit status: 0 the fleet agrees, 1 it disagrees, 3 the
 * Prometheus server could not be read (usage errors throw, for status 2).
 */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, OPTIONS, MAX_INSTANCES);
  if (values.help) {
    io.stdout.write(`${HELP.fleet}\n`);
    return 0;
  }
  if (values.prometheus && positionals.length > 0) throw new UsageError("give metrics URLs or --prometheus URL, not both");
  if (!values.prometheus && positionals.length === 0) throw new UsageError("give the metrics URLs of the instances, or --prometheus URL (try --help)");
  if (values.job && !values.prometheus) throw new UsageError("--job goes with --prometheus");
  const timeoutMs = (seconds("timeout", values.timeout) ?? 10) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError("--timeout must be more than 0 seconds");
  const limits = {
    clockBound: seconds("clock-bound", values["clock-bound"]) ?? DEFAULTS.clockBound,
    staleBound: seconds("stale-bound", values["stale-bound"]) ?? DEFAULTS.staleBound,
  };
  let token = null;
  if (values.token !== undefined) {
    const text = values.token === "-" ? await tokenArgument("-", "fleet") : values.token;
    try {
      const d = decode(text.trim().replace(/^bearer\s+/i, ""));
      token = { header: d.header, payload: d.payload };
    } catch (e) {
      throw new UsageError(`--token: cannot be decoded (${String(e?.message ?? e).split("\n")[0]})`);
    }
  }

  let instances;
  if (values.prometheus) {
    try {
      instances = await fromPrometheus(httpUrl("--prometheus", values.prometheus), values.job, timeoutMs);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      io.stderr.write(`jwt-doctor: ${e.message}\n`);
      return 3;
    }
    if (instances.length === 0) {
      io.stderr.write(`jwt-doctor: --prometheus ${values.prometheus}: no jwt-doctor series found${values.job ? ` for job ${values.job}` : ""} (does Prometheus scrape the instances' metrics?)\n`);
      return 3;
    }
  } else {
    const urls = positionals.map((p) => httpUrl("URL", p));
    const n = names(urls);
    instances = await Promise.all(urls.map((u, i) => fromInstance(u, n[i], timeoutMs)));
  }
  const result = analyse(instances, { now: Date.now() / 1000, token, ...limits });
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(render(result, makeStyle(colourWanted(io.stdout))));
  return result.agree ? 0 : 1;
}

function cell(text, max = 28) {
  const s = String(text ?? "");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// Terminal-safe: label values come from the network.
const safe = (s) => String(s).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");

/** The human output: a table of the instances, then what differs, with evidence and fix. */
export function render(result, s) {
  const rows = [["INSTANCE", "VERSION", "CONFIG", "KEY SET", "CLOCK", "REJECTED (top cause)"]];
  for (const i of result.instances) {
    if (i.error) {
      rows.push([i.name, "-", "-", "-", "-", `no metrics: ${i.error}`]);
      continue;
    }
    const ks = i.keySets.map((k) => `${plural(k.kids.length, "kid")}${k.staleSeconds > 0 ? ` stale ${k.staleSeconds} s` : ""}`).join("; ") || "-";
    const clock = Object.values(i.clockOffsets).map((v) => `${v > 0 ? "+" : ""}${v} s`).join(" ") || "-";
    const rejected = i.validations.total - i.validations.accepted;
    const [top, n] = Object.entries(i.validations.rejectedByCause)[0] ?? [];
    const rej = i.validations.total > 0 ? `${rejected}/${i.validations.total}${top ? ` ${top} ${n}` : ""}` : "-";
    rows.push([i.name, i.version ?? "-", i.fingerprints.join(",") || "-", ks, clock, rej].map((c) => cell(safe(c), 40)));
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const out = rows.map((r, k) => r.map((c, j) => (k === 0 ? s.bold(pad(c, widths[j])) : pad(c, widths[j]))).join("  ").trimEnd());
  out.push("");
  const differ = result.findings.filter((f) => f.disagrees);
  const notes = result.findings.filter((f) => !f.disagrees);
  if (differ.length === 0) out.push(s.green(`✓ the ${plural(result.instances.filter((i) => !i.error).length, "instance")} agree`));
  else out.push(s.red(`✗ ${plural(new Set(differ.flatMap((f) => f.instances)).size, "instance")} ${differ.length === 1 ? "differs" : "differ"}:`));
  for (const f of [...differ, ...notes]) {
    out.push(`${f.disagrees ? s.red("✗") : s.yellow("!")} ${safe(f.message)}`);
    for (const e of f.evidence) out.push(s.dim(`    ${safe(e)}`));
    out.push(`    → ${safe(f.fix)}`);
  }
  return `${out.join("\n")}\n`;
}
