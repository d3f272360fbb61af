// The report as text to paste in a ticket: Markdown for people, JSON for machines (the report
// exactly as inspect() returns it, as `jwt-doctor inspect --json` prints it). Both are built from
// the report and the verifier's non-secret settings only: the report never holds the token
// (only its SHA-256 fingerprint), a secret or private key material, and nothing here adds them.
import { CHECK_LABELS, causeOf, causeText, statusOf, validSummary, verdictOf } from "./render.js";

const KEY_NAMES = {
  none: "none given",
  jwks: "a JWK Set",
  jwk: "a JWK",
  pem: "a PEM key or certificate",
  ssh: "an OpenSSH public key",
  secret: "an HMAC secret",
  url: "a URL given as the key",
};

const SEVERITY_WORDS = { error: "Error", warning: "Warning", info: "Info" };

/** A fenced block that no run of backticks inside `text` can close early. */
function fenced(lang, text) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

const oneLine = (text) => String(text).replace(/\s*\n\s*/g, " ");

/** The verifier's settings that are not secret: the key is named by its kind, never included. */
function verifierLines(options, keyClass) {
  const encoding = keyClass === "secret" ? ` (${options.secretEncoding ?? "utf8"})` : "";
  const bits = [`key: ${KEY_NAMES[keyClass] ?? keyClass}${encoding}, not included`];
  if (options.algorithms) bits.push(`algorithms: ${options.algorithms.join(", ")}`);
  for (const name of ["issuer", "audience", "subject", "typ"]) {
    const v = options[name];
    if (v !== undefined) bits.push(`${name}: ${[v].flat().map((x) => `\`${x}\``).join(", ")}`);
  }
  if (options.leeway !== undefined) bits.push(`leeway: ${options.leeway} s`);
  if (options.maxTokenAge !== undefined) bits.push(`maximum token age: ${options.maxTokenAge} s`);
  return bits.map((b) => `- ${b}`);
}

/**
 * @param {object} report  what inspect() returned
 * @param {{options: object, keyClass: string}} verifier  buildOptions()'s result for the form
 */
export function reportMarkdown(report, { options, keyClass }) {
  const verdict = verdictOf(report);
  const cause = causeOf(report);
  const out = [`### jwt-doctor: ${verdict.icon} ${verdict.text}`, ""];
  if (cause) {
    out.push(`**Main cause:** ${oneLine(causeText(cause))}  `);
    if (cause.hint) out.push(`**Fix:** ${oneLine(cause.hint)}`);
  } else out.push(...validSummary(report).map((l) => `${l}  `));
  out.push("", "| Check | Result |", "|---|---|");
  for (const c of report.checks) {
    const st = statusOf(c.status);
    out.push(`| ${CHECK_LABELS[c.check] ?? c.check} | ${st.icon} ${st.text}${c.code ? ` \`${c.code}\`` : ""} |`);
  }
  out.push("", "**Findings**", "");
  if (!report.findings.length) out.push("None.");
  report.findings.forEach((f, i) => {
    out.push(`${i + 1}. **${SEVERITY_WORDS[f.severity] ?? f.severity}** \`${f.code}\` (${CHECK_LABELS[f.check] ?? f.check}): ${oneLine(f.message)}${f.hint ? "  " : ""}`);
    if (f.hint) out.push(`   Hint: ${oneLine(f.hint)}`);
  });
  const t = report.token ?? {};
  out.push("", "**Token** (not included)", "");
  out.push(`- ${t.bytes} bytes${t.sha256 ? `, SHA-256 \`${t.sha256}\`` : ""}`);
  if (t.repaired?.length) out.push(`- repaired for analysis: ${t.repaired.join(", ")}`);
  const times = ["iat", "nbf", "exp"].filter((k) => report.times?.[k]).map((k) => `${k} ${report.times[k]}`);
  if (report.times?.now) out.push(`- judged at ${report.times.now}${times.length ? `; ${times.join(", ")}` : ""}`);
  out.push("", "**Header**", "", fenced("json", JSON.stringify(report.header, null, 2)));
  out.push("", "**Payload**", "", fenced("json", JSON.stringify(report.payload, null, 2)));
  out.push("", "**Verifier**", "", ...verifierLines(options, keyClass));
  return `${out.join("\n")}\n`;
}

/** The report as inspect() returns it (and `jwt-doctor inspect --json` prints it). */
export function reportJson(report) {
  return `${JSON.stringify(report, null, 2)}\n`;
}
