//! The README's finding table and generated/ come from the catalogue and must not drift.

#[test]
fn readme_table_matches_the_catalogue() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = "<!-- findings:start -->\n";
    let end = "<!-- findings:end -->";
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md lacks the findings markers");
    };
    let table = &readme[a + start.len()..b];
    assert!(
        table == jwt_doctor::catalogue::markdown(),
        "README.md's finding table is out of date: run `bash scripts/gen-readme.sh`"
    );
}

/// generated/ (copied into pkg/ by scripts/build.sh without a native compile) must be what the
/// catalogue prints, and its stamp the hash of the sources it comes from.
#[test]
fn generated_files_match_the_catalogue() {
    use jwt_doctor::catalogue;
    use sha2::{Digest, Sha256};
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).expect(p);
    let hint =
        "generated/ is out of date: run `bash scripts/build.sh` (it regenerates it) and commit it";
    assert!(
        read("generated/findings.d.ts") == catalogue::typescript(),
        "{hint}"
    );
    assert!(
        read("generated/findings.js") == catalogue::javascript(),
        "{hint}"
    );
    assert!(
        read("generated/algs.d.ts") == catalogue::algorithms_typescript(),
        "{hint}"
    );
    assert!(
        read("generated/algs.js") == catalogue::algorithms_javascript(),
        "{hint}"
    );
    let mut h = Sha256::new();
    for p in [
        "src/findings.rs",
        "src/catalogue.rs",
        "src/alg.rs",
        "src/key/mod.rs",
        "examples/catalogue.rs",
    ] {
        h.update(std::fs::read(format!("{root}/{p}")).expect(p));
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(read("generated/sources.sha256").trim(), hex, "{hint}");
}
