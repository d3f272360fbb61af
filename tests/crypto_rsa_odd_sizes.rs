//! RSA moduli whose bit length is not a multiple of 8, where the PSS encoded message is one
//! byte shorter than the modulus when modBits ≡ 1 (mod 8) (RFC 8017 §9.1.2: emLen =
//! ⌈(modBits − 1)/8⌉) and the top bits of the encoded message are masked. No Wycheproof file has
//! such a key. The keys and signatures were made by an independent Python signer (own PSS and
//! PKCS#1 v1.5 encoding, random primes) and verified with OpenSSL (node:crypto). Every verdict,
//! including on corrupted signatures, must equal the `rsa` crate's.

use jwt_doctor::alg::Alg;
use jwt_doctor::internals::{import, Imported, Material};
use jwt_doctor::{KeyInput, SecretEncoding};
use rsa::sha2::{Sha256, Sha384, Sha512};

struct Case {
    bits: usize,
    n: &'static str,
    e: u64,
    msg: &'static str,
    ps384: &'static str,
    ps256: &'static str,
    rs512: &'static str,
}

const CASES: &[Case] = &[
    Case {
        bits: 1025,
        n: concat!(
            "018e2d68535d1d71a7b831781a8fe8f5d3d9f62364da17d7da4a1b3f55e19facf6f47959ff19",
            "6c9b3c325c09b32bd9223f3ba9d99d9f549d3a0d9b9dfa953aa5111294bc828717782c266866",
            "5d2b5cea9cf4bd45919c1371f70bfc824c19d92d9beb0043f263d701e5110fd00719c893da46",
            "be4e42671ea29c29696825007ba499",
        ),
        e: 65537,
        msg: "jwt-doctor test message, 1025-bit key",
        ps384: concat!(
            "00408111dc5804df325c6785040c8bf3e9164ede8caa10869f21242e3f371cae11ef8b844288",
            "9ed30cf0efc2846c2e350f05bbfa7a943c2f0c5c960c8a0e727b0c0dcdbe5c1db4498d9261c2",
            "72edf88d6b6d1381f6b69017c689f50565d9c2495d6a019288c7d0c0326e3576353f1e2d11b0",
            "b82dce6d24cf9f4c16509030a1c14f",
        ),
        ps256: concat!(
            "0132fd804ff8fae545c35e18dae6ac2dd26604220bc0faea284b4a370630ba6ff758d1b0dd28",
            "5b7c51030e1a770428d9ac5e9797c86492fe416c23a727ff696e0ff12c6a56fa9d2e1b975d39",
            "ffe5fb67ddfdd07b41cff567a78a28122e9e56591b994fe7f76cc1baabe22ab6af0ae319f060",
            "37f58ee78b0c3246b8c4db498a8c7c",
        ),
        rs512: concat!(
            "00fa54ad63dbc2750cd913dc10017c4905f72a380569e78df9363938e7ea94800171a4f70e9a",
            "14192d12b37877c7db20088306d42dc983aabca1677a1a1e6433537e0da856643c52d392209f",
            "f5774fd821a3ead55c4811ba3f8480e93e1db6c9d91263a5570ac6d48522fb00146526050a00",
            "fb6ea1295838934ede36833fd72e59",
        ),
    },
    Case {
        bits: 2049,
        n: concat!(
            "0162d51796827f8e8efb8b3c673a44a8948f575a26842b2bbca1fa23f592fea176d1b961297c",
            "d7090936e4bda58771ab3a1f9e233053c1d2601c06d28eb2ac4fc1811cab8667871cc090dfd8",
            "291362d61ac8934b8d5f7d2f759e29b6c230080273f9bb8b3c3585337073f63ff73702b0699c",
            "70b5af8def05ec113c058685e5aabf0332e10e20e12cca70e14d4a21f5fafaee3a31e9182987",
            "35580ee345aa01639860954ee6eab66336116e551d5c14ac0d0289dcf6c5aed1ae3bfed1c5fb",
            "45e37a0b70a99ab21459f8d4d1a6e155fbcc944852ac8ef1576d8b1a5df4284a3787b74150ee",
            "05c3999ab0470fa1fc0c02724ce6146957c435499450da71bf662416d5",
        ),
        e: 65537,
        msg: "jwt-doctor test message, 2049-bit key",
        ps384: concat!(
            "00260c536b208281fd700014e876b0fa7dbb4d712563f31d1bf8557a4e648a697eb3460c54a9",
            "b63a093a946f7fedf4c2cb6d9963af9ce4be0b3d85ef6d7a62fc38bb6a216ea0b5cbebb8ceab",
            "19e8cdfbd327c766c5a44925cebeee5e460431e92217060f6631f440092f6c3e0fa3fb5ea104",
            "1f383b3ef3df99ce43430be0e61fa2dbe2ac6f17562d8f576d49e9bfaa64696435691da15afb",
            "9047d070c777e636e5151ae0fd03376d5c6fb4d78abf766fa0d3e88510229d80cb62424f1abc",
            "32e7ff81d77dedbf49ab78a013d21682b86e6243275a38e491e077c175322662db6ac7263d24",
            "1483de4ca5378b3ffef9dcf71ed1ab98fde1d919e79f3a11f62474db95",
        ),
        ps256: concat!(
            "0124013921170d6f7d6e32453b6b0e1bf56220e665b1cae755f401406af8f155d8824985c096",
            "d726846ba3f3f9c541fd9b587a79bb3f8fc94f182b957c1b75bdfdafeb228ea2438139896f1e",
            "43dc09137c9652a276d9ea416ab75f2154ceae3399ec05ab0f7bd29bf7d2bf0e28a24a8d77cf",
            "3699e7dce02bec41a1052bfbe080f1959c48a228612a2d97f0968b196a8b50e2a4d4c840f91a",
            "ca51cd857ecf987777c9457f36ce8580930ff88ef01597b445a08ee604dd1d51a3b7c0deacd1",
            "bfd4c5de61bf3eb68cbb3d4c09754ef249c707a3f8467b21ceb41a78d85f4edcb8ab5c5c96a5",
            "929fe528005491772c3b6a1a7bff2574752ec030ff470d2addaaf20f82",
        ),
        rs512: concat!(
            "00fd8c6b5337168db166f8212d1eae57ee6aae95376f63bf67957892f3b24847584582842274",
            "f7e97314c1ead075a017fc1bd20a412ec06e9b9a43f92d41e00a6aaab06a942fd8647d8b59dd",
            "fbb2b16cc54279f60140d1fd04fdb4ad0af7ada9f7a09552ebf892c802a843378f7b4cbf6862",
            "65f89cc98496bf3519aba79e547c6eaf99a44bd2b26a7367384040da3af4e453ee0888c80977",
            "a5d330eac8a0c703a68a1b6b2ae051ebb0d5d51cc9c4a9ba5ed9b674e73ed49ebd350759aaf8",
            "622891f266b240345ba26a70ff3f06f9cdac61fc843b889eee3f458bc7943eb2427ed42b0e6b",
            "c4c68a60b5c3d62933dda4b17c4fe23427fc3cbc97d75107d3826ec034",
        ),
    },
    Case {
        bits: 1031,
        n: concat!(
            "56bcefb12ddd306c49bf0dd8380f891fe08e8702f1d3a4ea37efae4cd07a850a2f361a77f356",
            "866f7a5c7324ca16f5a39245f5c7dbce2166d7ac07acb3816494d8428f2ab2867426fa7aa456",
            "fff1c7265afc282932a268a1998b12501910625e8cb5f12a8c835a4a45eef56b254d3af137a0",
            "05c5cb5dc19986e8a655e17b555405",
        ),
        e: 3,
        msg: "jwt-doctor test message, 1031-bit key",
        ps384: concat!(
            "160b8bbc28c31042ca3cc0b80382930558af46177dd50e0731459b876796c0411e57694b6882",
            "d3964ecd506f36bcc9eefbd49a3aaef2caede177844a60d9a14e4e0b4d8c3eb492c2293c6425",
            "979f7a2ff94be9a942e98f137292563a556bf3f490631ab2634b40e11c092b0fdf724675a887",
            "0b376330026b5c17ab9a24ad68bfe7",
        ),
        ps256: concat!(
            "14e27146754735a14c57bc2569267e52d7f24f5713b4431a495cad92332719956c002234e665",
            "4388f06cbe8bc520b4e1437314d40f2c160da64761f91168c312ec7e27d97e3f626614fab790",
            "c909bfd41bfa4273e1902dffdad8a71a0e6b83b103a3cd4037014bd28920d6d86935ace31d19",
            "19beb57f9b4b4a6b013de880602ddd",
        ),
        rs512: concat!(
            "0dc92ba5825d10c861a7a862dc8ef741e662dcbf502f3b0aaa8a7a01fe7a98f835fc57bba8aa",
            "8ac3f51481d8a419793d024f0ce76138ea85f26fd96947d21a0b6078a5f054ba4f9566239d1d",
            "a213f4f5242188d2c9e72f910350987731554eba7b1549f0642f92f2654df4e6a809f638dc9a",
            "bfccb92cedf7a2f6d9767ebeda8a80",
        ),
    },
];

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn key(case: &Case) -> Material {
    let e = case.e.to_be_bytes();
    let e = &e[e.iter().position(|b| *b != 0).expect("e > 0")..];
    let jwk = serde_json::json!({ "kty": "RSA", "n": b64url(&hex(case.n)), "e": b64url(e) });
    match import(&KeyInput::Json(jwk), SecretEncoding::Utf8).expect("key imports") {
        Imported::One(k) => k.material,
        Imported::Set(_) => panic!("one key expected"),
    }
}

