//! An HMAC secret encoded differently on each side (base64 on one, raw on the other).

use crate::alg::Alg;
use crate::findings::{Code, Finding};
use crate::key;
use crate::verify;

/// The secret is base64 on one side and raw on the other (either direction): the
/// `secret_encoding_mismatch` finding naming the reading that verifies, or None.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(super) fn secret_encoding(
    alg: Alg,
    secret: &[u8],
    signing_input: &[u8],
    sig: &[u8],
) -> Option<Finding> {
    let (encoding, _) = key::secret::reinterpretations(secret)
        .into_iter()
        .find(|(_, bytes)| {
            !bytes.is_empty() && verify::hmac::verify(alg, bytes, signing_input, sig).is_ok()
        })?;
    let how = match encoding {
        "base64" | "base64url" | "hex" => format!(
            "it verifies if the secret is {encoding}-decoded: set secretEncoding: \"{encoding}\""
        ),
        other => format!(
            "it verifies if the secret is {}: the signer uses the encoded text as the secret",
            other.replace('_', " ")
        ),
    };
    Some(
        Finding::new(
            Code::SecretEncodingMismatch,
            format!("the signature fails with the secret as given, but {how}"),
        )
        .with("encoding", encoding),
    )
}
