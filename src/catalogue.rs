//! Generated forms of the finding catalogue: the TypeScript union, the JavaScript `FINDINGS`
//! module and the README table. One list (`findings.rs`), three views that cannot drift.

use crate::findings::Code;

/// The TypeScript union of every code (`findings.d.ts`).
pub fn typescript() -> String {
    let mut s = String::from("// Generated from src/findings.rs by `cargo run --example catalogue -- ts`. Do not edit.\n");
    s.push_str("/** Every finding code jwt-doctor can report. */\nexport type FindingCode =\n");
    for c in Code::ALL {
        s.push_str(&format!("  | \"{}\"\n", c.as_str()));
    }
    s.push_str(";\n");
    s
}

/// The `FINDINGS` JavaScript module (`findings.js`).
pub fn javascript() -> String {
    let entries: Vec<serde_json::Value> = Code::ALL
        .iter()
        .map(|c| {
            serde_json::json!({
                "code": c.as_str(),
                "severity": c.severity().as_str(),
                "check": c.check().as_str(),
                "description": c.description(),
                "hint": c.hint(),
                "pyjwt": c.pyjwt(),
                "jose": c.jose(),
            })
        })
        .collect();
    let json = serde_json::to_string_pretty(&entries).unwrap_or_default();
    format!(
        "// Generated from src/findings.rs by `cargo run --example catalogue -- js`. Do not edit.\n\
         /** The catalogue of finding codes: code, severity, check, description, hint, and the PyJWT and jose equivalents. */\n\
         export const FINDINGS = Object.freeze({json}.map((f) => Object.freeze(f)));\n"
    )
}

/// The README table: code, severity, check, cause, fix, PyJWT and jose equivalents.
pub fn markdown() -> String {
    let mut s = String::from(
        "| code | severity | check | cause | fix | PyJWT | jose |\n|---|---|---|---|---|---|---|\n",
    );
    for c in Code::ALL {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            c.as_str(),
            c.severity().as_str(),
            c.check().as_str(),
            c.description().replace('|', "\\|"),
            c.hint().replace('|', "\\|"),
            code_or_dash(c.pyjwt()),
            code_or_dash(c.jose()),
        ));
    }
    s
}

fn code_or_dash(s: &str) -> String {
    if s == "—" {
        s.to_string()
    } else {
        format!("`{s}`")
    }
}
