//! Where the shared conformance vectors are: `$JWT_DOCTOR_VECTORS`, else `../shared/vectors`
//! beside the repository. On a user's fresh clone they may be absent: the tests say so and pass.
//! Under CI (`CI` set), which always has them, an absent folder fails the test, so a moved or
//! renamed folder cannot turn the vector suites into tests that pass without running.

use std::path::PathBuf;

/// The vectors folder when it holds `inside` (a subfolder or file; "" for the folder itself).
///
/// # Panics
/// Under CI, when the folder (or `inside`) is absent.
pub fn vectors(inside: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("JWT_DOCTOR_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    if dir.join(inside).exists() {
        return Some(dir);
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "the conformance vectors are not at {} (CI must run them; set JWT_DOCTOR_VECTORS)",
        dir.join(inside).display()
    );
    println!("vectors not found at {}, skipped", dir.display());
    None
}
