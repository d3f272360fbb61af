//! The report of SPEC §3: verdict, decoded parts, signature facts, times, the fixed checklist
//! and the findings. Safe to log: it never holds a secret, private key material or the token.

use serde::Serialize;

use crate::findings::{Check, Code, Finding, Severity};
use crate::json::Object;

/// Collects findings; in `verify` mode it remembers the first error so the driver can stop.
#[derive(Debug, Default)]
pub struct Collector {
    findings: Vec<Finding>,
    stop_at_first_error: bool,
    defer_signature: bool,
    rejected_natively: usize,
    errored: bool,
}

impl Collector {
    /// A collector; `stop_at_first_error` is the `verify` driver.
    pub fn new(stop_at_first_error: bool) -> Self {
        Collector {
            findings: Vec::new(),
            stop_at_first_error,
            defer_signature: false,
            rejected_natively: 0,
            errored: false,
        }
    }

    /// The asymmetric signature primitive (RSA, ECDSA, EdDSA) is left to the caller (native
    /// crypto): the signature check picks the key and stops before any crypto. HMAC is always
    /// computed here.
    #[must_use]
    pub fn deferring_signature(mut self, defer: bool) -> Self {
        self.defer_signature = defer;
        self
    }

    /// Whether the signature primitive is left to the caller.
    pub fn defers_signature(&self) -> bool {
        self.defer_signature
    }

    /// With a deferred signature: native crypto already rejected the first `n` candidate keys
    /// the check would hand over, so it counts them as tried and failed and hands over the next
    /// one, or, when none is left, reports the failure as if it had verified them itself.
    #[must_use]
    pub fn rejected_natively(mut self, n: usize) -> Self {
        self.rejected_natively = n;
        self
    }

    /// How many deferred candidate keys native crypto already rejected.
    pub fn natively_rejected(&self) -> usize {
        self.rejected_natively
    }

    /// Adds a finding.
    pub fn push(&mut self, f: Finding) {
        self.errored |= f.severity == Severity::Error;
        self.findings.push(f);
    }

    /// True when the driver should stop: `verify` mode and an error was found.
    pub fn stop(&self) -> bool {
        self.stop_at_first_error && self.errored
    }

    /// Whether every check should run, including the expensive diagnoses.
    pub fn diagnosing(&self) -> bool {
        !self.stop_at_first_error
    }

    /// The findings in the order they were found.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// Adds findings, in order.
    pub fn extend(&mut self, findings: Vec<Finding>) {
        for f in findings {
            self.push(f);
        }
    }

    /// Adds a finding, if any.
    pub fn push_some(&mut self, finding: Option<Finding>) {
        if let Some(f) = finding {
            self.push(f);
        }
    }

    /// The findings ordered by check, then severity, keeping the order of discovery otherwise.
    ///
    /// One pass per distinct (check, severity) pair, at most a few dozen: a stable sort in a
    /// few hundred bytes of WebAssembly, where `sort_by_key` instantiated 5.6 KB of driftsort
    /// for `Finding`.
    pub fn into_sorted(self) -> Vec<Finding> {
        let keys: Vec<_> = self
            .findings
            .iter()
            .map(|f| (f.check, f.severity))
            .collect();
        let mut slots: Vec<Option<Finding>> = self.findings.into_iter().map(Some).collect();
        let mut sorted = Vec::with_capacity(slots.len());
        let mut next = keys.iter().min().copied();
        while let Some(key) = next {
            for (slot, k) in slots.iter_mut().zip(&keys) {
                if *k == key {
                    sorted.extend(slot.take());
                }
            }
            next = keys.iter().filter(|k| **k > key).min().copied();
        }
        sorted
    }
}

/// A check's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Checked and fine.
    Pass,
    /// An error finding.
    Fail,
    /// A warning finding.
    Warn,
    /// Not checked: the token has nothing to check (no such claim), or an earlier failure
    /// prevented it.
    Skip,
    /// Not checked because nothing was configured to compare with, though the token has
    /// something to check: no issuer, audience, subject, typ or required claims expected, no key
    /// given. Never a pass.
    Unchecked,
}

impl Status {
    /// The name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Skip => "skip",
            Status::Unchecked => "unchecked",
        }
    }
}

/// One row of the checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// Which check.
    pub check: Check,
    /// Its outcome.
    pub status: Status,
    /// The code of its first finding, if any.
    pub code: Option<Code>,
}

