//! Differential tests of the DER reader (src/key/der.rs) and the structure readers built on it
//! (src/key/pem.rs, `der_to_raw` in src/verify/ecdsa.rs) against the RustCrypto format crates
//! they replaced (`der`, `spki`, `pkcs1`, `pkcs8`, `sec1`, ed25519-dalek's `pkcs8`), which stay
//! here as the reference: on the key fixtures of `vectors/` (peers' keys and certificates,
//! Wycheproof key material), on every truncation and many single-byte changes of them, and on
//! random mutations (proptest), both must accept and reject alike and extract the same bytes.
//!
//! Vectors are read from `$JWT_DOCTOR_VECTORS` (default `../shared/vectors`); when absent the
//! vector-driven tests say so and pass (the built-in structures still run).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use der::asn1::{BitStringRef, IntRef, OctetStringRef, SequenceRef, UintRef};
use der::{Decode, DecodeValue, Header, Reader, Sequence, TagMode, TagNumber};
use jwt_doctor::key::der::BitString;
use jwt_doctor::key::pem::{self, AlgorithmId};
use jwt_doctor::key::{import, Imported, KeyInput, Material, SecretEncoding};
use proptest::prelude::*;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

fn vectors() -> Option<PathBuf> {
    let dir = std::env::var_os("JWT_DOCTOR_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    dir.join("peers").is_dir().then_some(dir)
}

// ---- The reference: the crates, and the certificate outline / encrypted-PKCS#8 recogniser
// ---- jwt-doctor had on them (src/key/pem.rs before the reader was ours).

struct CertificateOutline<'a> {
    spki: SubjectPublicKeyInfoRef<'a>,
}

impl<'a> DecodeValue<'a> for CertificateOutline<'a> {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let tbs: TbsCertificateOutline<'a> = reader.decode()?;
        let _signature_algorithm: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _signature: BitStringRef<'a> = reader.decode()?;
        Ok(CertificateOutline { spki: tbs.spki })
    }
}
impl Sequence<'_> for CertificateOutline<'_> {}

struct TbsCertificateOutline<'a> {
    spki: SubjectPublicKeyInfoRef<'a>,
}

impl<'a> DecodeValue<'a> for TbsCertificateOutline<'a> {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let version: Option<u8> = reader.context_specific(TagNumber(0), TagMode::Explicit)?;
        if version.is_some_and(|v| v > 2) {
            return Err(der::Tag::Integer.value_error().into());
        }
        let _serial_number: IntRef<'a> = reader.decode()?;
        let _signature: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _issuer: &'a SequenceRef = reader.decode()?;
        let _validity: &'a SequenceRef = reader.decode()?;
        let _subject: &'a SequenceRef = reader.decode()?;
        let spki: SubjectPublicKeyInfoRef<'a> = reader.decode()?;
        let _issuer_unique_id: Option<BitStringRef<'a>> =
            reader.context_specific(TagNumber(1), TagMode::Implicit)?;
        let _subject_unique_id: Option<BitStringRef<'a>> =
            reader.context_specific(TagNumber(2), TagMode::Implicit)?;
        let _extensions: Option<&'a SequenceRef> =
            reader.context_specific(TagNumber(3), TagMode::Explicit)?;
        Ok(TbsCertificateOutline { spki })
    }
}
impl Sequence<'_> for TbsCertificateOutline<'_> {}

struct EncryptedPki;

impl<'a> DecodeValue<'a> for EncryptedPki {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let alg: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _data: &'a OctetStringRef = reader.decode()?;
        let s = alg.oid.to_string();
        if s.starts_with("1.2.840.113549.1.12.1.") || s.starts_with("1.2.840.113549.1.5.") {
            Ok(EncryptedPki)
        } else {
            Err(der::Tag::Sequence.value_error().into())
        }
    }
}
impl Sequence<'_> for EncryptedPki {}

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

// ---- Comparable summaries (None = rejected).

type Params = Option<(u8, Vec<u8>)>;

fn ours_alg(a: &AlgorithmId<'_>) -> (Vec<u8>, Params) {
    (
        a.oid.as_bytes().to_vec(),
        a.parameters.map(|p| (p.tag.first, p.value.to_vec())),
    )
}

