//! The driver: runs every check in order over one token. Two channels over one
//! implementation: [`inspect`] collects every finding; [`verify`] stops at the first error and
//! skips the diagnoses that only explain a failure.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::claims::{check_claims, check_times};
use crate::findings::{Check, Code, Finding};
use crate::header::check_header;
use crate::json::{parse_object, Object};
use crate::policy::Policy;
use crate::report::{cause_of, checklist, Collector, Report, SignatureInfo, Times, TokenInfo};
use crate::signature::{check_signature, name_confusion};
use crate::time::iso8601;
use crate::token::{decode_part, looks_like_key, repair, split, Part};

/// How the driver runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    /// Stop at the first error and skip failure-only diagnoses (`verify`).
    pub stop_at_first_error: bool,
    /// Treat every transit corruption, even a single `Bearer ` prefix, as an error: `verify`
    /// takes the token as issued.
    pub strict_transit: bool,
    /// Leave the asymmetric signature primitive to the caller (native crypto): the report says
    /// which key to verify with (`signature.key_index`) instead of verifying. HMAC is always
    /// verified here (`signature.verified` tells which happened).
    pub defer_signature: bool,
    /// Fill what only a displayed report needs: the token fingerprint, ISO times, the checklist.
    pub extras: bool,
}

impl Mode {
    /// `inspect`: every check, transit corruption repaired and explained.
    pub const INSPECT: Mode = Mode {
        stop_at_first_error: false,
        strict_transit: false,
        defer_signature: false,
        extras: true,
    };
    /// `inspect` for a summary (triage): every check, no display extras.
    pub const SUMMARY: Mode = Mode {
        stop_at_first_error: false,
        strict_transit: false,
        defer_signature: false,
        extras: false,
    };
    /// `verify`: stop at the first error, no transit repair.
    pub const VERIFY: Mode = Mode {
        stop_at_first_error: true,
        strict_transit: true,
        defer_signature: false,
        extras: false,
    };
    /// `verify` with the RSA, ECDSA and EdDSA primitives left to native crypto.
    pub const VERIFY_DEFERRED: Mode = Mode {
        stop_at_first_error: true,
        strict_transit: true,
        defer_signature: true,
        extras: false,
    };
    /// The full diagnosis of a token `verify` rejected.
    pub const VERIFY_DIAGNOSIS: Mode = Mode {
        stop_at_first_error: false,
        strict_transit: true,
        defer_signature: false,
        extras: true,
    };
}

/// Inspects a token: every check, every finding. Never fails: problems are findings.
pub fn inspect(received: &str, policy: &Policy) -> Report {
    run(received, policy, Mode::INSPECT)
}

/// Verifies a token on the production path: stops at the first error.
pub fn verify(received: &str, policy: &Policy) -> Report {
    run(received, policy, Mode::VERIFY)
}

fn sha256_b64(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// Runs the checks in `mode`.
pub fn run(received: &str, p: &Policy, mode: Mode) -> Report {
    run_after(received, p, mode, 0)
}

/// Runs the checks in `mode` after native crypto rejected the first `rejected_natively`
/// candidate keys of a deferred signature check (see [`Collector::rejected_natively`]): the
/// next candidate is handed over, or, when none is left, the failure is reported.
pub fn run_after(received: &str, p: &Policy, mode: Mode, rejected_natively: usize) -> Report {
    let mut out = Collector::new(mode.stop_at_first_error)
        .deferring_signature(mode.defer_signature)
        .rejected_natively(rejected_natively);
    let mut report = Report {
        valid: false,
        cause: None,
        token: TokenInfo {
            bytes: received.len(),
            sha256: None,
            repaired: Vec::new(),
            provider: None,
        },
        header: None,
        payload: None,
        signature: SignatureInfo::default(),
        times: Times {
            now: if mode.stop_at_first_error {
                None
            } else {
                iso8601(p.now)
            },
            ..Times::default()
        },
        checks: Vec::new(),
        findings: Vec::new(),
        json: None,
        deferred_signature: None,
    };
    let mut skipped: Vec<Check> = Check::ALL[1..].to_vec();
    analyse(received, p, mode, &mut out, &mut report, &mut skipped);
    let findings = out.into_sorted();
    if mode.extras {
        // the verify path never returns its report: no checklist to draw, no cause to name
        report.checks = checklist(
            &findings,
            &skipped,
            &unconfigured(p),
            report.signature.verified,
        );
        report.cause = cause_of(&findings);
    }
    report.valid = report.signature.verified && report.first_error_in(&findings).is_none();
    report.findings = findings;
    report
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

impl Report {
    fn first_error_in<'a>(&self, findings: &'a [Finding]) -> Option<&'a Finding> {
        findings
            .iter()
            .find(|f| f.severity == crate::findings::Severity::Error)
    }
}

