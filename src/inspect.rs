//! The driver: runs every check in order over one token. Two channels over one
//! implementation: [`inspect`] collects every finding; [`verify`] stops at the first error and
//! skips the diagnoses that only explain a failure. The checklist's skipped rows follow from
//! how far the checks got ([`Ran`]).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::claims::{check_claims, check_times};
use crate::findings::{Check, Code, Finding};
use crate::header::{check_header, not_allowed};
use crate::json::{parse_object, Object};
use crate::policy::Policy;
use crate::provider::SigningContext;
use crate::report::{cause_of, checklist, Collector, Report, SignatureInfo, Times, TokenInfo};
use crate::signature::{check_signature, confusion, cut_short, Keys};
use crate::time::iso8601;
use crate::token::{decode_part, looks_like_key, repair, split, Part};

/// What the driver is run for. Each purpose fixes how it runs (see the methods).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `inspect`: every check, transit corruption repaired and explained, the display extras.
    Inspect,
    /// `inspect` for a summary (triage): every check, no display extras.
    Summary,
    /// `verify`: stop at the first error, the token taken exactly as issued.
    Verify,
    /// `verify` with the RSA, ECDSA and EdDSA primitives left to native crypto.
    VerifyDeferred,
    /// The full diagnosis of a token `verify` rejected: every check, the token as issued.
    Diagnose,
}

impl Mode {
    /// Stop at the first error and skip the diagnoses that only explain a failure.
    pub fn stops_at_first_error(self) -> bool {
        matches!(self, Mode::Verify | Mode::VerifyDeferred)
    }

    /// Every transit corruption, even a single `Bearer ` prefix, is an error: `verify` takes
    /// the token as issued; `inspect` repairs it and says what it repaired.
    pub fn strict_transit(self) -> bool {
        !matches!(self, Mode::Inspect | Mode::Summary)
    }

    /// The asymmetric signature primitive is left to the caller (native crypto): the report
    /// says which key to verify with (`signature.key_index`) instead of verifying. HMAC is
    /// always verified here (`signature.verified` tells which happened).
    pub fn defers_signature(self) -> bool {
        self == Mode::VerifyDeferred
    }

    /// Fill what only a displayed report needs: the token fingerprint, ISO times, the
    /// checklist and the cause.
    pub fn extras(self) -> bool {
        matches!(self, Mode::Inspect | Mode::Diagnose)
    }
}

/// Inspects a token: every check, every finding. Never fails: problems are findings.
pub fn inspect(received: &str, policy: &Policy) -> Report {
    run(received, policy, Mode::Inspect)
}

/// Verifies a token on the production path: stops at the first error.
pub fn verify(received: &str, policy: &Policy) -> Report {
    run(received, policy, Mode::Verify)
}

/// Runs the checks in `mode`.
pub fn run(received: &str, p: &Policy, mode: Mode) -> Report {
    run_verification(received, p, mode, 0).report
}

/// What the `verify` path hands its caller besides the report.
#[derive(Debug)]
pub struct Verification {
    /// The report.
    pub report: Report,
    /// The header and payload JSON text as the token carries them, when both decode: what
    /// `verify` returns (its caller parses them).
    pub json: Option<(String, String)>,
    /// With [`Mode::VerifyDeferred`], the decoded signature native crypto must verify with the
    /// key at `report.signature.key_index`.
    pub deferred_signature: Option<Vec<u8>>,
}

/// Runs the checks in `mode` after native crypto rejected the first `rejected_natively`
/// candidate keys of a deferred signature check: the
/// next candidate is handed over, or, when none is left, the failure is reported.
pub fn run_verification(
    received: &str,
    p: &Policy,
    mode: Mode,
    rejected_natively: usize,
) -> Verification {
    let mut out = Collector::new(mode.stops_at_first_error())
        .deferring_signature(mode.defers_signature())
        .rejected_natively(rejected_natively);
    let mut v = Verification {
        report: Report {
            valid: false,
            cause: None,
            token: TokenInfo {
                bytes: received.len(),
                sha256: None,
                repaired: Vec::new(),
                provider: None,
                kind: None,
            },
            header: None,
            payload: None,
            signature: SignatureInfo::default(),
            times: Times {
                now: if mode.stops_at_first_error() {
                    None
                } else {
                    iso8601(p.now)
                },
                ..Times::default()
            },
            checks: Vec::new(),
            findings: Vec::new(),
        },
        json: None,
        deferred_signature: None,
    };
    let ran = analyse(received, p, mode, &mut out, &mut v);
    let findings = out.into_sorted();
    let report = &mut v.report;
    if mode.extras() {
        // the verify path never returns its report: no checklist to draw, no cause to name
        report.checks = checklist(
            &findings,
            &ran.skipped(p),
            &unconfigured(p),
            report.signature.verified,
        );
        report.cause = cause_of(&findings);
    }
    report.valid = report.signature.verified
        && !findings
            .iter()
            .any(|f| f.severity == crate::findings::Severity::Error);
    report.findings = findings;
    v
}

