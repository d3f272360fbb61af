//! Replays every committed fuzz reproducer (`fuzz/regressions/<target>/`) through the same
//! harness the fuzz targets run (`fuzz/src/lib.rs`, included by path), so a crash found once
//! stays fixed in a plain `cargo test`: no cargo-fuzz, no nightly feature, no sanitizer.

use std::path::PathBuf;

#[path = "../fuzz/src/lib.rs"]
mod harness;

#[test]
fn every_committed_reproducer_passes_its_harness() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    let mut failed = Vec::new();
    for (target, run) in harness::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("read a reproducer");
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failed.push(file.display().to_string());
            }
            replayed += 1;
        }
    }
    println!("{replayed} reproducers replayed");
    assert!(
        failed.is_empty(),
        "reproducers that fail again: {failed:#?}"
    );
}

/// The harnesses themselves, on a few inputs of each kind, so they stay runnable (and their
/// invariants true) even while no reproducer is committed for a target.
#[test]
fn harnesses_accept_typical_inputs() {
    const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    harness::token(A1.as_bytes());
    harness::token(format!("Bearer Bearer \"{A1}\"").as_bytes());
    harness::token(b"");
    for policy in 0..32u8 {
        for mode in 0..4u8 {
            let mut input = vec![policy, mode];
            input.extend_from_slice(A1.as_bytes());
            harness::inspect(&input);
        }
    }
    for (_, jwk) in harness::KEYS {
        for selector in [0u8, 4, 8] {
            let mut input = vec![selector];
            input.extend_from_slice(jwk.as_bytes());
            harness::key_import(&input);
        }
    }
    harness::options(br#"{"key":"secret","algorithms":["HS256"]}"#);
    harness::options(b"not json");
}
