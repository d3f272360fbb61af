//! (stub) thumbprint
