//! What a key's structure allows, read alike from every form of the key: an RSASSA-PSS key's
//! parameters pin it to one PS* algorithm in PKCS#8 as in SPKI; an `AlgorithmIdentifier`'s
//! parameters are checked in PKCS#8 as in SPKI; an Ed25519 key of small order, or not
//! canonically encoded, is refused in every form.
//!
//! The keys are the test keys of tests/cases/keys/test-keys.json (made by node:crypto); the
//! odd encodings are made here by re-encoding their structures with `der`.

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier};
use der::{Decode, Encode};
use jwt_doctor::internals::{import, Imported, Key, KeyNote};
use jwt_doctor::{KeyInput, SecretEncoding};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

fn test_key(name: &str) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/keys/test-keys.json"
    );
    let keys: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read test keys"))
            .expect("json");
    keys[name].as_str().expect("a PEM").to_owned()
}

fn pem_der(pem: &str) -> Vec<u8> {
    pem_rfc7468::decode_vec(pem.as_bytes()).expect("pem").1
}

fn import_text(text: &str) -> Result<Key, (String, String)> {
    match import(&KeyInput::Text(text.to_owned()), SecretEncoding::Utf8) {
        Ok(Imported::One(k)) => Ok(k),
        Ok(Imported::Set(_)) => panic!("a set"),
        Err(e) => Err((e.reason.to_owned(), e.message)),
    }
}

fn import_der(der: &[u8]) -> Result<Key, (String, String)> {
    match import(&KeyInput::Bytes(der.to_vec()), SecretEncoding::Utf8) {
        Ok(Imported::One(k)) => Ok(k),
        Ok(Imported::Set(_)) => panic!("a set"),
        Err(e) => Err((e.reason.to_owned(), e.message)),
    }
}

fn import_jwk(jwk: serde_json::Value) -> Result<Key, (String, String)> {
    match import(&KeyInput::Json(jwk), SecretEncoding::Utf8) {
        Ok(Imported::One(k)) => Ok(k),
        Ok(Imported::Set(_)) => panic!("a set"),
        Err(e) => Err((e.reason.to_owned(), e.message)),
    }
}

/// The PKCS#8 DER of `pem` with its AlgorithmIdentifier replaced.
fn pkcs8_with(pem: &str, oid: ObjectIdentifier, params: Option<&[u8]>) -> Vec<u8> {
    let der = pem_der(pem);
    let mut pki = pkcs8::PrivateKeyInfoRef::from_der(&der).expect("pkcs8");
    pki.algorithm = AlgorithmIdentifierRef {
        oid,
        parameters: params.map(|p| AnyRef::from_der(p).expect("parameters")),
    };
    pki.to_der().expect("encode")
}

/// An SPKI DER with the given AlgorithmIdentifier over `key` bits.
fn spki_with(oid: ObjectIdentifier, params: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
    SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef {
            oid,
            parameters: params.map(|p| AnyRef::from_der(p).expect("parameters")),
        },
        subject_public_key: BitStringRef::from_bytes(key).expect("bits"),
    }
    .to_der()
    .expect("encode")
}

/// The PKCS#1 RSAPublicKey and the RSASSA-PSS parameters of the PSS-restricted test key.
fn pss_parts() -> (Vec<u8>, Vec<u8>) {
    let der = pem_der(&test_key("rsa-pss-sha384"));
    let pki = pkcs8::PrivateKeyInfoRef::from_der(&der).expect("pkcs8");
    assert_eq!(pki.algorithm.oid, RSASSA_PSS);
    let params = pki
        .algorithm
        .parameters
        .expect("PSS parameters")
        .to_der()
        .expect("der");
    let private = pkcs1::RsaPrivateKeyRef::from_der(pki.private_key.as_bytes()).expect("pkcs1");
    let public = pkcs1::RsaPublicKeyRef {
        modulus: private.modulus,
        public_exponent: private.public_exponent,
    }
    .to_der()
    .expect("der");
    (public, params)
}

