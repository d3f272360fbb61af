//! jwt-doctor: a JWT validator that explains every failure.
//!
//! The core knows nothing of JavaScript: [`inspect::inspect`] takes a token and a
//! [`policy::Policy`] and returns a [`report::Report`] whose findings name the cause of any
//! failure, the evidence and the fix. `wasm.rs` is the only file that knows wasm-bindgen.
//!
//! ```
//! use jwt_doctor::{inspect::inspect, policy::Policy};
//! // RFC 7515 A.1, checked at a time before it expired
//! let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
//! let key = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
//! let options = format!(r#"{{"key":{key},"algorithms":["HS256"],"now":1300819000}}"#);
//! let report = inspect(token, &Policy::from_json(&options, 0.0).unwrap());
//! assert!(report.valid);
//! ```
#![deny(missing_docs)]
// A failed parse step returns the finding that explains it; findings are built once per
// token, never in a hot loop, so their size in `Result` does not matter.
#![allow(clippy::result_large_err)]

pub mod alg;
pub mod catalogue;
pub mod claims;
pub mod findings;
pub mod header;
pub mod inspect;
pub mod json;
pub mod key;
pub mod policy;
pub mod provider;
pub mod report;
pub mod signature;
pub mod time;
pub mod token;
pub mod verify;

pub use inspect::inspect;
pub use policy::Policy;

#[cfg(target_arch = "wasm32")]
mod wasm;
