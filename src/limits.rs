//! Every explicit input limit in one place (SECURITY.md explains each): a hostile token, key
//! or key set costs at most what these allow, and is reported as a finding when it exceeds them.

pub use crate::json::{MAX_DEPTH, MAX_VALUES};
pub use crate::key::limits::*;
pub use crate::policy::{DEFAULT_MAX_TOKEN_BYTES, MAX_MAX_TOKEN_BYTES};
pub use crate::signature::MAX_KEYS_TRIED;
