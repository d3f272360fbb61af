//! The wire forms of what crosses into JavaScript: the report as JSON text with a compact
//! checklist, and the packed answer of the `verify` fast path. Only the bindings and the
//! wrapper (`js/api.js`, `js/runtime.js`) know them.

use serde::Serialize;

use crate::findings::Finding;
use crate::json::Object;
use crate::report::{Cause, Report, SignatureInfo, Times, TokenInfo};

/// The report as it crosses into JavaScript (as JSON text): the same members, except that the
/// checklist is one string of `check status [code]` rows joined by commas, which the wrapper
/// expands into `{ check, status, code }` objects. `JSON.parse` builds a dozen small objects
/// several times slower than the wrapper builds them from that string (about half of a
/// report's parse time).
#[derive(Serialize)]
pub(super) struct WireReport<'a> {
    valid: bool,
    cause: &'a Option<Cause>,
    token: &'a TokenInfo,
    header: &'a Option<Object>,
    payload: &'a Option<Object>,
    signature: &'a SignatureInfo,
    times: &'a Times,
    checks: String,
    findings: &'a [Finding],
}

/// The report in its wire form.
pub(super) fn wire(report: &Report) -> WireReport<'_> {
    let mut checks = String::with_capacity(report.checks.len() * 16);
    for (i, c) in report.checks.iter().enumerate() {
        if i > 0 {
            checks.push(',');
        }
        checks.push_str(c.check.as_str());
        checks.push(' ');
        checks.push_str(c.status.as_str());
        if let Some(code) = c.code {
            checks.push(' ');
            checks.push_str(code.as_str());
        }
    }
    WireReport {
        valid: report.valid,
        cause: &report.cause,
        token: &report.token,
        header: &report.header,
        payload: &report.payload,
        signature: &report.signature,
        times: &report.times,
        checks,
        findings: &report.findings,
    }
}

/// The answer of `Verifier.check` for a token that is not rejected outright: one `i32`, so
/// that the fast path crosses the boundary once. Bit 0: there are findings (warnings to
/// surface); bit 1: the signature is left to native crypto; bit 2: an error was found after
/// the signature (reported once native crypto verifies it); bits 3–6: the algorithm's index in
/// `ALGORITHMS`; from bit 7: the index of the key to verify with. -1 rejects.
pub(super) struct Answer {
    pub key_index: i32,
    pub alg: i32,
    pub error_after_signature: bool,
    pub deferred: bool,
    pub findings: bool,
}

/// The largest key index the packed answer carries.
pub(super) const MAX_KEY_INDEX: i32 = i32::MAX >> 7;

impl Answer {
    /// The packed form.
    pub(super) fn pack(&self) -> i32 {
        self.key_index << 7
            | self.alg << 3
            | i32::from(self.error_after_signature) << 2
            | i32::from(self.deferred) << 1
            | i32::from(self.findings)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{wire, Answer, MAX_KEY_INDEX};

    /// The bits js/api.js reads: `code >> 7` the key, `(code >> 3) & 15` the algorithm,
    /// `code & 1` the findings.
    #[test]
    fn answer_packs_what_the_wrapper_unpacks() {
        let packed = Answer {
            key_index: MAX_KEY_INDEX - 1,
            alg: 15,
            error_after_signature: true,
            deferred: false,
            findings: true,
        }
        .pack();
        assert!(packed >= 0, "a packed answer is never the rejection -1");
        assert_eq!(packed >> 7, MAX_KEY_INDEX - 1);
        assert_eq!((packed >> 3) & 15, 15);
        assert_eq!((packed >> 2) & 1, 1);
        assert_eq!((packed >> 1) & 1, 0);
        assert_eq!(packed & 1, 1);
    }
    use crate::inspect::inspect;
    use crate::policy::Policy;

    /// What the JavaScript wrapper does with the wire form (`expandChecks` in js/api.js).
    fn expand(mut wire: Value) -> Value {
        let rows = wire["checks"].as_str().unwrap_or_default().to_string();
        wire["checks"] = rows
            .split(',')
            .map(|row| {
                let mut cols = row.split(' ');
                json!({
                    "check": cols.next(),
                    "status": cols.next(),
                    "code": cols.next(),
                })
            })
            .collect();
        wire
    }

    /// The wire form, expanded, is the report: same members, same values, same order.
    #[test]
    fn wire_form_expands_to_the_report() {
        const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let key = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
        for (token, options) in [
            (
                A1,
                format!(r#"{{"key":{key},"algorithms":["HS256"],"now":1300819000}}"#),
            ),
            (
                A1,
                format!(
                    r#"{{"key":{key},"algorithms":["RS256"],"now":1300819999,"audience":"x"}}"#
                ),
            ),
            ("Bearer not.a.token", "{}".to_string()),
            ("", "{}".to_string()),
        ] {
            let report = inspect(token, &Policy::from_json(&options, 0.0).expect("options"));
            let plain = serde_json::to_string(&report).expect("report");
            let wire = serde_json::to_value(wire(&report)).expect("wire");
            assert_eq!(
                serde_json::to_string(&expand(wire)).expect("expanded"),
                plain,
                "{token} {options}"
            );
        }
    }
}