/// Facts about the token as received. Never the token itself.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TokenInfo {
    /// Bytes as received.
    pub bytes: usize,
    /// Base64url SHA-256 of the (repaired) token, to correlate logs without logging the token.
    pub sha256: Option<String>,
    /// The transit corruptions that were undone before analysis.
    pub repaired: Vec<&'static str>,
    /// The identity provider of the token's `iss`, when recognised (inspect only).
    pub provider: Option<crate::provider::Recognised>,
    /// The kind of that provider's token (`access`, `id`, `refresh`, `session_cookie`, `custom`,
    /// `anon_key`…), told by the claims the catalogue names (inspect only).
    pub kind: Option<&'static str>,
}

/// What happened to the signature.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureInfo {
    /// The header's alg as given.
    pub alg: Option<String>,
    /// True when a trusted key verified it.
    pub verified: bool,
    /// The kid of the key that verified.
    pub kid: Option<String>,
    /// How many keys were tried.
    pub keys_tried: usize,
    /// RFC 7638 thumbprint of the key that verified (asymmetric keys only).
    pub thumbprint: Option<String>,
    /// The index of the key that verified (or, with a deferred signature check, must verify)
    /// in the key or key set as imported.
    #[serde(skip)]
    pub key_index: Option<usize>,
}

/// The time claims as dates.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Times {
    /// The time the checks used.
    pub now: Option<String>,
    /// `exp` as ISO 8601.
    pub exp: Option<String>,
    /// Seconds until `exp` (negative when past).
    pub expires_in: Option<f64>,
    /// `nbf` as ISO 8601.
    pub nbf: Option<String>,
    /// `iat` as ISO 8601.
    pub iat: Option<String>,
}

/// The main cause of an invalid token: the first error, or, when a diagnosis explains that
/// error (the secret is encoded differently on each side, another key of the set verifies),
/// the explanation, whose hint is the fix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cause {
    /// The finding that names the cause.
    #[serde(flatten)]
    pub finding: Finding,
    /// The code of the error this finding explains (`null` when it is the error itself).
    pub explains: Option<Code>,
}

/// Diagnoses that explain an error, with the errors they explain.
const EXPLANATIONS: [(Code, &[Code]); 2] = [
    (
        Code::SecretEncodingMismatch,
        &[Code::SignatureInvalid, Code::SignatureLength],
    ),
    (
        Code::VerifiesWithOtherKey,
        &[
            Code::SignatureInvalid,
            Code::SignatureLength,
            Code::KidNotFound,
        ],
    ),
];

/// The main cause of the findings (sorted): `None` when no finding is an error.
pub fn cause_of(findings: &[Finding]) -> Option<Cause> {
    let error = findings.iter().find(|f| f.severity == Severity::Error)?;
    let explanation = EXPLANATIONS
        .iter()
        .filter(|(_, explained)| explained.contains(&error.code))
        .find_map(|(code, _)| findings.iter().find(|f| f.code == *code));
    Some(match explanation {
        Some(f) => Cause {
            finding: f.clone(),
            explains: Some(error.code),
        },
        None => Cause {
            finding: error.clone(),
            explains: None,
        },
    })
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// True iff a trusted key verified the signature and no finding is an error.
    pub valid: bool,
    /// The main cause when the token is invalid; what a person reads first.
    pub cause: Option<Cause>,
    /// Facts about the token as received.
    pub token: TokenInfo,
    /// The decoded header, when it decoded.
    pub header: Option<Object>,
    /// The decoded payload, when it decoded.
    pub payload: Option<Object>,
    /// Signature facts.
    pub signature: SignatureInfo,
    /// Time claims as dates.
    pub times: Times,
    /// The fixed checklist.
    pub checks: Vec<CheckResult>,
    /// Every finding, ordered by check then severity.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The first error finding: the main cause.
    pub fn first_error(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity == Severity::Error)
    }
}

