// `jwt-doctor inspect --stack NAME`: the fixes of fixFor() printed under the findings, each
// snippet indented as it would be pasted.

import { FIX_STACKS } from "../fix.js";
import { UsageError } from "./usage.js";

/** The --stack value, checked: one of FIX_STACKS, or undefined. */
export function stackOption(value) {
  if (value === undefined || FIX_STACKS.includes(value)) return value;
  throw new UsageError(`--stack takes ${FIX_STACKS.join(", ")}, not ${JSON.stringify(value.slice(0, 40))}`);
}

/** What fixFor() needs beyond the report: the options used, and a JWKS URL given on the line. */
export function fixContext(options, values) {
  const url = typeof values.jwks === "string" && /^https?:\/\//i.test(values.jwks) ? values.jwks : undefined;
  return url ? { options, jwksUrl: url } : { options };
}

/**
 * The fixes as text.
 * @param {object[]} fixes what fixFor() returned
 * @param {string} stack
 * @param {object} s a style from makeStyle()
 */
export function renderFixes(fixes, stack, s) {
  const out = ["", s.bold(`fixes for ${stack}`)];
  if (!fixes.length) {
    out.push(s.dim("  none: no finding here is a verifier setting"));
    return `${out.join("\n")}\n`;
  }
  for (const f of fixes) {
    out.push(`  ${s.bold(f.code)}  ${f.snippet === null ? `${s.yellow("no code:")} ` : ""}${f.note}`);
    if (f.snippet !== null) {
      out.push(s.dim(`    ${f.language}`));
      for (const line of f.snippet.split("\n")) out.push(`    ${s.cyan(line)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
