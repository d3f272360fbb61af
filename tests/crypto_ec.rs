//! Our EC arithmetic (`jwt_doctor::verify::ec`) against the RustCrypto p256, p384 and p521
//! crates (dev-dependencies), on random keys and digests (proptest), for each curve:
//! - a genuine signature by the crate's `SigningKey` verifies, and so does its twin
//!   `(r, n − s)`;
//! - any single flipped bit of the signature or of the digest is rejected, and the crate agrees
//!   on every one of those;
//! - a signature checked against another key is rejected;
//! - random `r‖s` bytes get the same verdict from both;
//! - the public key derived from a private scalar is the crate's;
//! - SEC 1 decoding (uncompressed, compressed, compact, and random bytes) accepts and rejects
//!   what the crate does, with the same point.
//!
//! The Wycheproof vectors run in tests/crypto_wycheproof.rs.

use jwt_doctor::alg::Curve;
use jwt_doctor::verify::ec::{decode_point, public_from_scalar, verify_prehash};
use proptest::prelude::*;

macro_rules! curve_properties {
    ($module:ident, $krate:ident, $curve:expr, $len:literal) => {
        mod $module {
            use super::*;
            use $krate::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
            use $krate::ecdsa::{Signature, SigningKey, VerifyingKey};

            const CURVE: Curve = $curve;

            /// The crate's verdict on a raw `r‖s` signature.
            fn theirs(key: &VerifyingKey, digest: &[u8], signature: &[u8]) -> bool {
                Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify_prehash(digest, &s).is_ok())
            }

            /// Our verdict.
            fn ours(key: &VerifyingKey, digest: &[u8], signature: &[u8]) -> bool {
                verify_prehash(CURVE, &sec1(key, false), digest, signature)
            }

            fn sec1(key: &VerifyingKey, compress: bool) -> Vec<u8> {
                key.to_sec1_point(compress).as_bytes().to_vec()
            }

            /// A signing key from random bytes (`None` for 0 or values ≥ n; for P-521 the
            /// top byte is cut to its one bit).
            fn signing_key(mut secret: Vec<u8>) -> Option<SigningKey> {
                if $len == 66 {
                    secret[0] &= 1;
                }
                SigningKey::from_slice(&secret).ok()
            }

            fn secret() -> impl Strategy<Value = Vec<u8>> {
                prop::collection::vec(any::<u8>(), $len)
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(48))]

                #[test]
                fn genuine_signatures_verify_and_flipped_bits_do_not(
                    secret in secret(),
                    digest in prop::collection::vec(any::<u8>(), 64),
                    bit in 0usize..(16 * $len),
                ) {
                    let Some(sk) = signing_key(secret) else { return Ok(()) };
                    let vk = VerifyingKey::from(&sk);
                    let digest = &digest[..$len.min(64)];
                    let sig: Signature = sk.sign_prehash(digest).expect("sign");
                    let bytes = sig.to_bytes();
                    prop_assert!(ours(&vk, digest, &bytes));
                    prop_assert!(theirs(&vk, digest, &bytes));

                    // (r, n − s) is the other valid signature for the same nonce.
                    let twin = Signature::from_scalars(sig.r().to_bytes(), (-*sig.s()).to_bytes())
                        .expect("twin");
                    prop_assert!(ours(&vk, digest, &twin.to_bytes()));

                    let mut flipped = bytes.to_vec();
                    flipped[bit / 8] ^= 1 << (bit % 8);
                    prop_assert!(!ours(&vk, digest, &flipped));
                    prop_assert!(!theirs(&vk, digest, &flipped));

                    let mut other_digest = digest.to_vec();
                    let b = bit % (8 * digest.len());
                    other_digest[b / 8] ^= 1 << (b % 8);
                    prop_assert!(!ours(&vk, &other_digest, &bytes));
                    prop_assert!(!theirs(&vk, &other_digest, &bytes));
                }

                #[test]
                fn another_key_rejects(
                    secrets in (secret(), secret()),
                    digest in prop::collection::vec(any::<u8>(), $len.min(64)),
                ) {
                    prop_assume!(secrets.0 != secrets.1);
                    let (Some(signer), Some(other)) = (signing_key(secrets.0), signing_key(secrets.1))
                    else { return Ok(()) };
                    let sig: Signature = signer.sign_prehash(&digest).expect("sign");
                    let vk = VerifyingKey::from(&other);
                    prop_assert!(!ours(&vk, &digest, &sig.to_bytes()));
                    prop_assert!(!theirs(&vk, &digest, &sig.to_bytes()));
                }

                #[test]
                fn random_signatures_get_the_same_verdict(
                    secret in secret(),
                    // the crates want digests of at least half the field size
                    digest in prop::collection::vec(any::<u8>(), ($len / 2 + 1)..80),
                    signature in prop::collection::vec(any::<u8>(), (2 * $len - 2)..(2 * $len + 2)),
                ) {
                    let digest = &digest[..digest.len().min(if $len == 66 { 65 } else { 80 })];
                    let Some(sk) = signing_key(secret) else { return Ok(()) };
                    let vk = VerifyingKey::from(&sk);
                    prop_assert_eq!(ours(&vk, digest, &signature), theirs(&vk, digest, &signature));
                }

                #[test]
                fn short_and_long_digests_agree(
                    secret in secret(),
                    digest in prop::collection::vec(any::<u8>(), ($len / 2 + 1)..80),
                ) {
                    // Digests of 66 bytes or more on P-521 (never in ES512, whose SHA-512
                    // digest has 64): we take their leftmost 521 bits (FIPS 186-4 §6.4), the
                    // crate the low 521 bits of their first 66 bytes.
                    let digest = &digest[..digest.len().min(if $len == 66 { 65 } else { 80 })];
                    let Some(sk) = signing_key(secret) else { return Ok(()) };
                    let vk = VerifyingKey::from(&sk);
                    let sig: Signature = sk.sign_prehash(digest).expect("sign");
                    prop_assert!(theirs(&vk, digest, &sig.to_bytes()));
                    prop_assert!(ours(&vk, digest, &sig.to_bytes()));
                }

                #[test]
                fn public_keys_of_scalars_and_sec1_forms_agree(
                    secret in secret(),
                    short in 24usize..=$len,
                ) {
                    let theirs_key = signing_key(secret.clone()).map(|sk| VerifyingKey::from(&sk));
                    let mut secret = secret;
                    if $len == 66 {
                        secret[0] &= 1;
                    }
                    let ours_key = public_from_scalar(CURVE, &secret);
                    prop_assert_eq!(ours_key.clone(), theirs_key.as_ref().map(|k| sec1(k, false)));
                    // a shorter slice: the crate left-pads it too
                    let tail = &secret[$len - short..];
                    prop_assert_eq!(
                        public_from_scalar(CURVE, tail),
                        SigningKey::from_slice(tail).ok().map(|sk| sec1(&VerifyingKey::from(&sk), false))
                    );
                    let Some(vk) = theirs_key else { return Ok(()) };
                    let uncompressed = sec1(&vk, false);
                    prop_assert_eq!(decode_point(CURVE, &uncompressed), Some(uncompressed.clone()));
                    let compressed = sec1(&vk, true);
                    prop_assert_eq!(decode_point(CURVE, &compressed), Some(uncompressed.clone()));
                    // the other parity is −Q
                    let mut other = compressed.clone();
                    other[0] ^= 1;
                    let neg = VerifyingKey::from_sec1_bytes(&other).map(|k| sec1(&k, false)).ok();
                    prop_assert!(neg.is_some());
                    prop_assert_eq!(decode_point(CURVE, &other), neg);
                    // compact
                    other[0] = 5;
                    let compact = VerifyingKey::from_sec1_bytes(&other).map(|k| sec1(&k, false)).ok();
                    prop_assert_eq!(decode_point(CURVE, &other), compact);
                }

                #[test]
                fn random_sec1_bytes_get_the_same_verdict(
                    tag in prop::sample::select(vec![0u8, 2, 3, 4, 5, 6]),
                    body in prop::collection::vec(any::<u8>(), $len),
                    body2 in prop::collection::vec(any::<u8>(), $len),
                    uncompressed in any::<bool>(),
                ) {
                    let mut bytes = vec![tag];
                    bytes.extend_from_slice(&body);
                    if uncompressed {
                        bytes.extend_from_slice(&body2);
                    }
                    let theirs = VerifyingKey::from_sec1_bytes(&bytes).map(|k| sec1(&k, false)).ok();
                    prop_assert_eq!(decode_point(CURVE, &bytes), theirs);
                }
            }
        }
    };
}

curve_properties!(p256_properties, p256, Curve::P256, 32);
curve_properties!(p384_properties, p384, Curve::P384, 48);
curve_properties!(p521_properties, p521, Curve::P521, 66);