fn theirs_alg(a: &AlgorithmIdentifierRef<'_>) -> (Vec<u8>, Params) {
    let params = a.parameters.map(|p| {
        let mut enc = Vec::new();
        der::Encode::encode_to_vec(&p, &mut enc).expect("re-encode parameters");
        (enc[0], p.value().to_vec())
    });
    (a.oid.as_bytes().to_vec(), params)
}

fn ours_bits(b: &BitString<'_>) -> (u8, Vec<u8>) {
    (b.unused_bits, b.bytes.to_vec())
}

fn theirs_bits(b: &BitStringRef<'_>) -> (u8, Vec<u8>) {
    (b.unused_bits(), b.raw_bytes().to_vec())
}

type SpkiSummary = ((Vec<u8>, Params), (u8, Vec<u8>));

fn ours_spki(s: &pem::Spki<'_>) -> SpkiSummary {
    (ours_alg(&s.algorithm), ours_bits(&s.public_key))
}

fn theirs_spki(s: &SubjectPublicKeyInfoRef<'_>) -> SpkiSummary {
    (theirs_alg(&s.algorithm), theirs_bits(&s.subject_public_key))
}

/// Compares every structure reader with its reference on `der`; returns how many accepted.
fn compare(der: &[u8]) -> usize {
    let mut accepted = 0;
    let mut check = |name: &str, ours: Option<String>, theirs: Option<String>| {
        assert_eq!(ours, theirs, "{name} differs on {}", hex(der));
        accepted += usize::from(ours.is_some());
    };
    check(
        "SubjectPublicKeyInfo",
        pem::read_spki(der)
            .ok()
            .map(|s| format!("{:?}", ours_spki(&s))),
        SubjectPublicKeyInfoRef::from_der(der)
            .ok()
            .map(|s| format!("{:?}", theirs_spki(&s))),
    );
    check(
        "RSAPublicKey",
        pem::read_rsa_public(der)
            .ok()
            .map(|k| format!("{:?}", (k.modulus, k.public_exponent))),
        pkcs1::RsaPublicKeyRef::from_der(der)
            .ok()
            .map(|k| format!("{:?}", (k.modulus.as_bytes(), k.public_exponent.as_bytes()))),
    );
    check(
        "RSAPrivateKey",
        pem::read_rsa_private(der)
            .ok()
            .map(|k| format!("{:?}", (k.modulus, k.public_exponent))),
        pkcs1::RsaPrivateKeyRef::from_der(der)
            .ok()
            .map(|k| format!("{:?}", (k.modulus.as_bytes(), k.public_exponent.as_bytes()))),
    );
    check(
        "PrivateKeyInfo",
        pem::read_pkcs8(der).ok().map(|k| {
            format!(
                "{:?}",
                (
                    ours_alg(&k.algorithm),
                    k.private_key,
                    k.public_key.map(|b| ours_bits(&b))
                )
            )
        }),
        pkcs8::PrivateKeyInfoRef::from_der(der).ok().map(|k| {
            format!(
                "{:?}",
                (
                    theirs_alg(&k.algorithm),
                    k.private_key.as_bytes(),
                    k.public_key.map(|b| theirs_bits(&b))
                )
            )
        }),
    );
    check(
        "ECPrivateKey",
        pem::read_sec1(der).ok().map(|k| {
            format!(
                "{:?}",
                (
                    k.private_key,
                    k.named_curve.map(|c| c.as_bytes().to_vec()),
                    k.public_key
                )
            )
        }),
        sec1::EcPrivateKey::from_der(der).ok().map(|k| {
            format!(
                "{:?}",
                (
                    k.private_key,
                    k.parameters
                        .and_then(|p| p.named_curve())
                        .map(|c| c.as_bytes().to_vec()),
                    k.public_key
                )
            )
        }),
    );
    check(
        "Certificate",
        pem::read_certificate_spki(der)
            .ok()
            .map(|s| format!("{:?}", ours_spki(&s))),
        CertificateOutline::from_der(der)
            .ok()
            .map(|c| format!("{:?}", theirs_spki(&c.spki))),
    );
    check(
        "EncryptedPrivateKeyInfo",
        pem::is_encrypted_pkcs8(der).then(String::new),
        EncryptedPki::from_der(der).ok().map(|_| String::new()),
    );
    // The parameters as a named curve, where both read an AlgorithmIdentifier.
    if let (Ok(o), Ok(t)) = (pem::read_spki(der), SubjectPublicKeyInfoRef::from_der(der)) {
        assert_eq!(
            o.algorithm.parameters_oid().map(|c| c.as_bytes().to_vec()),
            t.algorithm
                .parameters_oid()
                .ok()
                .map(|c| c.as_bytes().to_vec()),
            "parameters_oid differs on {}",
            hex(der)
        );
        assert_eq!(o.algorithm.oid.dotted(), t.algorithm.oid.to_string());
    }
    // Ed25519 PKCS#8: our seed reader against ed25519-dalek's.
    if let Ok(pki) = pkcs8::PrivateKeyInfoRef::from_der(der) {
        if pki.algorithm.oid.to_string() == "1.3.101.112" {
            let theirs = ed25519_dalek::SigningKey::try_from(pki)
                .ok()
                .map(|k| k.verifying_key().to_bytes());
            let ours = match import(&KeyInput::Bytes(der.to_vec()), SecretEncoding::Utf8) {
                Ok(Imported::One(k)) => match k.material {
                    Material::Ed25519(vk) => Some(vk.to_bytes()),
                    other => panic!("Ed25519 PKCS#8 imported as {other:?}"),
                },
                Ok(Imported::Set(_)) => panic!("a set"),
                Err(e) => {
                    assert_eq!(e.reason, "der", "{}", e.message);
                    None
                }
            };
            assert_eq!(ours, theirs, "Ed25519 PKCS#8 differs on {}", hex(der));
        }
    }
    // Never panics through the whole import either.
    let _ = import(&KeyInput::Bytes(der.to_vec()), SecretEncoding::Utf8);
    accepted
}