/// The checks with nothing configured to compare with: "not checked", never a pass.
fn unconfigured(p: &Policy) -> Vec<Check> {
    [
        (Check::Key, p.key.is_none() && p.jwks.is_none()),
        (Check::Iss, p.issuer.is_none()),
        (Check::Aud, p.audience.is_none()),
        (Check::Sub, p.subject.is_none()),
        (Check::Typ, p.typ.is_none()),
        (Check::Required, p.required_claims.is_empty()),
    ]
    .into_iter()
    .filter_map(|(check, unset)| unset.then_some(check))
    .collect()
}

/// How far the checks got: what the checklist's "skipped" rows are computed from.
#[derive(Default)]
struct Ran {
    /// The header decoded: the algorithm, typ and crit checks ran.
    header: bool,
    /// The algorithm is a known, secured one: the key check ran.
    alg: bool,
    /// The signature check ran (keys were selected).
    signature: bool,
    /// Which of the optional claims the payload has, when the claim checks ran.
    claims: Option<Claims>,
}

/// The optional claims a payload has.
struct Claims {
    nbf: bool,
    iat: bool,
    iss: bool,
    aud: bool,
    sub: bool,
}

impl Ran {
    /// The checks that did not run: every check after `format` that the token never reached,
    /// and the claim checks with neither a claim nor an expectation.
    fn skipped(&self, p: &Policy) -> Vec<Check> {
        let has = |claim: fn(&Claims) -> bool| self.claims.as_ref().is_some_and(claim);
        let claims = self.claims.is_some();
        Check::ALL
            .iter()
            .copied()
            .filter(|check| match check {
                Check::Format => false,
                Check::Algorithm | Check::Typ | Check::Crit => !self.header,
                Check::Key => !self.alg,
                Check::Signature => !self.signature,
                Check::Exp | Check::Required => !claims,
                Check::Nbf => !has(|c| c.nbf),
                Check::Iat => !(has(|c| c.iat) || claims && p.max_token_age.is_some()),
                Check::Iss => !(claims && (p.issuer.is_some() || has(|c| c.iss))),
                Check::Aud => !(claims && (p.audience.is_some() || has(|c| c.aud))),
                Check::Sub => !(claims && (p.subject.is_some() || has(|c| c.sub))),
            })
            .collect()
    }
}

