//! The provider tables of `docs/PROVIDERS.md`, generated from the catalogue
//! (`cargo run --example catalogue -- providers`; a test fails when it drifts).

use super::catalogue::{Row, Rows, PROVIDERS};

/// The catalogue as Markdown: per provider, its issuer forms, key set, kinds and mix-ups, each
/// with the documentation it comes from.
pub fn markdown() -> String {
    let mut out = String::new();
    for p in PROVIDERS {
        out.push_str(&format!(
            "### {} (`{}`)\n\nKeys: `{}`\n\n",
            p.name, p.id, p.keys
        ));
        table(
            &mut out,
            "| issuer form | variant | needs claims | source |",
            &p.issuers,
            |r| {
                let pattern = match r.field(0) {
                    "" => "(any)",
                    x => x,
                };
                format!("`{pattern}` | {} | {}", r.field(1), codes(r.field(3)))
            },
        );
        table(
            &mut out,
            "| token kind (`report.token.kind`) | told by | source |",
            &p.kinds,
            |r| {
                let when = match r.field(1) {
                    "" => "(otherwise)".to_string(),
                    w => codes(w),
                };
                format!("`{}` | {when}", r.field(0))
            },
        );
        table(
            &mut out,
            "| mix-up (`detail.nearMiss`) | when | on a failing | fix | source |",
            &p.rules,
            |r| {
                format!(
                    "`{}` | {} | {} | {}",
                    r.field(2),
                    premise(r.field(0)),
                    r.field(1).replace(' ', ", "),
                    r.field(4)
                        .replace('|', "\\|")
                        .replace('<', "&lt;")
                        .replace("{{", "{")
                        .replace("}}", "}")
                )
            },
        );
    }
    // one final newline, as the generator writes it
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One Markdown table: the head, then a row per catalogue row with its documentation link.
fn table(out: &mut String, head: &str, rows: &Rows, cells: impl Fn(Row) -> String) {
    if rows.text.is_empty() {
        return;
    }
    let columns = head.matches('|').count() - 1;
    out.push_str(head);
    out.push('\n');
    out.push_str(&"|---".repeat(columns));
    out.push_str("|\n");
    for (r, doc) in rows.each().zip(rows.docs) {
        out.push_str(&format!("| {} | [docs]({doc}) |\n", cells(r)));
    }
    out.push('\n');
}

fn codes(items: &str) -> String {
    if items.is_empty() {
        return "—".into();
    }
    items
        .split(' ')
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn premise(on: &str) -> String {
    let (verb, arg) = on.split_once(' ').unwrap_or((on, ""));
    let arg = arg.replace("{{", "{").replace("}}", "}");
    match verb {
        "kind" => format!("the token's kind is `{arg}`"),
        "placeholder" => format!("the same issuer form, another `{{{arg}}}`"),
        "forms" => {
            let (a, b) = arg.split_once(' ').unwrap_or((&arg, ""));
            format!("a `{a}` issuer where `{b}` is expected")
        }
        "near" => format!("the issuers differ by `{arg}`"),
        "other-host" => "the issuers are the roots of two hosts".into(),
        "expected" => format!("the expected value holds `{arg}`"),
        "actual" => format!("a value is `{}`", arg.replace(' ', "` or `")),
        "app-id-uri" => "a client id and its App ID URI `api://…`".into(),
        "azp" => "the expected audience is the token's `azp`".into(),
        _ => on.to_string(),
    }
}
