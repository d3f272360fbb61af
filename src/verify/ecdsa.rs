//! ES256/384/512 with the JWS raw r‖s encoding, by the curve crates (`p256`, `p384`, `p521`).
//! The DER `ECDSA-Sig-Value` that other toolkits produce is only recognised here, by `der`, to
//! explain a failure; it never verifies.

use der::asn1::UintRef;
use der::{Decode, DecodeValue, Header, Reader, Sequence};

use super::SigError;
use crate::alg::Alg;
use crate::key::Material;

/// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3), both
/// non-negative.
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

impl<'a> DecodeValue<'a> for EcdsaSigValue<'a> {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        Ok(Self {
            r: reader.decode()?,
            s: reader.decode()?,
        })
    }
}
impl<'a> Sequence<'a> for EcdsaSigValue<'a> {}

/// Verifies an ECDSA signature in the JWS form: `r‖s`, each scalar big-endian and exactly the
/// curve's scalar size (32, 48, 66 bytes). r or s equal to zero or not below the group order
/// fail (never panic).
///
/// # Errors
/// [`SigError::KeyMismatch`] when the key is not on the algorithm's curve,
/// [`SigError::Length`] when the signature is not `2 × scalar` bytes, [`SigError::Invalid`]
/// otherwise.
pub fn verify(alg: Alg, key: &Material, message: &[u8], signature: &[u8]) -> Result<(), SigError> {
    let (Some(curve), Some(hash)) = (alg.curve, alg.hash) else {
        return Err(SigError::KeyMismatch);
    };
    let expected = 2 * curve.scalar_len();
    let key = match key {
        Material::Ec(k) if k.curve() == curve => k,
        _ => return Err(SigError::KeyMismatch),
    };
    if signature.len() != expected {
        return Err(SigError::Length {
            expected,
            actual: signature.len(),
        });
    }
    if has_zero_scalar(signature) {
        return Err(SigError::Invalid);
    }
    let digest = hash.digest(message);
    if key.verify_prehash(&digest, signature) {
        Ok(())
    } else {
        Err(SigError::Invalid)
    }
}

/// Converts a DER `ECDSA-Sig-Value` into the raw r‖s form of `2 * scalar_len` bytes, if the
/// bytes are one (strict DER, nothing after it, each integer non-negative and at most
/// `scalar_len` bytes). Scalars are not range-checked: this only recognises the encoding.
pub fn der_to_raw(signature: &[u8], scalar_len: usize) -> Option<Vec<u8>> {
    if scalar_len == 0 || signature.len() > 2 * scalar_len + 16 {
        return None;
    }
    let value = EcdsaSigValue::from_der(signature).ok()?;
    let (r, s) = (value.r.as_bytes(), value.s.as_bytes());
    let mut out = vec![0u8; 2 * scalar_len];
    for (i, bytes) in [r, s].into_iter().enumerate() {
        if bytes.len() > scalar_len {
            return None;
        }
        let end = (i + 1) * scalar_len;
        out.get_mut(end - bytes.len()..end)?.copy_from_slice(bytes);
    }
    Some(out)
}

/// True when r or s of a raw signature is zero (CVE-2022-21449 "psychic signature").
pub fn has_zero_scalar(signature: &[u8]) -> bool {
    let half = signature.len() / 2;
    signature.len() % 2 == 0
        && half > 0
        && (signature[..half].iter().all(|b| *b == 0) || signature[half..].iter().all(|b| *b == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_round_trip_shapes() {
        // SEQUENCE { INTEGER 1, INTEGER 0x00ff (positive, needs a leading zero) }
        let der = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0xff];
        let raw = der_to_raw(&der, 32).expect("der");
        assert_eq!(raw.len(), 64);
        assert_eq!(raw[31], 1);
        assert_eq!(raw[63], 0xff);
        assert!(raw[..31].iter().all(|b| *b == 0));
        assert!(der_to_raw(&der[..8], 32).is_none());
        assert!(der_to_raw(&[0u8; 64], 32).is_none());
        let mut trailing = der.to_vec();
        trailing.push(0);
        assert!(der_to_raw(&trailing, 32).is_none());
    }
}