#[test]
fn a_pss_restricted_key_is_pinned_in_pkcs8_as_in_spki() {
    let (public, params) = pss_parts();
    let spki = spki_with(RSASSA_PSS, Some(&params), &public);
    for (form, key) in [
        ("PKCS#8 PEM", import_text(&test_key("rsa-pss-sha384"))),
        ("SPKI DER", import_der(&spki)),
    ] {
        let key = key.unwrap_or_else(|e| panic!("{form}: {e:?}"));
        assert_eq!(key.alg.as_deref(), Some("PS384"), "{form}");
        assert!(key.notes.contains(&KeyNote::PssParameters), "{form}");
    }
    let private = import_text(&test_key("rsa-pss-sha384")).expect("pkcs8");
    assert!(private
        .notes
        .contains(&KeyNote::PrivateKey { format: "PKCS#8" }));
}

#[test]
fn pkcs8_algorithm_parameters_are_checked_as_in_spki() {
    let rsa = test_key("rsa");
    let (public, pss_params) = pss_parts();
    // rsaEncryption: NULL or absent, nothing else (RFC 8017 A.1)
    for (what, params) in [("NULL", Some(&[0x05, 0x00][..])), ("absent", None)] {
        assert!(
            import_der(&pkcs8_with(&rsa, RSA_ENCRYPTION, params)).is_ok(),
            "PKCS#8 rsaEncryption with {what} parameters"
        );
        assert!(
            import_der(&spki_with(RSA_ENCRYPTION, params, &public)).is_ok(),
            "SPKI rsaEncryption with {what} parameters"
        );
    }
    let bad: [(&str, &[u8]); 4] = [
        ("a NULL of length 1", &[0x05, 0x01, 0x00]),
        ("INTEGER 0", &[0x02, 0x01, 0x00]),
        ("an OID", &[0x06, 0x03, 0x2b, 0x65, 0x70]),
        ("an empty SEQUENCE", &[0x30, 0x00]),
    ];
    for (what, params) in bad {
        let p8 = import_der(&pkcs8_with(&rsa, RSA_ENCRYPTION, Some(params)));
        assert_eq!(
            p8.err().map(|e| e.0),
            Some("der".into()),
            "PKCS#8 with {what}"
        );
        let spki = import_der(&spki_with(RSA_ENCRYPTION, Some(params), &public));
        assert_eq!(
            spki.err().map(|e| e.0),
            Some("der".into()),
            "SPKI with {what}"
        );
    }
    // RSASSA-PSS: absent (any PS*) or RSASSA-PSS-params, never NULL (RFC 4055 §3.1)
    let pss_null = import_der(&pkcs8_with(&rsa, RSASSA_PSS, Some(&[0x05, 0x00])));
    assert_eq!(pss_null.err().map(|e| e.0), Some("der".into()));
    let spki_null = import_der(&spki_with(RSASSA_PSS, Some(&[0x05, 0x00]), &public));
    assert_eq!(spki_null.err().map(|e| e.0), Some("der".into()));
    let unpinned = import_der(&pkcs8_with(&rsa, RSASSA_PSS, None)).expect("PSS, no parameters");
    assert_eq!(unpinned.alg, None);
    let pinned = import_der(&pkcs8_with(&rsa, RSASSA_PSS, Some(&pss_params))).expect("pinned");
    assert_eq!(pinned.alg.as_deref(), Some("PS384"));
    // EC: a named curve, or absent for the SEC1 key's own (node's SEC1 inside a PKCS#8 names
    // none, so without the outer one there is no curve at all)
    let p256 = test_key("p256");
    let ec = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    let p256_oid = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7")
        .to_der()
        .expect("oid");
    assert!(import_der(&pkcs8_with(&p256, ec, Some(&p256_oid))).is_ok());
    assert!(import_der(&pkcs8_with(&p256, ec, None)).is_err());
    let ec_null = import_der(&pkcs8_with(&p256, ec, Some(&[0x05, 0x00])));
    assert_eq!(ec_null.err().map(|e| e.0), Some("der".into()));
}

/// `params` with the hash AlgorithmIdentifier's parameters written `05 01 00` (a NULL of
/// length 1, which is no NULL).
fn with_long_null(params: &[u8]) -> Vec<u8> {
    let mut p = pkcs1::RsaPssParamsOwned::from_der(params).expect("pss params");
    p.hash.parameters = Some(der::asn1::Any::from_der(&[0x05, 0x01, 0x00]).expect("any"));
    p.to_der().expect("encode")
}

