//! docs/PROVIDERS.md's tables are generated from the provider catalogue and must not drift.

#[test]
fn providers_doc_matches_the_catalogue() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROVIDERS.md"))
        .expect("docs/PROVIDERS.md");
    let start = "<!-- providers:start -->\n";
    let end = "<!-- providers:end -->";
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        panic!("docs/PROVIDERS.md lacks the providers markers");
    };
    assert!(
        doc[a + start.len()..b] == jwt_doctor::catalogue::providers_markdown(),
        "docs/PROVIDERS.md is out of date: run `bash scripts/gen-readme.sh`"
    );
}