fn analyse(
    received: &str,
    p: &Policy,
    mode: Mode,
    out: &mut Collector,
    report: &mut Report,
    skipped: &mut Vec<Check>,
) {
    if received.len() > p.max_token_bytes {
        out.push(
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
        return;
    }
    if let Some(kind) = looks_like_key(received) {
        out.push(
            Finding::new(
                Code::MalformedToken,
                format!("this is {kind}, not a token"),
            )
            .hint("paste the token (header.payload.signature) here, and give the key as the key (options.key or jwks; the CLI's --key or --jwks)")
            .with("reason", "key_not_token")
            .with("key", kind),
        );
        return;
    }
    let transit = repair(received);
    report.token.repaired = transit.repaired_codes();
    let corrupted = !transit.findings.is_empty();
    let first_corruption = transit.findings.first().map(|f| f.code.as_str());
    for f in transit.findings {
        out.push(f);
    }
    if mode.strict_transit {
        if let Some(code) = first_corruption.filter(|_| corrupted && !out.has_error()) {
            out.push(
                Finding::new(
                    Code::MalformedToken,
                    format!("verify() takes the token exactly as issued; this one arrived altered in transit ({code})"),
                )
                    .hint("read Authorization headers with tokenFromAuthorization(), which strips exactly one \"Bearer \"")
                    .with("reason", code),
            );
        }
    }
    if out.stop() {
        return;
    }
    let token = transit.token.as_ref();
    if mode.extras {
        // a log correlation id for reports; the verify path never returns its report
        report.token.sha256 = Some(sha256_b64(token));
    }
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
        report.json = String::from_utf8(h).ok().zip(String::from_utf8(pl).ok());
    }
    let signature = match signature {
        Ok(s) => Some(s),
        Err(f) => {
            out.push(f);
            None
        }
    };
    if out.stop() {
        return;
    }

    if let Some(h) = &header {
        skipped.retain(|c| !matches!(c, Check::Algorithm | Check::Key | Check::Typ | Check::Crit));
        let facts = check_header(h, p.algorithms.as_deref(), out);
        report.signature.alg = facts.alg_name.clone();
        if facts.alg.is_none() {
            skipped.push(Check::Key);
        }
        if out.stop() {
            if let Some(alg) = facts.alg {
                name_confusion(alg, facts.kid.as_deref(), p, out);
            }
            return;
        }
        if let Some(sig) = &signature {
            let outcome = check_signature(parts.signing_input.as_bytes(), sig, &facts, p, out);
            if !outcome.skipped {
                skipped.retain(|c| *c != Check::Signature);
            }
            report.signature.verified = outcome.verified;
            report.signature.kid = outcome.kid;
            report.signature.thumbprint = outcome.thumbprint;
            report.signature.keys_tried = outcome.keys_tried;
            report.signature.key_index = outcome.key_index;
        }
        if mode.defer_signature && !report.signature.verified {
            report.deferred_signature = signature;
        }
        if out.stop() {
            return;
        }
    }

    if let Some(pl) = &payload {
        skipped.retain(|c| {
            !matches!(c, Check::Exp | Check::Nbf | Check::Iat | Check::Required)
                && !(*c == Check::Iss && (p.issuer.is_some() || pl.contains_key("iss")))
                && !(*c == Check::Aud && (p.audience.is_some() || pl.contains_key("aud")))
                && !(*c == Check::Sub && (p.subject.is_some() || pl.contains_key("sub")))
        });
        if !pl.contains_key("nbf") {
            skipped.push(Check::Nbf);
        }
        if !pl.contains_key("iat") && p.max_token_age.is_none() {
            skipped.push(Check::Iat);
        }
        let t = check_times(pl, p, out);
        if mode.extras {
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
        report.token.provider =
            crate::provider::annotate(header.as_ref(), payload.as_ref(), p, out);
    }
    report.header = header;
    report.payload = payload;
    if corrupted && out.diagnosing() {
        let verified = report.signature.verified;
        for f in out
            .findings_mut()
            .iter_mut()
            .filter(|f| f.check == Check::Format && f.code != Code::MalformedToken)
        {
            f.detail.insert("repairedVerifies".into(), verified.into());
        }
    }
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
