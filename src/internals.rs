//! Not part of the API: the parsers and primitives under the checks, exposed for this crate's
//! own crypto tests (Wycheproof, RSA sizes, key formats) and fuzz targets, which exercise them
//! one by one. They may change in any release.

pub use crate::json::{kind, parse_object, Object};
pub use crate::key::{
    import, import_jwks, secret::reinterpretations, thumbprint, Form, Imported, Key, KeyError,
    KeyNote, KeySet, Material, Repair,
};
pub use crate::token::{decode_part, repair, split, Part};
pub use crate::verify::{hmac::mac, verify as verify_signature, SigError};
