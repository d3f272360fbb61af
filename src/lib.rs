//! jwt-doctor: a JWT validator that explains every failure.
//!
//! The core knows nothing of JavaScript: [`inspect::inspect`] takes a token and a
//! [`policy::Policy`] and returns a [`report::Report`]. `wasm.rs` is the only file that knows
//! wasm-bindgen.
#![deny(missing_docs)]

pub mod alg;
pub mod key;
pub mod verify;
