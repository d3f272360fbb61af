// The catalogue's hints for the findings the WebAssembly core sends: the module leaves a
// finding's default hint empty (src/findings.rs `default_hint`) and every finding that crosses
// into JavaScript gets it here, from FINDINGS, the same catalogue. A hint of the finding's own
// (alg_not_allowed next to an algorithm confusion, a provider's fix…) is kept.
import { FINDINGS } from "./findings.js";

const HINTS = new Map(FINDINGS.map((f) => [f.code, f.hint]));

/** Fills the default hint of one finding (in place); returns it. */
export function withHint(finding) {
  if (finding && !finding.hint) finding.hint = HINTS.get(finding.code) ?? "";
  return finding;
}

/** Fills the default hints of a list of findings (in place); returns it. */
export function withHints(findings) {
  if (Array.isArray(findings)) for (const f of findings) withHint(f);
  return findings;
}
