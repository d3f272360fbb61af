//! Prints a generated form of the project's tables: `ts` (the `FindingCode` union), `js` (the
//! `FINDINGS` module), `md` (the README table of findings), `algs-js` (the `ALGORITHMS` module),
//! `algs-ts` (its declarations and the `Algorithm` union) or `providers` (the identity-provider
//! table of docs/PROVIDERS.md).
//!
//! `cargo run --example catalogue -- md`

use jwt_doctor::catalogue;

fn main() {
    let out = match std::env::args().nth(1).as_deref() {
        Some("ts") => catalogue::typescript(),
        Some("js") => catalogue::javascript(),
        Some("md") => catalogue::markdown(),
        Some("algs-js") => catalogue::algorithms_javascript(),
        Some("algs-ts") => catalogue::algorithms_typescript(),
        Some("providers") => catalogue::providers_markdown(),
        _ => {
            eprintln!("usage: catalogue ts|js|md|algs-js|algs-ts|providers");
            std::process::exit(2);
        }
    };
    print!("{out}");
}
