//! The shape of an ECDSA signature, which needs no key: DER instead of JWS's raw r‖s, the
//! wrong length, or a zero scalar (the "psychic signature", CVE-2022-21449).

use serde_json::Value;

use crate::alg::{Alg, Family};
use crate::findings::{Code, Finding};
use crate::verify::ecdsa;

/// What the shape of an ECDSA signature says, before any key is tried.
#[derive(Default)]
pub(super) struct Shape {
    /// r = 0 or s = 0, in either encoding.
    pub psychic: Option<Finding>,
    /// The signature is DER: its raw r‖s form, and the sizes for the finding.
    pub der: Option<Der>,
    /// Neither raw nor DER: the wrong length.
    pub length: Option<Finding>,
}

/// A DER-encoded ECDSA signature.
pub(super) struct Der {
    /// The signature converted to the JWS raw r‖s encoding.
    pub raw: Vec<u8>,
    alg: &'static str,
    want: usize,
    actual: usize,
}

impl Der {
    /// The `signature_der_encoded` finding; `verifies` says whether the converted signature
    /// verifies with a candidate key (None when that was not tried: `verify` stops first).
    pub(super) fn finding(&self, verifies: Option<bool>) -> Finding {
        let converted = if verifies == Some(true) {
            "; converted to r‖s it verifies with your key"
        } else {
            ""
        };
        Finding::new(
            Code::SignatureDerEncoded,
            format!(
                "the {}-byte {} signature is DER-encoded (ASN.1 SEQUENCE of r and s); JWS needs the {}-byte raw r‖s{converted}",
                self.actual, self.alg, self.want
            ),
        )
        .with("expected", self.want)
        .with("actual", self.actual)
        .with("verifiesOnceConverted", verifies.map_or(Value::Null, Value::Bool))
    }
}

/// Structural facts about an ECDSA signature that need no key (empty for other families).
pub(super) fn ecdsa_shape(alg: Alg, sig: &[u8]) -> Shape {
    let (Family::Ecdsa, Some(curve)) = (alg.family, alg.curve) else {
        return Shape::default();
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
        return Shape {
            psychic: ecdsa::has_zero_scalar(sig).then(|| psychic("")),
            ..Shape::default()
        };
    }
    if let Some(raw) = ecdsa::der_to_raw(sig, curve.scalar_len()) {
        // SEQUENCE { INTEGER 0, INTEGER 0 } (MAYCAQACAQA): the attack in its DER form.
        let psychic =
            ecdsa::has_zero_scalar(&raw).then(|| psychic(" DER-encoded").with("encoding", "der"));
        return Shape {
            psychic,
            der: Some(Der {
                raw,
                alg: alg.name,
                want,
                actual: sig.len(),
            }),
            length: None,
        };
    }
    Shape {
        length: Some(
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
        ),
        ..Shape::default()
    }
}
