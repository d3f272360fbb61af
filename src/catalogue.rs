//! Generated forms of the project's two tables, so the JavaScript package and the page never
//! keep a copy by hand:
//! - the finding catalogue (`findings.rs`): the TypeScript union, the JavaScript `FINDINGS`
//!   module and the README table;
//! - the algorithm table (`alg.rs`): the JavaScript `ALGORITHMS` module and its declarations
//!   with the `Algorithm` union.
//!
//! `examples/catalogue.rs` prints them and `scripts/build.sh` writes them into `pkg/`. Nothing in
//! the WebAssembly module calls them, so they do not ship in it.

#[cfg(not(target_arch = "wasm32"))]
use crate::alg::Alg;
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

// The algorithm table's forms are left out of the wasm32 build: nothing there calls them, yet
// compiled in they shift what LTO inlines and the module grows.

/// The identity-provider catalogue as Markdown (`docs/PROVIDERS.md`): issuer forms, key sets,
/// token kinds and mix-ups, each with its documentation.
#[cfg(not(target_arch = "wasm32"))]
pub fn providers_markdown() -> String {
    crate::provider::table::markdown()
}

/// The `ALGORITHMS` JavaScript module (`algs.js`): one frozen row per algorithm a token may be
/// verified with (`none` is left out: it can never be allowed), in the table's order.
#[cfg(not(target_arch = "wasm32"))]
pub fn algorithms_javascript() -> String {
    let mut s = String::from(
        "// Generated from src/alg.rs by `cargo run --example catalogue -- algs-js`. Do not edit.\n\
         /** Every JWS algorithm jwt-doctor verifies: name, family, hash size in bits, EC curve, the JWK `kty` of its keys, and the signature's length in bytes where the algorithm fixes it. */\n\
         export const ALGORITHMS = Object.freeze([\n",
    );
    for a in Alg::verifiable() {
        s.push_str(&format!(
            "  {{ name: {}, family: {}, hashBits: {}, curve: {}, kty: {}, signatureBytes: {} }},\n",
            js_string(a.name),
            js_string(a.family.as_str()),
            js_or_null(a.hash.map(|h| h.output_len() * 8)),
            js_or_null(a.curve.map(|c| js_string(c.name()))),
            js_or_null(a.kty().map(js_string)),
            js_or_null(a.signature_len()),
        ));
    }
    s.push_str("].map((a) => Object.freeze(a)));\n");
    s
}

/// The declarations of `algs.js` (`algs.d.ts`): the `Algorithm` union, the row type and
/// `ALGORITHMS`. The unions of families, curves and key types are the values the table holds.
#[cfg(not(target_arch = "wasm32"))]
pub fn algorithms_typescript() -> String {
    let algs: Vec<Alg> = Alg::verifiable().collect();
    let union = |values: Vec<String>, separator: &str| -> String {
        let mut distinct: Vec<String> = Vec::new();
        for v in values {
            if !distinct.contains(&v) {
                distinct.push(v);
            }
        }
        distinct.join(separator)
    };
    let names = union(algs.iter().map(|a| js_string(a.name)).collect(), "\n  | ");
    let families = union(
        algs.iter().map(|a| js_string(a.family.as_str())).collect(),
        " | ",
    );
    let curves = union(
        algs.iter()
            .filter_map(|a| a.curve)
            .map(|c| js_string(c.name()))
            .collect(),
        " | ",
    );
    let ktys = union(
        algs.iter().filter_map(|a| a.kty()).map(js_string).collect(),
        " | ",
    );
    format!(
        "// Generated from src/alg.rs by `cargo run --example catalogue -- algs-ts`. Do not edit.\n\
         /** A JWS algorithm jwt-doctor verifies. */\n\
         export type Algorithm =\n  | {names};\n\
         /** A signature family: HMAC, RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA or EdDSA. */\n\
         export type AlgorithmFamily = {families};\n\
         /** One row of the algorithm table. */\n\
         export interface AlgorithmInfo {{\n\
         \x20 /** The registered name (`RS256`). */\n\
         \x20 readonly name: Algorithm;\n\
         \x20 readonly family: AlgorithmFamily;\n\
         \x20 /** The SHA-2 hash's output size in bits; null for EdDSA. */\n\
         \x20 readonly hashBits: number | null;\n\
         \x20 /** The curve of ES* keys; null for every other family. */\n\
         \x20 readonly curve: {curves} | null;\n\
         \x20 /** The JWK `kty` of the keys that verify it. */\n\
         \x20 readonly kty: {ktys};\n\
         \x20 /** The signature's length in bytes, or null when the key decides it (RSA: the modulus size). */\n\
         \x20 readonly signatureBytes: number | null;\n\
         }}\n\
         /** Every JWS algorithm jwt-doctor verifies (never `none`). */\n\
         export declare const ALGORITHMS: readonly AlgorithmInfo[];\n"
    )
}

/// A JavaScript string literal (JSON's quoting is valid JavaScript).
#[cfg(not(target_arch = "wasm32"))]
fn js_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// `value` as JavaScript, or `null`.
#[cfg(not(target_arch = "wasm32"))]
fn js_or_null<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "null".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alg::ALGORITHMS;

    #[test]
    fn the_javascript_table_lists_every_verifiable_algorithm_once_in_order() {
        let js = algorithms_javascript();
        let rows: Vec<&str> = js.lines().filter(|l| l.starts_with("  { name: ")).collect();
        let expected: Vec<&str> = ALGORITHMS
            .iter()
            .filter(|a| !Alg::is_none_name(a.name))
            .map(|a| a.name)
            .collect();
        let listed: Vec<&str> = rows.iter().filter_map(|r| r.split('"').nth(1)).collect();
        assert_eq!(listed, expected);
        assert!(!js.contains("\"none\""), "none can never be allowed: {js}");
        let es512 = rows
            .iter()
            .find(|r| r.contains("\"ES512\""))
            .expect("ES512");
        assert!(
            es512.contains("hashBits: 512, curve: \"P-521\", kty: \"EC\", signatureBytes: 132"),
            "{es512}"
        );
        let rs256 = rows
            .iter()
            .find(|r| r.contains("\"RS256\""))
            .expect("RS256");
        assert!(
            rs256.contains("kty: \"RSA\", signatureBytes: null"),
            "{rs256}"
        );
    }

    #[test]
    fn the_typescript_union_names_every_verifiable_algorithm() {
        let ts = algorithms_typescript();
        let union: Vec<&str> = ts
            .split("export type Algorithm =")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .map(|u| u.split('"').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let expected: Vec<&str> = Alg::verifiable().map(|a| a.name).collect();
        assert_eq!(union, expected);
        assert!(ts.contains("export declare const ALGORITHMS: readonly AlgorithmInfo[];"));
    }
}
