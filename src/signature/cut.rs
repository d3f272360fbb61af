//! A signature cut short in transit: fewer base64url characters than the algorithm's signature
//! has. Said once, in characters, wherever the cut falls (a cut can leave a part that does not
//! decode, one with non-zero trailing bits, or one that decodes to too few bytes).

use crate::alg::{Alg, Family};
use crate::findings::{Code, Finding};

/// The base64url characters (no padding) of `bytes` bytes.
fn chars_of(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

/// The smallest RSA key jwt-doctor accepts makes a signature of this many bytes (2048 bits).
const RSA_MIN_BYTES: usize = 256;

/// `signature_length` for a signature part of `chars` characters that is shorter than any
/// signature of `alg`, or None. `decoded` is the part's bytes when it is valid base64url: an RSA
/// signature's length depends on the key, so for RSA only a part that does not decode (what a
/// cut leaves three times in four) shorter than a 2048-bit signature is named here, and the
/// signature check names the others with the key's own length. Bytes that are whole signatures
/// of another kind (a DER-encoded ECDSA signature, another algorithm's length) are no cut: the
/// signature check names them.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn cut_short(alg: Alg, chars: usize, decoded: Option<&[u8]>) -> Option<Finding> {
    if chars == 0 {
        return None; // no signature at all: signature_missing
    }
    if let Some(bytes) = decoded {
        let whole = crate::alg::ALGORITHMS
            .iter()
            .any(|a| a.signature_len() == Some(bytes.len()));
        let der = alg
            .curve
            .is_some_and(|c| crate::verify::ecdsa::der_to_raw(bytes, c.scalar_len()).is_some());
        if whole || der {
            return None;
        }
    }
    let decodes = decoded.is_some();
    let (bytes, rsa) = match (alg.signature_len(), alg.family) {
        (Some(n), _) => (n, false),
        (None, Family::RsaPkcs1 | Family::RsaPss) if !decodes => (RSA_MIN_BYTES, true),
        _ => return None,
    };
    let want = chars_of(bytes);
    if chars >= want {
        return None;
    }
    let short = want - chars;
    let of = if rsa {
        " (for a 2048-bit key; more for a bigger one)"
    } else {
        ""
    };
    Some(
        Finding::new(
            Code::SignatureLength,
            format!(
                "the signature is {short} character{} short: it has {chars} of the {want} base64url characters of a{} {} signature{of}; the token was cut",
                if short == 1 { "" } else { "s" },
                if alg.name.starts_with('P') { "" } else { "n" },
                alg.name
            ),
        )
        .hint("the token was cut in transit (a header size limit, a log line, a copy): copy it whole from its source")
        .with("expected", bytes)
        .with("actual", chars * 3 / 4)
        .with("expectedChars", want)
        .with("actualChars", chars)
        .with("missingChars", short),
    )
}
