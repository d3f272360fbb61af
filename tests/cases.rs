//! The diagnosis cases of SPEC §1 (`tests/cases/*.json`, written by `tests/cases/generate.mjs`)
//! through native `inspect`; `tests/js/cases.test.mjs` runs the same files through the wasm
//! package. The expectation semantics (documented in generate.mjs) must stay the same in both.
//! Every failing case is reported with what differed, then one assertion fails.

use std::path::PathBuf;

use jwt_doctor::{inspect, Policy};
use serde_json::Value;

/// Equal JSON values; numbers compared by value (`3600` equals `3600.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// `actual` holds every member of `expected` (objects member-wise, anything else equal).
fn holds(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            e.iter().all(|(k, v)| a.get(k).is_some_and(|x| holds(x, v)))
        }
        (_, Value::Object(_)) => false,
        _ => same(actual, expected),
    }
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn text<'a>(v: &'a Value, member: &str) -> &'a str {
    v.get(member).and_then(Value::as_str).unwrap_or("")
}

/// Whether finding `f` satisfies expectation `e` (code, severity, check, detail members, substrings).
fn matches(f: &Value, e: &Value) -> bool {
    ["code", "severity", "check"]
        .iter()
        .all(|m| e.get(m).is_none_or(|want| f.get(m) == Some(want)))
        && e.get("detail")
            .is_none_or(|d| holds(f.get("detail").unwrap_or(&Value::Null), d))
        && strings(e.get("message"))
            .iter()
            .all(|s| text(f, "message").contains(s))
        && strings(e.get("hint"))
            .iter()
            .all(|s| text(f, "hint").contains(s))
}

/// What differs between a report and a case's expectations, one line each (empty: none).
fn differences(report: &Value, expect: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let cause = |m: &str| report["cause"].get(m).cloned().unwrap_or(Value::Null);
    if let Some(want) = expect.get("valid") {
        if &report["valid"] != want {
            out.push(format!("valid: {}, expected {want}", report["valid"]));
        }
    }
    // "cause" is report.cause.code, "explains" report.cause.explains
    for (key, member) in [("cause", "code"), ("explains", "explains")] {
        if let Some(want) = expect.get(key) {
            if &cause(member) != want {
                out.push(format!(
                    "cause.{member}: {}, expected {want}",
                    cause(member)
                ));
            }
        }
    }
    for f in &findings {
        if text(f, "message").is_empty() || text(f, "hint").is_empty() {
            out.push(format!("finding {} without a message or a hint", f["code"]));
        }
    }
    for e in expect["findings"].as_array().into_iter().flatten() {
        let n = findings.iter().filter(|f| matches(f, e)).count();
        let ok = match e.get("count").and_then(Value::as_u64) {
            Some(count) => n as u64 == count,
            None => n > 0,
        };
        if !ok {
            out.push(format!("finding {e}: {n} match"));
        }
    }
    for code in strings(expect.get("absent")) {
        if findings.iter().any(|f| f["code"] == code) {
            out.push(format!("unexpected finding {code}"));
        }
    }
    if let Some(want) = expect.get("errors") {
        let errors: Value = findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["code"].clone())
            .collect();
        if !same(&errors, want) {
            out.push(format!("errors {errors}, expected {want}"));
        }
    }
    for (check, want) in expect["checks"].as_object().into_iter().flatten() {
        let want = want.as_str().unwrap_or("");
        let c = report["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["check"] == check.as_str());
        let got = c.map(|c| {
            let status = text(c, "status");
            if want.contains(':') {
                format!("{status}:{}", text(c, "code"))
            } else {
                status.to_string()
            }
        });
        if got.as_deref() != Some(want) {
            out.push(format!("check {check}: {got:?}, expected {want}"));
        }
    }
    for (member, want) in expect["report"].as_object().into_iter().flatten() {
        let got = report.get(member).unwrap_or(&Value::Null);
        if !holds(got, want) {
            out.push(format!("report.{member}: {got}, expected {want}"));
        }
    }
    let shown = report.to_string();
    for s in strings(expect.get("hidden")) {
        if shown.contains(s) {
            let start: String = s.chars().take(16).collect();
            out.push(format!("the report shows {start:?}…"));
        }
    }
    if !out.is_empty() {
        let seen: Vec<String> = findings
            .iter()
            .map(|f| {
                let (check, severity, code) =
                    (text(f, "check"), text(f, "severity"), text(f, "code"));
                format!("{check}/{severity}/{code} {}", f["detail"])
            })
            .collect();
        out.push(format!("findings: {seen:?}"));
    }
    out
}

#[test]
fn diagnosis_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut run, mut failures) = (0, Vec::new());
    for file in &files {
        let name = file
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let cases: Value = serde_json::from_str(&std::fs::read_to_string(file).expect("readable"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for case in cases.as_array().expect("an array of cases") {
            run += 1;
            let title = format!("{name}: {} ({})", text(case, "name"), text(case, "spec"));
            let options = case["options"].to_string();
            let diff = match Policy::from_json(&options, 0.0) {
                Ok(policy) => {
                    let report = inspect(text(case, "token"), &policy);
                    differences(
                        &serde_json::to_value(&report).expect("a report serialises"),
                        &case["expect"],
                    )
                }
                Err(e) => vec![format!("options rejected: {}", e.0)],
            };
            if !diff.is_empty() {
                failures.push(format!("{title}\n    {}", diff.join("\n    ")));
            }
        }
    }
    assert!(run > 0, "no case in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