fn sha256_b64(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// The token as received is not a token at all: too large, or a key pasted where the token
/// belongs.
fn not_a_token(received: &str, p: &Policy) -> Option<Finding> {
    if received.len() > p.max_token_bytes {
        return Some(
            Finding::new(
                Code::TokenTooLarge,
                format!(
                    "the token has {} bytes, more than maxTokenBytes ({})",
                    received.len(),
                    p.max_token_bytes
                ),
            )
            .with("bytes", received.len())
            .with("limit", p.max_token_bytes),
        );
    }
    let kind = looks_like_key(received)?;
    Some(
        Finding::new(Code::MalformedToken, format!("this is {kind}, not a token"))
            .hint("paste the token (header.payload.signature) here, and give the key as the key (options.key or jwks; the CLI's --key or --jwks)")
            .with("reason", "key_not_token")
            .with("key", kind),
    )
}

/// The transit findings (a `Bearer ` prefix, whitespace, quotes…), made whole once the
/// signature check says whether the repaired token verifies; with a strict driver, the error
/// that refuses a token altered in transit.
fn transit_findings(
    findings: Vec<Finding>,
    mode: Mode,
    repaired_verifies: Option<bool>,
) -> Vec<Finding> {
    let refuse = mode.strict_transit()
        && !findings.is_empty()
        && !findings
            .iter()
            .any(|f| f.severity == crate::findings::Severity::Error);
    let refusal = findings.first().filter(|_| refuse).map(|first| {
        let code = first.code.as_str();
        Finding::new(
            Code::MalformedToken,
            format!("verify() takes the token exactly as issued; this one arrived altered in transit ({code})"),
        )
        .hint("read Authorization headers with tokenFromAuthorization(), which strips exactly one \"Bearer \"")
        .with("reason", code)
    });
    let mut made: Vec<Finding> = match repaired_verifies {
        Some(verified) => findings
            .into_iter()
            .map(|f| f.with("repairedVerifies", verified))
            .collect(),
        None => findings,
    };
    made.extend(refusal);
    made
}

fn analyse(
    received: &str,
    p: &Policy,
    mode: Mode,
    out: &mut Collector,
    v: &mut Verification,
) -> Ran {
    let mut ran = Ran::default();
    if let Some(f) = not_a_token(received, p) {
        out.push(f);
        return ran;
    }
    let transit = repair(received);
    v.report.token.repaired = transit.repaired_codes();
    let token = transit.token.as_ref();
    if mode.extras() {
        // a log correlation id for reports; the verify path never returns its report
        v.report.token.sha256 = Some(sha256_b64(token));
    }
    if !out.diagnosing() || transit.findings.is_empty() {
        out.extend(transit_findings(transit.findings, mode, None));
        if !out.stop() {
            checks(token, p, mode, out, v, &mut ran);
        }
        return ran;
    }
    // A diagnosis of a token altered in transit: its findings say whether the repaired token
    // verifies, which the checks after them establish; they keep their place ahead of them.
    let mut after = Collector::new(false);
    checks(token, p, mode, &mut after, v, &mut ran);
    out.extend(transit_findings(
        transit.findings,
        mode,
        Some(v.report.signature.verified),
    ));
    out.extend(after.into_findings());
    ran
}

/// The checks of a token that split and was repaired: decoding, header, signature, claims.
fn checks(
    token: &str,
    p: &Policy,
    mode: Mode,
    out: &mut Collector,
    v: &mut Verification,
    ran: &mut Ran,
) {
    let parts = match split(token) {
        Ok(parts) => parts,
        Err(f) => {
            out.push(f);
            return;
        }
    };

    // each JSON part with its decoded text, which verify() hands to its caller as is
    let json_part = |part| decode_part(&parts, part).and_then(|b| Ok((parse_object(&b, part)?, b)));
    let header = json_part(Part::Header);
    let payload = json_part(Part::Payload);
    let signature = decode_part(&parts, Part::Signature);
    let (header, header_text) = match header {
        Ok((h, text)) => (Some(h), Some(text)),
        Err(f) => {
            out.push(f);
            (None, None)
        }
    };
    let (payload, payload_text) = match payload {
        Ok((pl, text)) => (Some(pl), Some(text)),
        Err(f) => {
            out.push(f);
            (None, None)
        }
    };
    if let (Some(h), Some(pl)) = (header_text, payload_text) {
        v.json = String::from_utf8(h).ok().zip(String::from_utf8(pl).ok());
    }
    // a signature cut short: one finding in characters, wherever the cut fell
    let cut = header
        .as_ref()
        .and_then(|h| h.get("alg")?.as_str())
        .and_then(crate::alg::Alg::by_name)
        .and_then(|alg| cut_short(alg, parts.signature.len(), signature.as_deref().ok()));
    let signature = match (cut, signature) {
        (Some(f), _) | (None, Err(f)) => {
            out.push(f);
            None
        }
        (None, Ok(s)) => Some(s),
    };
    if out.stop() {
        return;
    }
    let report = &mut v.report;

    if let Some(h) = &header {
        ran.header = true;
        let facts = check_header(h, p.algorithms.as_deref(), out);
        report.signature.alg = facts.alg_name.clone();
        ran.alg = facts.alg.is_some();
        // read once: the algorithm check (confusion) and the signature check use the same keys
        let keys = Keys::of(p);
        let keys = keys.as_ref().map(Keys::list);
        if let Some(alg) = facts.alg {
            // the forgery proof is part of the diagnosis: verify names the attempt without it
            let proof = signature
                .as_deref()
                .filter(|_| out.diagnosing())
                .map(|sig| (parts.signing_input.as_bytes(), sig));
            let readable = keys.as_ref().and_then(|k| k.as_ref().ok());
            let confused = confusion(alg, facts.kid.as_deref(), readable, proof);
            let named = confused.is_some();
            out.push_some(confused);
            out.push_some(
                not_allowed(alg, p.algorithms.as_deref(), named)
                    .map(|f| crate::provider::algorithm(f, header.as_ref(), payload.as_ref())),
            );
        }
        if out.stop() {
            return;
        }
        if let Some(sig) = &signature {
            // the provider's mix-ups are named where a person reads them, not on the verify path
            let provider = if out.diagnosing() {
                SigningContext::of(header.as_ref(), payload.as_ref())
            } else {
                SigningContext::default()
            };
            let outcome = check_signature(
                parts.signing_input.as_bytes(),
                sig,
                &facts,
                &keys,
                p,
                &provider,
                out,
            );
            ran.signature = !outcome.skipped;
            report.signature.verified = outcome.verified;
            report.signature.kid = outcome.kid;
            report.signature.thumbprint = outcome.thumbprint;
            report.signature.keys_tried = outcome.keys_tried;
            report.signature.key_index = outcome.key_index;
        }
        if mode.defers_signature() && !report.signature.verified {
            v.deferred_signature = signature;
        }
        if out.stop() {
            return;
        }
    }

    if let Some(pl) = &payload {
        ran.claims = Some(Claims {
            nbf: pl.contains_key("nbf"),
            iat: pl.contains_key("iat"),
            iss: pl.contains_key("iss"),
            aud: pl.contains_key("aud"),
            sub: pl.contains_key("sub"),
        });
        let t = check_times(pl, p, out);
        if mode.extras() {
            report.times.exp = t.exp.and_then(iso8601);
            report.times.expires_in = t.exp.map(|e| e - p.now);
            report.times.nbf = t.nbf.and_then(iso8601);
            report.times.iat = t.iat.and_then(iso8601);
        }
        if out.stop() {
            return;
        }
        check_claims(header.as_ref().unwrap_or(&Object::default()), pl, p, out);
        if out.diagnosing() {
            note_unenforced(pl, p, report.signature.verified, out);
        }
    }
    if out.diagnosing() {
        (report.token.provider, report.token.kind) =
            crate::provider::annotate(header.as_ref(), payload.as_ref(), p, out);
    }
    report.header = header;
    report.payload = payload;
}

/// What a verdict did not enforce, said where a person reads it (`inspect` and the full
/// diagnosis; `verify` requires `algorithms` and leaves the audience to its caller): a token
/// meant for an audience checked without one, a signature accepted without an allow-list.
fn note_unenforced(payload: &Object, p: &Policy, verified: bool, out: &mut Collector) {
    if let (Some(aud), None) = (payload.get("aud"), &p.audience) {
        out.push(
            Finding::new(
                Code::AudienceUnchecked,
                format!("the token is for audience {aud}, but no audience was expected: a token for any other service passes too"),
            )
            .with("aud", aud.clone()),
        );
    }
    if verified && p.algorithms.is_none() {
        out.push(Finding::new(
            Code::AlgorithmsUnpinned,
            "no algorithms were pinned: the signature was accepted with whatever algorithm the header names and the key fits",
        ));
    }
}

/// A token decoded without verification.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    /// The header, when it decoded.
    pub header: Option<Object>,
    /// The payload, when it decoded.
    pub payload: Option<Object>,
    /// The signature part as given (base64url).
    pub signature: Option<String>,
    /// What went wrong decoding (format findings only).
    pub findings: Vec<Finding>,
}

