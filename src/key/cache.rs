//! (stub) cache