/// Builds the checklist from the findings; `skipped` lists checks that did not run, `unchecked`
/// those with nothing configured to compare with (see [`Status::Unchecked`]). A signature
/// check that ran without verifying fails with the key or algorithm error that stopped it
/// (`kid_not_found`, `alg_confusion`…), so the checklist never shows it passing.
pub fn checklist(
    findings: &[Finding],
    skipped: &[Check],
    unchecked: &[Check],
    signature_verified: bool,
) -> Vec<CheckResult> {
    Check::ALL
        .iter()
        .map(|&check| {
            let mine = || findings.iter().filter(move |f| f.check == check);
            let first = |sev: Severity| mine().find(|f| f.severity == sev).map(|f| f.code);
            let (status, code) = if let Some(code) = first(Severity::Error) {
                (Status::Fail, Some(code))
            } else if let Some(code) = first(Severity::Warning) {
                (Status::Warn, Some(code))
            } else if skipped.contains(&check) {
                (Status::Skip, mine().next().map(|f| f.code))
            } else if unchecked.contains(&check) {
                (Status::Unchecked, mine().next().map(|f| f.code))
            } else {
                (Status::Pass, mine().next().map(|f| f.code))
            };
            let (status, code) = match (check, status) {
                (Check::Signature, Status::Pass) if !signature_verified => {
                    let blocking = findings
                        .iter()
                        .find(|f| {
                            f.severity == Severity::Error
                                && matches!(f.check, Check::Algorithm | Check::Key)
                        })
                        .map(|f| f.code);
                    (
                        if blocking.is_some() {
                            Status::Fail
                        } else {
                            Status::Skip
                        },
                        blocking.or(code),
                    )
                }
                other => (other.1, code),
            };
            CheckResult {
                check,
                status,
                code,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    use crate::inspect::inspect;
    use crate::policy::Policy;

    fn report(token: &str, options: &str) -> crate::report::Report {
        inspect(token, &Policy::from_json(options, 0.0).expect("options"))
    }

    fn status(r: &crate::report::Report, check: &str) -> &'static str {
        r.checks
            .iter()
            .find(|c| c.check.as_str() == check)
            .map(|c| c.status.as_str())
            .unwrap_or("missing")
    }

    const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const A1_KEY: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;

    /// A check with nothing configured to compare with is "unchecked", never a pass, and a
    /// valid verdict says what it did not enforce.
    #[test]
    fn nothing_configured_is_unchecked_not_a_pass() {
        let r = report(A1, &format!(r#"{{"key":{A1_KEY},"now":1300819000}}"#));
        assert!(r.valid);
        // the token has an iss; it has no aud or sub: nothing to check there at all
        for check in ["iss", "typ", "required"] {
            assert_eq!(status(&r, check), "unchecked", "{check}");
        }
        for check in ["aud", "sub"] {
            assert_eq!(status(&r, check), "skip", "{check}");
        }
        assert_eq!(status(&r, "algorithm"), "warn");
        assert_eq!(status(&r, "key"), "pass");
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["algorithms_unpinned"]);
        assert!(r.cause.is_none());

        let pinned = report(
            A1,
            &format!(
                r#"{{"key":{A1_KEY},"algorithms":["HS256"],"issuer":"joe","now":1300819000}}"#
            ),
        );
        assert!(pinned.findings.is_empty());
        assert_eq!(status(&pinned, "iss"), "pass");
        assert_eq!(status(&pinned, "algorithm"), "pass");

        let keyless = report(A1, r#"{"now":1300819000}"#);
        assert_eq!(status(&keyless, "key"), "unchecked");
        assert_eq!(status(&keyless, "signature"), "warn");
    }

    /// The main cause is the error, or the diagnosis that explains it, with its fix.
    #[test]
    fn the_cause_is_the_explanation_when_a_diagnosis_has_one() {
        use crate::findings::Code;
        use crate::verify::hmac::mac;
        use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
        use base64::Engine as _;
        let secret = B64.encode("a secret of thirty-two bytes ...");
        let input = format!(
            "{}.{}",
            B64.encode(r#"{"alg":"HS256"}"#),
            B64.encode(r#"{"sub":"x"}"#)
        );
        let sig = mac(
            crate::alg::Hash::Sha256,
            &B64.decode(&secret).expect("b64"),
            input.as_bytes(),
        );
        let token = format!("{input}.{}", B64.encode(sig));
        let options = format!(r#"{{"key":"{secret}","algorithms":["HS256"]}}"#);
        let r = report(&token, &options);
        let cause = r.cause.as_ref().expect("invalid");
        assert_eq!(cause.finding.code, Code::SecretEncodingMismatch);
        assert_eq!(cause.explains, Some(Code::SignatureInvalid));
        let json = serde_json::to_value(&r).expect("json");
        assert_eq!(json["cause"]["code"], "secret_encoding_mismatch");
        assert_eq!(json["cause"]["explains"], "signature_invalid");
        assert_eq!(json["cause"]["hint"], Code::SecretEncodingMismatch.hint());

        let expired = report(
            A1,
            &format!(r#"{{"key":{A1_KEY},"algorithms":["HS256"],"now":1400000000}}"#),
        );
        let cause = expired.cause.as_ref().expect("expired");
        assert_eq!((cause.finding.code, cause.explains), (Code::Expired, None));
    }
}