fn compare_signature(der: &[u8]) {
    for scalar_len in [32, 48, 66] {
        let ours = jwt_doctor::verify::ecdsa::der_to_raw(der, scalar_len);
        let theirs = (der.len() <= 2 * scalar_len + 16)
            .then(|| EcdsaSigValue::from_der(der).ok())
            .flatten()
            .and_then(|v| {
                let (r, s) = (v.r.as_bytes(), v.s.as_bytes());
                (r.len() <= scalar_len && s.len() <= scalar_len).then(|| {
                    let mut out = vec![0u8; 2 * scalar_len];
                    out[scalar_len - r.len()..scalar_len].copy_from_slice(r);
                    out[2 * scalar_len - s.len()..].copy_from_slice(s);
                    out
                })
            });
        assert_eq!(ours, theirs, "der_to_raw differs on {}", hex(der));
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

// ---- Fixtures.

/// Every PEM block's DER (or a raw .der file) under `dir`.
fn pem_fixtures(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            pem_fixtures(&path, out);
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "der") {
            out.push(bytes);
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let mut rest = text.as_str();
        while let Some(start) = rest.find("-----BEGIN ") {
            let after = &rest[start..];
            let Some(body_start) = after.find("-----\n").or_else(|| after.find("-----\r\n")) else {
                break;
            };
            let Some(end) = after.find("-----END ") else {
                break;
            };
            if end > body_start {
                let b64: String = after[body_start + 5..end]
                    .lines()
                    .filter(|l| !l.contains(':'))
                    .flat_map(|l| l.chars().filter(|c| !c.is_ascii_whitespace()))
                    .collect();
                if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(b64) {
                    out.push(der);
                }
            }
            rest = &after[end + 9..];
        }
    }
}

/// `publicKeyDer` (SPKI) and `publicKeyAsn` (PKCS#1) of every Wycheproof key group, one of each
/// distinct value.
fn wycheproof_fixtures(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir.join("wycheproof/testvectors_v1")) else {
        return;
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !(name.starts_with("ecdsa") || name.starts_with("rsa") || name.starts_with("ed25519")) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for group in json["testGroups"].as_array().into_iter().flatten() {
            for field in ["publicKeyDer", "publicKeyAsn"] {
                if let Some(h) = group[field].as_str() {
                    if seen.insert(h.to_string()) {
                        out.push(unhex(h));
                    }
                }
            }
        }
    }
}

