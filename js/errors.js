// The two errors of the package: a token that is rejected (JwtError, a 401) and a verifier that
// cannot work (JwtConfigError, a 500 or, for a key set that could not be fetched, a 503).

import { withHints } from "./hints.js";

/**
 * The error `verify()` rejects a token with. `code` and `finding` are the main cause, found at
 * the cost of the checks that ran (at most one signature check per candidate key); `findings`
 * are those found so far. `report` is the full diagnosis (every other key of the set tried,
 * secret encodings, forgery proof), computed when first read and then kept: logging it is a
 * choice, not a tax on every rejected token.
 */
export class JwtError extends Error {
  #report;
  #diagnose;
  #findings;
  #finding;
  #pending = null; // amendments waiting for the findings to be parsed

  /**
   * @param {string} code the main finding's code
   * @param {string} message its message
   * @param {object[]|string} [findings] the findings found so far (or their JSON text, parsed
   *   when first read)
   * @param {object|null|(() => object)} [report] the full report, or how to compute it
   * @param {object} [finding] the main finding (default: the first error of `findings`, found
   *   when first read)
   */
  constructor(code, message, findings = [], report = null, finding) {
    // No stack trace: a rejected token is an outcome, not a bug, and capturing the frames
    // would cost half of what rejecting a token costs (the flood this error must be cheap in).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = "JwtError";
    /** Always "token": the token is rejected; the verifier works. */
    this.kind = "token";
    this.code = code;
    this.#findings = findings;
    this.#finding = finding;
    if (typeof report === "function") this.#diagnose = report;
    else this.#report = report;
  }

  /** The findings found before verify() stopped (warnings included), in check order. */
  get findings() {
    if (typeof this.#findings === "string") {
      this.#findings = withHints(JSON.parse(this.#findings));
      const pending = this.#pending;
      this.#pending = null;
      if (pending) for (const fn of pending) fn(this.finding);
    }
    return this.#findings;
  }

  set findings(value) {
    this.#findings = value;
  }

  /** The main cause (the first error finding), with its hint. */
  get finding() {
    this.#finding ??= this.findings.find((f) => f.severity === "error") ?? this.findings[0] ?? null;
    return this.#finding;
  }

  set finding(value) {
    this.#finding = value;
  }

  /** code, kind, finding and findings, for JSON.stringify (report stays out: it is a choice). */
  toJSON() {
    return { name: this.name, kind: this.kind, code: this.code, message: this.message, finding: this.finding, findings: this.findings };
  }

  /**
   * The full diagnosis, computed when first read; null for `decode()`. It holds no secret and
   * not the token, but it does hold the decoded claims (personal data, often): the middleware
   * logs a copy without them (`logClaims` to keep some).
   */
  get report() {
    if (this.#report === undefined) {
      const diagnose = this.#diagnose;
      this.#diagnose = undefined;
      this.#report = diagnose ? diagnose() : null;
    }
    return this.#report;
  }

  set report(value) {
    this.#diagnose = undefined;
    this.#report = value;
  }

  /**
   * Applies `fn` to the main finding and to the findings of the full report with the same code,
   * when they are first read (what the caller knows that the core did not: a remote key set's
   * age, whether it was refetched); nothing is parsed until then, so a flood of rejections
   * pays nothing for it. `fn` amends a finding in place. Returns this error.
   * @param {(finding: object) => void} fn
   */
  amend(fn) {
    const code = this.code;
    if (typeof this.#findings === "string" && this.#finding === undefined) (this.#pending ??= []).push(fn);
    else if (this.finding) fn(this.finding);
    const inReport = (report) => {
      if (!report) return report;
      for (const f of report.findings ?? []) if (f.code === code) fn(f);
      if (report.cause?.code === code) fn(report.cause);
      return report;
    };
    const diagnose = this.#diagnose;
    if (diagnose) this.#diagnose = () => inReport(diagnose());
    else inReport(this.#report);
    return this;
  }
}

/**
 * The error of a verifier that cannot work, whatever the token: a key that cannot be read, a
 * CryptoKey that cannot verify signatures, a JWK Set URL that is down or answers something
 * other than a JWK Set. Not the token's fault: answer 500 (503 when `transient`), never 401.
 */
export class JwtConfigError extends Error {
  /**
   * @param {object} finding what is wrong, as a finding (`code`, `message`, `hint`, `detail`)
   * @param {{ transient?: boolean, retryAfter?: number, cause?: unknown }} [options]
   */
  constructor(finding, { transient = false, retryAfter, cause } = {}) {
    super(finding.message, cause === undefined ? undefined : { cause });
    this.name = "JwtConfigError";
    /** Always "config": the verifier's configuration (or its key source) is at fault. */
    this.kind = "config";
    this.code = finding.code;
    /** `detail.reason` of the finding: "jwks_unavailable", "der", "crypto_key"… */
    this.reason = finding.detail?.reason ?? null;
    /** True when retrying later may work (a key set that could not be fetched). */
    this.transient = transient;
    /** Transient errors: seconds until the key source is tried again (an HTTP Retry-After). */
    this.retryAfter = transient ? (retryAfter ?? 30) : null;
    this.finding = finding;
    this.findings = [finding];
  }
}

/** A `key_invalid` finding made on the JavaScript side (key sources the core never sees). */
export function keyFinding(reason, message, hint, detail = {}) {
  return { code: "key_invalid", severity: "error", check: "key", message, hint, detail: { reason, ...detail } };
}
