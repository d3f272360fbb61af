//! HMAC secrets and their encodings. (Stub.)