/// Built-in structures that cover fields the fixtures may lack: PKCS#8 v2 with a public key and
/// attributes, SEC1 without parameters or public key, a multi-prime RSAPrivateKey, a
/// certificate with unique IDs and extensions, an encrypted PKCS#8.
fn built_in() -> Vec<Vec<u8>> {
    fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
        let value: Vec<u8> = parts.concat();
        let mut out = vec![tag];
        if value.len() < 0x80 {
            out.push(value.len() as u8);
        } else if value.len() < 0x100 {
            out.extend([0x81, value.len() as u8]);
        } else {
            out.extend([0x82, (value.len() >> 8) as u8, value.len() as u8]);
        }
        out.extend(value);
        out
    }
    let int = |v: &[u8]| tlv(0x02, &[v]);
    let ed_oid = tlv(0x06, &[&[0x2B, 0x65, 0x70]]);
    let ec_oid = tlv(0x06, &[&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]]);
    let p256 = tlv(0x06, &[&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]]);
    let seed = [7u8; 32];
    let public = ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes();
    let ed_alg = tlv(0x30, &[&ed_oid]);
    let inner_seed = tlv(0x04, &[&seed]);
    let pkcs8_v2 = tlv(
        0x30,
        &[
            &int(&[1]),
            &ed_alg,
            &tlv(0x04, &[&inner_seed]),
            &tlv(0xA0, &[&tlv(0x30, &[&int(&[5])])]),
            &tlv(0x81, &[&[0], &public]),
        ],
    );
    let pkcs8_v1 = tlv(0x30, &[&int(&[0]), &ed_alg, &tlv(0x04, &[&inner_seed])]);
    let scalar = {
        let mut s = [0u8; 32];
        s[31] = 3;
        s
    };
    let sec1_bare = tlv(0x30, &[&int(&[1]), &tlv(0x04, &[&scalar])]);
    let sec1_curve = tlv(
        0x30,
        &[&int(&[1]), &tlv(0x04, &[&scalar]), &tlv(0xA0, &[&p256])],
    );
    let pkcs8_ec = tlv(
        0x30,
        &[
            &int(&[0]),
            &tlv(0x30, &[&ec_oid, &p256]),
            &tlv(0x04, &[&sec1_bare]),
        ],
    );
    let big = |b: u8| {
        let mut v = vec![0x00, 0x80 | b];
        v.extend([b; 20]);
        v
    };
    let other = tlv(0x30, &[&int(&big(1)), &int(&big(2)), &int(&big(3))]);
    let rsa_multi = tlv(
        0x30,
        &[
            &int(&[1]),
            &int(&big(9)),
            &int(&[1, 0, 1]),
            &int(&big(4)),
            &int(&big(5)),
            &int(&big(6)),
            &int(&big(7)),
            &int(&big(8)),
            &int(&big(3)),
            &tlv(0x30, &[&other]),
        ],
    );
    let spki = tlv(0x30, &[&ed_alg, &tlv(0x03, &[&[0], &public])]);
    let name = tlv(
        0x30,
        &[&tlv(
            0x31,
            &[&tlv(
                0x30,
                &[&tlv(0x06, &[&[0x55, 4, 3]]), &tlv(0x0C, &[b"x"])],
            )],
        )],
    );
    let tbs = tlv(
        0x30,
        &[
            &tlv(0xA0, &[&int(&[2])]),
            &int(&[0x01, 0x02]),
            &ed_alg,
            &name,
            &tlv(
                0x30,
                &[
                    &tlv(0x17, &[b"250101000000Z"]),
                    &tlv(0x17, &[b"260101000000Z"]),
                ],
            ),
            &name,
            &spki,
            &tlv(0x81, &[&[0x03, 0xF8]]),
            &tlv(0x82, &[&[0x00]]),
            &tlv(0xA3, &[&tlv(0x30, &[])]),
        ],
    );
    let cert = tlv(0x30, &[&tbs, &ed_alg, &tlv(0x03, &[&[0], &[9u8; 64]])]);
    let pbes2 = tlv(
        0x30,
        &[
            &tlv(
                0x30,
                &[
                    &tlv(
                        0x06,
                        &[&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D]],
                    ),
                    &tlv(0x30, &[]),
                ],
            ),
            &tlv(0x04, &[&[1, 2, 3]]),
        ],
    );
    let sig = tlv(0x30, &[&int(&[0x00, 0x80]), &int(&[0x7F])]);
    vec![
        pkcs8_v2, pkcs8_v1, sec1_bare, sec1_curve, pkcs8_ec, rsa_multi, spki, cert, pbes2, sig,
    ]
}

