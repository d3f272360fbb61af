//! The README's finding table is generated from the catalogue and must not drift.

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
