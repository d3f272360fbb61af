/** The error `verify()` rejects with: `code` is the main cause, `report` the full diagnosis. */
export class JwtError extends Error {
  /**
   * @param {string} code the first error finding's code
   * @param {string} message its message
   * @param {object[]} findings every finding
   * @param {object|null} report the full report (safe to log)
   */
  constructor(code, message, findings = [], report = null) {
    super(message);
    this.name = "JwtError";
    this.code = code;
    this.findings = findings;
    this.report = report;
  }
}