/// Decodes a token **without verifying anything**: for display and debugging only.
pub fn decode(token: &str) -> Decoded {
    let mut d = Decoded::default();
    let parts = match split(token) {
        Ok(parts) => parts,
        Err(f) => {
            d.findings.push(f);
            return d;
        }
    };
    match decode_part(&parts, Part::Header).and_then(|b| parse_object(&b, Part::Header)) {
        Ok(h) => d.header = Some(h),
        Err(f) => d.findings.push(f),
    }
    match decode_part(&parts, Part::Payload).and_then(|b| parse_object(&b, Part::Payload)) {
        Ok(pl) => d.payload = Some(pl),
        Err(f) => d.findings.push(f),
    }
    d.signature = Some(parts.signature.to_string());
    d
}

#[cfg(test)]
mod tests {
    use super::{run_verification, Mode};
    use crate::policy::Policy;

    /// The decoded texts `verify()` hands to JavaScript are the token's own, byte for byte
    /// (RFC 7515 A.1 has CR LF and spaces inside its JSON), and only when both parts parse.
    #[test]
    fn report_keeps_the_decoded_texts_as_the_token_carries_them() {
        const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let options = r#"{"key":{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"},"algorithms":["HS256"],"now":1300819000}"#;
        let policy = Policy::from_json(options, 0.0).expect("options");
        let v = run_verification(A1, &policy, Mode::Verify, 0);
        assert!(v.report.valid);
        let (header, payload) = v.json.expect("texts");
        assert_eq!(header, "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
        assert_eq!(
            payload,
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
        );
        // a payload that is not JSON: nothing to hand over
        let broken = format!("{}.e30x.{}", &A1[..36], &A1[A1.len() - 43..]);
        assert_eq!(
            run_verification(&broken, &policy, Mode::Verify, 0).json,
            None
        );
    }
}
