// The main cause of a rejection: the one place the CLI decides which finding explains a
// verdict. The core names it (`report.cause`); reports from a core without that field fall back
// to the first error. `findings[0]` is never the cause: it is often an info finding such as
// bearer_prefix.

const isError = (f) => f.severity === "error";

/**
 * The finding that makes `report` invalid, or null for a valid report: `report.cause`, else the
 * first error, else signature_unchecked (invalid only because no key was given).
 * @param {{ valid: boolean, cause?: object | null, findings: object[] }} report
 */
export function mainCause(report) {
  if (report.valid) return null;
  return report.cause ?? report.findings.find(isError) ?? report.findings.find((f) => f.code === "signature_unchecked") ?? null;
}

/** "code: message", naming the error it explains when the cause is another finding. */
export function causeText(cause) {
  const explains = cause.explains && cause.explains !== cause.code ? ` (the cause of ${cause.explains})` : "";
  return `${cause.code}${explains}: ${cause.message}`;
}
