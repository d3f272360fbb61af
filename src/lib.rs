//! jwt-doctor: a JWT validator that explains every failure.
//!
//! The core knows nothing of JavaScript and reads no clock: [`inspect`] takes a token and a
//! [`Policy`] (built from the options, `now` included) and returns a [`Report`] whose findings
//! name the cause of any failure, the evidence and the fix; [`verify`] is the production path,
//! which stops at the first error. Every finding's [`Code`] is in one catalogue, with its
//! severity, check and default hint. `src/wasm/` is the only code that knows wasm-bindgen.
//!
//! ```
//! use jwt_doctor::{inspect, Policy};
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
// The crate is built at opt-level 3 for the hot path of `verify` (the token, JSON and claim
// checks), but code that runs once per key (import, certificate and PSS parameter reading) or
// only to explain a failure (provider mix-ups) gains nothing from it, and the generic
// curve and DER code it instantiates is large at level 3. In the WebAssembly build with Debian's
// rustc (which scripts/build.sh runs with RUSTC_BOOTSTRAP), `jwt_doctor_size` marks those
// functions `#[optimize(size)]`, as the dependencies are built; the module has a 300 KB gzip
// budget. Elsewhere the attribute is absent and nothing changes but size.
#![cfg_attr(jwt_doctor_size, feature(optimize_attribute))]

pub mod alg;
pub mod catalogue;
mod claims;
mod findings;
mod header;
mod inspect;
#[doc(hidden)]
pub mod internals;
mod json;
mod key;
pub mod limits;
mod policy;
mod provider;
#[cfg(feature = "rehearse")]
pub mod rehearse;
mod report;
mod signature;
mod time;
mod token;
mod verify;

pub use findings::{Check, Code, Finding, Severity};
pub use inspect::{decode, inspect, run, run_verification, verify, Decoded, Mode, Verification};
pub use key::describe::{describe as describe_key, KeyDescription};
pub use key::{KeyInput, SecretEncoding};
pub use policy::{JwksInput, Misuse, OneOrMany, Options, Policy};
pub use report::{Cause, CheckResult, Report, SignatureInfo, Status, Times, TokenInfo};

#[cfg(all(target_arch = "wasm32", feature = "bindings"))]
mod wasm;
// The wire forms belong to the bindings (wasm32 only); their tests run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "wasm/wire.rs"]
mod wire;
