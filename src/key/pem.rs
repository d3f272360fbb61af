//! (stub) pem