#[test]
fn pss_hash_parameters_other_than_null_are_refused() {
    let (public, params) = pss_parts();
    let odd = with_long_null(&params);
    assert_ne!(odd, params);
    let key = import_der(&spki_with(RSASSA_PSS, Some(&odd), &public));
    assert_eq!(key.err().map(|e| e.0), Some("der".into()));
    let rsa = test_key("rsa");
    let key = import_der(&pkcs8_with(&rsa, RSASSA_PSS, Some(&odd)));
    assert_eq!(key.err().map(|e| e.0), Some("der".into()));
}

/// The canonical encodings of the eight small-order points (see src/verify/eddsa.rs), and
/// non-canonical encodings of points of small and of full order.
fn small_order_encodings() -> Vec<[u8; 32]> {
    curve25519_dalek::constants::EIGHT_TORSION
        .iter()
        .map(|p| p.compress().to_bytes())
        .collect()
}

fn okp(x: &[u8]) -> serde_json::Value {
    use base64::Engine as _;
    serde_json::json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(x),
    })
}

const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

#[test]
fn small_order_ed25519_keys_are_refused_in_every_form() {
    for enc in small_order_encodings() {
        let jwk = import_jwk(okp(&enc));
        assert_eq!(
            jwk.as_ref().err().map(|e| e.0.as_str()),
            Some("ed25519_small_order"),
            "JWK {enc:02x?}"
        );
        let spki = import_der(&spki_with(ED25519, None, &enc));
        assert_eq!(
            spki.err().map(|e| e.0),
            Some("ed25519_small_order".into()),
            "SPKI {enc:02x?}"
        );
    }
    // the issue's key: x = 01 00…00, the identity
    let issue = serde_json::json!({"kty":"OKP","crv":"Ed25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"});
    let (reason, message) = import_jwk(issue).expect_err("refused");
    assert_eq!(reason, "ed25519_small_order");
    assert!(message.contains("small order"), "{message}");
}

#[test]
fn non_canonical_ed25519_keys_are_refused() {
    // y = p + y0 for the small y0 that are on the curve (y0 < 19, so p + y0 < 2^255), with
    // either sign bit; and a "negative zero" x for the points whose x is 0. Whichever of these
    // ed25519-dalek decodes must be refused, as non-canonical or as small order.
    let mut refused = 0;
    let mut non_canonical = 0;
    for y0 in 0u8..19 {
        for sign in [0u8, 0x80] {
            let mut enc = [0xffu8; 32];
            enc[0] = 0xed + y0;
            enc[31] = 0x7f | sign;
            if ed25519_dalek::VerifyingKey::from_bytes(&enc).is_err() {
                continue;
            }
            let reason = import_jwk(okp(&enc)).expect_err("refused").0;
            assert!(
                reason == "ed25519_non_canonical" || reason == "ed25519_small_order",
                "y0 {y0}: {reason}"
            );
            refused += 1;
            non_canonical += usize::from(reason == "ed25519_non_canonical");
        }
    }
    assert!(
        refused >= 4,
        "only {refused} non-canonical encodings decode"
    );
    assert!(
        non_canonical >= 1,
        "no full-order non-canonical key among them"
    );
    for base in [[1u8; 1], [0xec; 1]] {
        // the identity and the point of order 2 with the sign bit set
        let mut enc = small_order_encodings()
            .into_iter()
            .find(|e| e[0] == base[0] && e[31] & 0x80 == 0)
            .expect("encoding");
        enc[31] |= 0x80;
        if ed25519_dalek::VerifyingKey::from_bytes(&enc).is_ok() {
            assert!(import_jwk(okp(&enc)).is_err());
        }
    }
}

#[test]
fn a_real_ed25519_key_still_imports() {
    let key = import_text(&test_key("ed")).expect("ed25519 pkcs8");
    let spki = key.material.clone();
    let jwt_doctor::internals::Material::Ed25519(vk) = spki else {
        panic!("not Ed25519");
    };
    assert!(import_jwk(okp(vk.as_bytes())).is_ok());
    assert!(import_der(&spki_with(ED25519, None, vk.as_bytes())).is_ok());
}