fn all_fixtures() -> &'static [Vec<u8>] {
    static FIXTURES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(load_fixtures)
}

fn load_fixtures() -> Vec<Vec<u8>> {
    let mut out = built_in();
    match vectors() {
        Some(dir) => {
            pem_fixtures(&dir.join("peers"), &mut out);
            wycheproof_fixtures(&dir, &mut out);
        }
        None => eprintln!("vectors not found: only the built-in structures are compared"),
    }
    out
}

#[test]
fn fixtures_agree() {
    let fixtures = all_fixtures();
    let structures = fixtures.iter().filter(|f| compare(f) > 0).count();
    eprintln!(
        "{structures} of {} fixtures read as a key structure by both",
        fixtures.len()
    );
    // Nearly every fixture is a key structure (an `EC PARAMETERS` block is not).
    assert!(
        structures * 10 >= fixtures.len() * 9,
        "only {structures} of {} fixtures read as a key structure",
        fixtures.len()
    );
    for f in fixtures {
        compare_signature(f);
    }
}

/// Truncations, and a few byte changes (length and tag bytes among them) at the same positions,
/// of every fixture; plus one appended byte.
#[test]
fn exhaustive_small_changes_agree() {
    for f in all_fixtures() {
        let f = f.clone();
        // Large RSA keys: every position of the first 64 bytes, a stride beyond, and the last
        // 16 (the headers are at the start, nested ends at the end; the rest is integer
        // content). Every position of every fixture took 100 s in a debug build.
        let positions: Vec<usize> = (0..f.len())
            .filter(|i| *i < 64 || i % 37 == 0 || i + 16 >= f.len())
            .collect();
        for &cut in &positions {
            compare(&f[..cut]);
        }
        for &i in &positions {
            let changes: [fn(u8) -> u8; 8] = [
                |b: u8| b.wrapping_add(1),
                |b: u8| b.wrapping_sub(1),
                |b: u8| b ^ 0x80,
                |b: u8| b ^ 0x20,
                |_| 0x00,
                |_| 0xFF,
                |_| 0x80,
                |_| 0x81,
            ];
            for change in changes {
                let mut g = f.clone();
                g[i] = change(g[i]);
                compare(&g);
                compare_signature(&g);
            }
        }
        let mut g = f.clone();
        g.push(0);
        compare(&g);
    }
}

fn fixture_index() -> impl Strategy<Value = usize> {
    0..all_fixtures().len()
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Set(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Remove(usize),
    Append(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
        proptest::collection::vec(any::<u8>(), 1..4).prop_map(Mutation::Append),
    ]
}

fn apply(f: &mut Vec<u8>, m: &Mutation) {
    let n = f.len().max(1);
    match m {
        Mutation::Flip(i, b) => {
            if let Some(x) = f.get_mut(i % n) {
                *x ^= 1 << b;
            }
        }
        Mutation::Set(i, b) => {
            if let Some(x) = f.get_mut(i % n) {
                *x = *b;
            }
        }
        Mutation::Truncate(i) => f.truncate(i % n),
        Mutation::Insert(i, b) => f.insert(i % n, *b),
        Mutation::Remove(i) => {
            if !f.is_empty() {
                f.remove(i % n);
            }
        }
        Mutation::Append(bytes) => f.extend_from_slice(bytes),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Up to four random mutations of a fixture (bit flips, byte changes, truncations,
    /// insertions, removals, appended bytes).
    #[test]
    fn random_mutations_agree(
        index in fixture_index(),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let mut f = all_fixtures()[index].clone();
        for m in &mutations {
            apply(&mut f, m);
        }
        compare(&f);
        compare_signature(&f);
    }

    /// Random short byte strings that start like a SEQUENCE.
    #[test]
    fn random_bytes_agree(tail in proptest::collection::vec(any::<u8>(), 0..40)) {
        let mut f = vec![0x30, tail.len() as u8];
        f.extend(tail);
        compare(&f);
        compare_signature(&f);
    }
}
