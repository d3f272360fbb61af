//! The provider table of `docs/PROVIDERS.md`, generated from the catalogue
//! (`cargo run --example catalogue -- providers`; a test fails when it drifts).

use super::catalogue::{On, PROVIDERS};

/// The catalogue as Markdown: per provider, its issuer forms, key set, kinds and mix-ups, each
/// with the documentation it comes from.
pub fn markdown() -> String {
    let mut out = String::new();
    for p in PROVIDERS {
        out.push_str(&format!("### {} (`{}`)\n\n", p.name, p.id));
        out.push_str(&format!("Keys: `{}`\n\n", p.keys));
        out.push_str("| issuer form | variant | needs claims | source |\n|---|---|---|---|\n");
        for f in p.issuers {
            let pattern = if f.pattern.is_empty() {
                "(any)"
            } else {
                f.pattern
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | [docs]({}) |\n",
                pattern,
                f.variant,
                codes(f.when),
                f.doc
            ));
        }
        out.push_str("\n| token kind (`report.token.kind`) | told by | source |\n|---|---|---|\n");
        for k in p.kinds {
            let when = if k.when.is_empty() {
                "(otherwise)".to_string()
            } else {
                codes(k.when)
            };
            out.push_str(&format!("| `{}` | {} | [docs]({}) |\n", k.id, when, k.doc));
        }
        if !p.rules.is_empty() {
            out.push_str("\n| mix-up (`detail.nearMiss`) | when | on a failing | fix | source |\n|---|---|---|---|---|\n");
            for r in p.rules {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | [docs]({}) |\n",
                    r.near_miss,
                    premise(r.on),
                    r.checks.replace(' ', ", "),
                    r.hint.replace('|', "\\|").replace("{{", "{"),
                    r.doc
                ));
            }
        }
        out.push('\n');
    }
    out
}

fn codes(items: &[&str]) -> String {
    if items.is_empty() {
        return "—".into();
    }
    items
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn premise(on: On) -> String {
    match on {
        On::Kind(k) => format!("the token is a `{k}` token"),
        On::Placeholder(p) => format!("the same issuer form, another `{{{p}}}`"),
        On::Forms(a, b) => format!("a `{a}` issuer where `{b}` is expected"),
        On::Near(n) => format!("the issuers differ by `{n}`"),
        On::OtherHost => "the issuers are the roots of two hosts".into(),
        On::Expected(t) => format!("the expected value holds `{}`", t.replace("{{", "{")),
        On::Actual(p) => format!("a value is `{}`", p.replace(' ', "` or `")),
        On::AppIdUri => "a client id and its App ID URI `api://…`".into(),
        On::AzpExpected => "the expected audience is the token's `azp`".into(),
    }
}
