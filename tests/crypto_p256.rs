//! Our P-256 ECDSA verification (`jwt_doctor::verify::p256`) against the p256 crate's, on
//! random keys and digests signed by p256's `SigningKey` (proptest):
//! - a genuine signature verifies, and so does its twin `(r, n − s)`;
//! - any single flipped bit of the signature or of the digest is rejected, and the p256 crate
//!   agrees on every one of those;
//! - a signature checked against another key is rejected;
//! - random `r‖s` bytes get the same verdict from both.
//!
//! The Wycheproof P-256 vectors run in tests/crypto_wycheproof.rs.

use jwt_doctor::verify::p256::verify_prehash;
use p256::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use proptest::prelude::*;

/// The p256 crate's verdict on a raw `r‖s` signature.
fn theirs(key: &VerifyingKey, digest: &[u8], signature: &[u8]) -> bool {
    Signature::from_slice(signature).is_ok_and(|s| key.verify_prehash(digest, &s).is_ok())
}

/// A signing key from 32 random bytes (`None` for 0 or values ≥ n, about 2^-32 of them).
fn signing_key(secret: [u8; 32]) -> Option<SigningKey> {
    SigningKey::from_bytes(&secret.into()).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn genuine_signatures_verify_and_flipped_bits_do_not(
        secret in any::<[u8; 32]>(),
        digest in any::<[u8; 32]>(),
        bit in 0usize..512,
    ) {
        let Some(sk) = signing_key(secret) else { return Ok(()) };
        let vk = VerifyingKey::from(&sk);
        let sig: Signature = sk.sign_prehash(&digest).expect("sign");
        let bytes = sig.to_bytes();
        prop_assert!(verify_prehash(&vk, &digest, &bytes));
        prop_assert!(theirs(&vk, &digest, &bytes));

        // (r, n − s) is the other valid signature for the same nonce.
        let twin = Signature::from_scalars(sig.r().to_bytes(), (-*sig.s()).to_bytes())
            .expect("twin");
        prop_assert!(verify_prehash(&vk, &digest, &twin.to_bytes()));

        let mut flipped = bytes.to_vec();
        flipped[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(!verify_prehash(&vk, &digest, &flipped));
        prop_assert!(!theirs(&vk, &digest, &flipped));

        let mut other_digest = digest;
        other_digest[bit % 256 / 8] ^= 1 << (bit % 8);
        prop_assert!(!verify_prehash(&vk, &other_digest, &bytes));
        prop_assert!(!theirs(&vk, &other_digest, &bytes));
    }

    #[test]
    fn another_key_rejects(
        secrets in any::<[[u8; 32]; 2]>(),
        digest in any::<[u8; 32]>(),
    ) {
        let (Some(signer), Some(other)) = (signing_key(secrets[0]), signing_key(secrets[1]))
        else { return Ok(()) };
        prop_assume!(secrets[0] != secrets[1]);
        let sig: Signature = signer.sign_prehash(&digest).expect("sign");
        let vk = VerifyingKey::from(&other);
        prop_assert!(!verify_prehash(&vk, &digest, &sig.to_bytes()));
        prop_assert!(!theirs(&vk, &digest, &sig.to_bytes()));
    }

    #[test]
    fn random_signatures_get_the_same_verdict(
        secret in any::<[u8; 32]>(),
        // The p256 crate wants digests of at least half the field size; ES256 passes 32 bytes.
        digest in prop::collection::vec(any::<u8>(), 16..80),
        signature in prop::collection::vec(any::<u8>(), 0..80),
    ) {
        let Some(sk) = signing_key(secret) else { return Ok(()) };
        let vk = VerifyingKey::from(&sk);
        prop_assert_eq!(
            verify_prehash(&vk, &digest, &signature),
            theirs(&vk, &digest, &signature)
        );
    }

    #[test]
    fn short_and_long_digests_agree(
        secret in any::<[u8; 32]>(),
        digest in prop::collection::vec(any::<u8>(), 16..80),
    ) {
        let Some(sk) = signing_key(secret) else { return Ok(()) };
        let vk = VerifyingKey::from(&sk);
        let sig: Signature = sk.sign_prehash(&digest).expect("sign");
        prop_assert!(theirs(&vk, &digest, &sig.to_bytes()));
        prop_assert!(verify_prehash(&vk, &digest, &sig.to_bytes()));
    }
}
