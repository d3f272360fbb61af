// `jwt-doctor compare TOKEN --config a.json --config b.json ...`: one token, several verifier
// configurations, one column each; the rows that differ are marked, and each configuration
// that rejects the token gets a one-line answer.

import { basename, dirname, extname, resolve } from "node:path";
import { inspect } from "../index.node.js";
import { instant, parse } from "./args.js";
import { tokenArgument } from "./input.js";
import { checkKeyReadable, fetchJwks, isUrl, loadJwksFile, loadKeyFile, loadSecretFile, readFileFor, secretKey } from "./keys.js";
import { causeText, mainCause } from "./cause.js";
import { plural, statusMark } from "./render.js";
import { colourWanted, makeStyle, pad, visibleLength } from "./style.js";
import { HELP, UsageError } from "./usage.js";
import { inspectOrUsage } from "./verifier.js";

const OPTIONS = {
  config: { type: "string", multiple: true },
  now: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/**
 * Reads one configuration file into `{ name, options }`: inspect options, with keyFile,
 * secretFile and jwksFile resolved relative to the file (read as --key, --secret-file and
 * --jwks read theirs), `jwksUrl` (or `jwks` as an http(s) URL) fetched as --jwks URL is, `now`
 * accepted as ISO 8601 and `clockOffset` (seconds, the page's compare field) added to the
 * configuration's clock. A key the core cannot read is a usage error; a key set URL that cannot
 * be fetched exits 3.
 */
export async function loadConfig(path, defaultNow) {
  const where = `--config ${path}`;
  let value;
  try {
    value = JSON.parse(readFileFor("--config", path).toString("utf8"));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${where}: not valid JSON (${e.message.split("\n")[0]})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${where}: a configuration is a JSON object of inspect options`);
  }
  const options = { ...value };
  const base = dirname(resolve(path));
  const file = (name) => {
    const value = options[name];
    delete options[name];
    if (typeof value !== "string") throw new UsageError(`${where}: "${name}" must be a path`);
    return resolve(base, value);
  };
  const keyFields = ["key", "keyFile", "secretFile"].filter((k) => options[k] !== undefined);
  if (keyFields.length > 1) throw new UsageError(`${where}: give one of "key", "keyFile" and "secretFile", not ${keyFields.map((k) => `"${k}"`).join(" and ")}`);
  if (options.keyFile !== undefined) {
    const loaded = loadKeyFile(`${where}: keyFile`, file("keyFile"), '"secretFile"');
    if (loaded.jwks && options.jwks !== undefined) throw new UsageError(`${where}: keyFile holds a JWK Set and "jwks" is given too`);
    Object.assign(options, loaded);
  }
  if (options.secretFile !== undefined) {
    options.key = secretKey(loadSecretFile(`${where}: secretFile`, file("secretFile"), '"keyFile"'), options.secretEncoding);
  }
  const sets = ["jwks", "jwksFile", "jwksUrl"].filter((k) => options[k] !== undefined);
  if (sets.length > 1) throw new UsageError(`${where}: give one of "jwks", "jwksFile" and "jwksUrl", not ${sets.map((k) => `"${k}"`).join(" and ")}`);
  if (options.jwksFile !== undefined) {
    options.jwks = loadJwksFile(`${where}: jwksFile`, file("jwksFile"), '"keyFile"');
  }
  let url = options.jwksUrl;
  delete options.jwksUrl;
  if (url === undefined && typeof options.jwks === "string" && isUrl(options.jwks)) url = options.jwks;
  if (url !== undefined) {
    if (typeof url !== "string" || !isUrl(url)) throw new UsageError(`${where}: "jwksUrl" must be an http(s) URL`);
    options.jwks = await fetchJwks(`${where}: jwksUrl`, url);
  }
  checkKeyReadable(where, options);
  const offset = options.clockOffset;
  delete options.clockOffset;
  if (offset !== undefined && (typeof offset !== "number" || !Number.isFinite(offset))) {
    throw new UsageError(`${where}: "clockOffset" must be a number of seconds (the configuration's clock minus the real one)`);
  }
  if (typeof options.now === "string") options.now = instant(`${where}: "now"`, options.now);
  if (options.now === undefined && defaultNow !== undefined) options.now = defaultNow;
  if (offset && options.now !== undefined) options.now += offset;
  return { name: basename(path, extname(path)), options, jwksUrl: url ?? null };
}

/** The first error finding (the --json field `firstError`; the cause is `cause`). */
function firstError(report) {
  return report.findings.find((f) => f.severity === "error") ?? null;
}

/**
 * The one-line answer for a configuration that rejects the token, from its main cause. `others`
 * ({ name, report }) are the other configurations: a kid missing from this one's key set is
 * called stale only when another configuration's key set has it.
 */
export function answer(name, report, others = []) {
  const f = mainCause(report);
  if (!f) return `rejected by ${name}: the signature was not verified`;
  const d = f.detail ?? {};
  switch (f.code) {
    case "kid_not_found": {
      const has = others.filter((o) => o.report.signature?.kid === d.kid && o.report.signature?.verified).map((o) => o.name);
      const which = Array.isArray(d.available) && d.available.length ? `, which has ${d.available.map((k) => JSON.stringify(k)).join(", ")}` : "";
      const why = has.length
        ? `; ${has.join(" and ")} ${has.length === 1 ? "has" : "have"} it and verified: ${name}'s key set is the stale one (a cached copy?)`
        : others.length ? "; no configuration's key set has it: the signer's key is not published" : "";
      return `rejected by ${name}: kid ${JSON.stringify(d.kid)} is not in ${name}'s key set${which}${why}`;
    }
    case "expired":
    case "not_yet_valid":
    case "issued_in_future":
    case "token_too_old":
      return `rejected by ${name}: ${f.message}, judged at ${report.times?.now ?? "?"} (clock or leeway?)`;
    default:
      return `rejected by ${name}: ${f.explains && f.explains !== f.code ? causeText(f) : f.message}`;
  }
}

/** The checks whose status or code differ between reports (plus "valid" when verdicts do). */
export function differingChecks(reports) {
  const names = reports[0].checks.map((c) => c.check);
  return names.filter((name, i) => {
    const cells = reports.map((r) => `${r.checks[i].status}:${r.checks[i].code ?? ""}`);
    return cells.some((c) => c !== cells[0]);
  });
}

function cell(check, s) {
  return `${statusMark(check.status, s)}${check.code ? ` ${check.code}` : ""}`;
}

/** Runs the command; resolves to the exit status. */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.compare}\n`);
    return 0;
  }
  const configs = values.config ?? [];
  if (configs.length < 1) throw new UsageError("compare needs at least one --config FILE (two or more to compare; try --help)");
  const now = instant("--now", values.now) ?? Math.floor(Date.now() / 1000);
  const loaded = [];
  for (const p of configs) loaded.push(await loadConfig(p, now));
  const seen = new Map();
  for (const c of loaded) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    if (n > 1) c.name = `${c.name}#${n}`;
  }
  const token = await tokenArgument(positionals[0], "compare");
  const reports = loaded.map((c) => inspectOrUsage(inspect, token, c.options, `--config ${c.name}: `));
  const differs = differingChecks(reports);

  if (values.json) {
    const out = {
      configs: loaded.map((c, i) => ({ name: c.name, valid: reports[i].valid, cause: mainCause(reports[i]), firstError: firstError(reports[i]), checks: reports[i].checks })),
      differs,
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const s = makeStyle(colourWanted(io.stdout));
    const names = reports[0].checks.map((c) => c.check);
    const first = Math.max(9, ...names.map((n) => n.length)) + 2;
    const cells = reports.map((r) => r.checks.map((c) => cell(c, s)));
    const verdicts = reports.map((r) => (r.valid ? s.green("✓ valid") : s.red("✗ invalid")));
    const widths = loaded.map((c, i) => Math.max(c.name.length, ...cells[i].map((x) => visibleLength(x)), 9) + 2);
    const lines = [];
    lines.push(`  ${pad("", first)}${loaded.map((c, i) => s.bold(pad(c.name, widths[i]))).join("")}`.trimEnd());
    names.forEach((name, row) => {
      const diff = differs.includes(name);
      const mark = diff ? s.yellow("≠ ") : "  ";
      const label = diff ? s.bold(s.yellow(pad(name, first))) : pad(name, first);
      lines.push(`${mark}${label}${cells.map((c, i) => pad(c[row], widths[i])).join("")}`.trimEnd());
    });
    const verdictDiff = reports.some((r) => r.valid !== reports[0].valid);
    lines.push(`${verdictDiff ? s.yellow("≠ ") : "  "}${s.bold(pad("verdict", first))}${verdicts.map((v, i) => pad(v, widths[i])).join("")}`.trimEnd());
    lines.push("");
    const rejecting = reports.map((r, i) => [r, loaded[i].name]).filter(([r]) => !r.valid);
    if (rejecting.length === 0) {
      lines.push(s.green(reports.length === 1 ? `accepted by ${loaded[0].name}, the only configuration` : `accepted by all ${plural(reports.length, "configuration")}`));
    }
    for (const [r, name] of rejecting) {
      lines.push(answer(name, r, reports.map((o, i) => ({ name: loaded[i].name, report: o })).filter((o) => o.report !== r)));
    }
    io.stdout.write(`${lines.join("\n")}\n`);
  }
  return reports.every((r) => r.valid) ? 0 : 1;
}
