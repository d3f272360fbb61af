//! OpenSSH public-key lines (`ssh-rsa AAAA… comment`, RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709):
//! a short reader of the wire format (uint32-length-prefixed strings, RFC 4251 §5) that hands
//! the key's numbers and points to the same constructors as every other format.

use base64::Engine as _;

use super::public::{ec_point, ed25519_public};
use super::secret::BASE64;
use super::{Decoded, KeyError};
use crate::alg::Curve;

/// The OpenSSH public-key line types we recognise (the first word of the line).
pub(crate) const SSH_TYPES: [&str; 8] = [
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-ed25519",
    "ssh-dss",
    "ssh-ed448",
    "sk-ssh-ed25519@openssh.com",
];

/// The first line that starts with an SSH key type, if any.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn ssh_line(text: &str) -> Option<&str> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let word = first.split_ascii_whitespace().next()?;
    SSH_TYPES.contains(&word).then_some(first)
}

/// A bounded reader over the SSH wire format (RFC 4251 §5: uint32-length-prefixed strings).
struct SshReader<'a> {
    data: &'a [u8],
}

impl<'a> SshReader<'a> {
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn string(&mut self) -> Result<&'a [u8], KeyError> {
        let bad = || {
            KeyError::new(
                "ssh_format",
                "the OpenSSH key data is truncated or malformed",
            )
        };
        let len_bytes: [u8; 4] = self
            .data
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(bad)?;
        let len = usize::try_from(u32::from_be_bytes(len_bytes)).map_err(|_| bad())?;
        let end = len.checked_add(4).ok_or_else(bad)?;
        let s = self.data.get(4..end).ok_or_else(bad)?;
        self.data = self.data.get(end..).ok_or_else(bad)?;
        Ok(s)
    }
}

/// Reads an OpenSSH public-key line (`ssh-rsa AAAA… comment`).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn import_ssh(line: &str) -> Result<Decoded, KeyError> {
    let mut words = line.split_ascii_whitespace();
    let kind = words.next().unwrap_or("");
    let blob = words
        .next()
        .ok_or_else(|| KeyError::new("ssh_format", "the OpenSSH line has no base64 key data"))?;
    match kind {
        "ssh-dss" => {
            return Err(KeyError::new(
                "unsupported_key_type",
                "this is an OpenSSH DSA key; JWS has no DSA algorithm",
            ))
        }
        "ssh-ed448" => {
            return Err(KeyError::new(
                "unsupported_curve",
                "this is an OpenSSH Ed448 key; jwt-doctor verifies EdDSA over Ed25519 only",
            ))
        }
        "sk-ssh-ed25519@openssh.com" => {
            return Err(KeyError::new(
                "unsupported_key_type",
                "this is an OpenSSH security-key (FIDO) key, not a plain Ed25519 key",
            ))
        }
        _ => {}
    }
    let data = BASE64.decode(blob.as_bytes()).map_err(|e| {
        KeyError::new(
            "ssh_format",
            format!("the OpenSSH key data is not valid base64: {e}"),
        )
    })?;
    let mut r = SshReader { data: &data };
    let inner = r.string()?;
    if inner != kind.as_bytes() {
        return Err(KeyError::new(
            "ssh_format",
            format!(
                "the OpenSSH line says {kind} but its data holds {}",
                String::from_utf8_lossy(inner)
            ),
        ));
    }
    let material = match kind {
        "ssh-rsa" => {
            let e = r.string()?;
            let n = r.string()?;
            super::rsa_from_be(n, e)?
        }
        "ssh-ed25519" => ed25519_public(r.string()?)?,
        _ => {
            let (curve, id) = match kind {
                "ecdsa-sha2-nistp256" => (Curve::P256, "nistp256"),
                "ecdsa-sha2-nistp384" => (Curve::P384, "nistp384"),
                _ => (Curve::P521, "nistp521"),
            };
            if r.string()? != id.as_bytes() {
                return Err(KeyError::new(
                    "ssh_format",
                    format!("the OpenSSH {kind} key names another curve"),
                ));
            }
            ec_point(curve, r.string()?)?
        }
    };
    Ok(Decoded::public(material))
}
