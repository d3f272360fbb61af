//! Prints the finding catalogue in a generated form: `ts` (the TypeScript union),
//! `js` (the `FINDINGS` module) or `md` (the README table).
//!
//! `cargo run --example catalogue -- md`

use jwt_doctor::catalogue;

fn main() {
    let out = match std::env::args().nth(1).as_deref() {
        Some("ts") => catalogue::typescript(),
        Some("js") => catalogue::javascript(),
        Some("md") => catalogue::markdown(),
        _ => {
            eprintln!("usage: catalogue ts|js|md");
            std::process::exit(2);
        }
    };
    print!("{out}");
}