/// The `rsa` crate's verdict (the implementation jwt-doctor used before its own).
fn reference(alg: &str, key: &rsa::PublicKey, msg: &[u8], sig: &[u8]) -> bool {
    match alg {
        "PS384" => key.pss_verify::<Sha384>(msg, sig).is_ok(),
        "PS256" => key.pss_verify::<Sha256>(msg, sig).is_ok(),
        "RS512" => key.pkcs1v15_verify::<Sha512>(msg, sig).is_ok(),
        _ => unreachable!(),
    }
}

#[test]
fn odd_sized_moduli_verify_like_the_rsa_crate() {
    for case in CASES {
        let material = key(case);
        let Material::Rsa(rsa_key) = &material else {
            panic!("RSA key expected");
        };
        assert_eq!(rsa_key.bits(), case.bits);
        let reference_key = rsa::PublicKey::new(
            rsa::BoxedUint::from_be_slice_vartime(rsa_key.n_bytes()),
            rsa::BoxedUint::from_be_slice_vartime(rsa_key.e_bytes()),
        )
        .expect("the rsa crate accepts the key");
        let msg = case.msg.as_bytes();
        for (alg, sig) in [
            ("PS384", case.ps384),
            ("PS256", case.ps256),
            ("RS512", case.rs512),
        ] {
            let alg_v = Alg::by_name(alg).expect("alg");
            let sig = hex(sig);
            assert_eq!(
                jwt_doctor::internals::verify_signature(alg_v, &material, msg, &sig),
                Ok(()),
                "{} bits {alg}",
                case.bits
            );
            assert!(reference(alg, &reference_key, msg, &sig));
            // Another message, and each bit of the first, second and last bytes and a few in
            // between flipped (the first byte holds the masked top bits).
            let other = jwt_doctor::internals::verify_signature(alg_v, &material, b"other", &sig);
            assert!(other.is_err());
            let positions = [0, 1, 2, sig.len() / 2, sig.len() - 2, sig.len() - 1];
            for pos in positions {
                for bit in 0..8 {
                    let mut bad = sig.clone();
                    bad[pos] ^= 1 << bit;
                    let ours = jwt_doctor::internals::verify_signature(alg_v, &material, msg, &bad)
                        .is_ok();
                    assert_eq!(
                        ours,
                        reference(alg, &reference_key, msg, &bad),
                        "{} bits {alg} byte {pos} bit {bit}",
                        case.bits
                    );
                    assert!(!ours, "{} bits {alg} byte {pos} bit {bit}", case.bits);
                }
            }
        }
        // A PS384 signature is not a PS256 or RS512 one.
        for alg in ["PS256", "RS512"] {
            let alg_v = Alg::by_name(alg).expect("alg");
            assert!(jwt_doctor::internals::verify_signature(
                alg_v,
                &material,
                msg,
                &hex(case.ps384)
            )
            .is_err());
        }
    }
}
