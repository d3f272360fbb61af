//! The shape of an ECDSA signature, which needs no key: DER instead of JWS's raw r‖s, the
//! wrong length, or a zero scalar (the "psychic signature", CVE-2022-21449).

use serde_json::Value;

use crate::alg::{Alg, Family};
use crate::findings::{Code, Finding};
use crate::report::Collector;
use crate::verify::ecdsa;

/// Structural facts about an ECDSA signature that need no key.
pub(super) fn ecdsa_shape(alg: Alg, sig: &[u8], out: &mut Collector) -> Option<Vec<u8>> {
    let (Family::Ecdsa, Some(curve)) = (alg.family, alg.curve) else {
        return None;
    };
    let want = 2 * curve.scalar_len();
    let psychic = |encoding: &str| {
        Finding::new(
            Code::PsychicSignature,
            format!("the {}{encoding} signature has r = 0 or s = 0: a \"psychic signature\" forgery (CVE-2022-21449)", alg.name),
        )
        .with("cve", "CVE-2022-21449")
    };
    if sig.len() == want {
        if ecdsa::has_zero_scalar(sig) {
            out.push(psychic(""));
        }
        return None;
    }
    if let Some(raw) = ecdsa::der_to_raw(sig, curve.scalar_len()) {
        if ecdsa::has_zero_scalar(&raw) {
            // SEQUENCE { INTEGER 0, INTEGER 0 } (MAYCAQACAQA): the attack in its DER form.
            out.push(psychic(" DER-encoded").with("encoding", "der"));
        }
        out.push(
            Finding::new(
                Code::SignatureDerEncoded,
                format!(
                    "the {}-byte {} signature is DER-encoded (ASN.1 SEQUENCE of r and s); JWS needs the {want}-byte raw r‖s",
                    sig.len(),
                    alg.name
                ),
            )
            .with("expected", want)
            .with("actual", sig.len())
            .with("verifiesOnceConverted", Value::Null),
        );
        return Some(raw);
    }
    out.push(
        Finding::new(
            Code::SignatureLength,
            format!(
                "the {} signature has {} bytes; {} needs {want}",
                alg.name,
                sig.len(),
                alg.name
            ),
        )
        .with("expected", want)
        .with("actual", sig.len()),
    );
    None
}
