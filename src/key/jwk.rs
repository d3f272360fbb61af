//! (stub) jwk
