//! The rehearsal model: windows, causes, the safe schedule, hazards and bad plans.

use jwt_doctor::rehearse::{rehearse, Rehearsal};

fn run(plan: &str) -> Rehearsal {
    match rehearse(plan) {
        Ok(r) => r,
        Err(e) => panic!("{plan}: {}", e.0),
    }
}

fn error(plan: &str) -> String {
    match rehearse(plan) {
        Ok(_) => panic!("{plan} was accepted"),
        Err(e) => e.0,
    }
}

fn windows(r: &Rehearsal, name: &str) -> Vec<(f64, f64, String, String)> {
    let v = r
        .verifiers
        .iter()
        .find(|v| v.name == name)
        .expect("verifier");
    v.windows
        .iter()
        .map(|w| {
            (
                w.from,
                w.to,
                serde_json::to_value(w.cause)
                    .expect("cause")
                    .as_str()
                    .expect("text")
                    .to_string(),
                w.key.clone(),
            )
        })
        .collect()
}

// The rotation the library tests replay: the signer switches before the new key is published,
// and the old key is retired while its tokens are still valid.
const ROTATION: &str = r#"{"switch":105,"publish":205,"retire":505,"lifetime":900,"horizon":1400,
  "resolution":10,"verifiers":["jose","jwks-rsa","pyjwt","jwt-doctor"]}"#;

#[test]
fn rotation_windows_follow_each_cache() {
    let r = run(ROTATION);
    assert!(!r.safe);
    let nf = "kid_not_found".to_string();
    // jose: unknown kid refetched at most once per 30 s after the last good fetch (110, 140,
    // 170, 200: not yet published; 230: there); the set fetched at 230 lives to 830
    assert_eq!(
        windows(&r, "jose"),
        vec![
            (110.0, 230.0, nf.clone(), "new".into()),
            (830.0, 1010.0, nf.clone(), "old".into())
        ]
    );
    // jwt-doctor: the same, but its set is refreshed ahead of expiry, from 80 % of its age
    // (230 + 480 = 710): the retired key leaves it 2 min sooner
    assert_eq!(
        windows(&r, "jwt-doctor"),
        vec![
            (110.0, 230.0, nf.clone(), "new".into()),
            (710.0, 1010.0, nf.clone(), "old".into())
        ]
    );
    // PyJWKClient: the same cooldown after the last good fetch; its set lives 300 s
    assert_eq!(
        windows(&r, "pyjwt"),
        vec![
            (110.0, 230.0, nf.clone(), "new".into()),
            (530.0, 1010.0, nf.clone(), "old".into())
        ]
    );
    // jwks-rsa: per kid; the old kid's entry (from 0) expires at 600
    assert_eq!(
        windows(&r, "jwks-rsa"),
        vec![
            (110.0, 210.0, nf.clone(), "new".into()),
            (600.0, 1010.0, nf, "old".into())
        ]
    );
    assert_eq!(r.earliest_safe_switch, Some(235.0));
    assert_eq!(r.earliest_safe_retire, Some(1005.0));
    assert!(r.hazards.iter().any(|h| h.code == "unpublished_signer"));
    assert!(
        r.verdict
            .contains("Switch the signer at +3 min 55 s or later"),
        "{}",
        r.verdict
    );
}

#[test]
fn outage_rejects_once_the_cache_expires_unless_the_set_is_kept() {
    let r = run(
        r#"{"outage":{"from":335,"to":805},"horizon":1000,"resolution":10,
        "verifiers":["jose","jwks-rsa","pyjwt","jwt-doctor","microsoft"]}"#,
    );
    let un = "jwks_unavailable".to_string();
    assert_eq!(
        windows(&r, "jose"),
        vec![(600.0, 810.0, un.clone(), "old".into())]
    );
    assert_eq!(
        windows(&r, "jwks-rsa"),
        vec![(600.0, 810.0, un.clone(), "old".into())]
    );
    assert_eq!(windows(&r, "pyjwt"), vec![(600.0, 810.0, un, "old".into())]);
    assert!(windows(&r, "jwt-doctor").is_empty());
    assert!(windows(&r, "microsoft").is_empty());
    assert!(!r.safe);
    assert!(r.verdict.contains("jose rejects valid tokens signed with old for 3 min 30 s from +10 min (jwks_unavailable"), "{}", r.verdict);
}

#[test]
fn a_good_schedule_is_safe() {
    let r = run(r#"{"publish":0,"switch":600,"retire":4200,"lifetime":3600,
        "verifiers":["jose","jwks-rsa","pyjwt","jwt-doctor","spring","envoy"]}"#);
    assert!(r.safe, "{}", r.verdict);
    assert!(r.verdict.starts_with("safe"));
    assert!(r.verifiers.iter().all(|v| v.windows.is_empty()));
    assert_eq!(r.earliest_safe_switch, Some(600.0));
    assert_eq!(r.earliest_safe_retire, Some(4200.0));
}

#[test]
fn retiring_before_the_last_token_expires_is_named() {
    let r = run(
        r#"{"publish":0,"switch":600,"retire":1200,"lifetime":3600,"rate":2,
        "verifiers":["jose"]}"#,
    );
    assert!(!r.safe);
    let w = &r.verifiers[0].windows;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].key, "old");
    // fetched at 600 (unknown kid), again at 1200: rejected from 1200 to 4200
    assert_eq!((w[0].from, w[0].to), (1200.0, 4200.0));
    assert_eq!(w[0].tokens, 6000.0);
    assert!(
        r.verdict
            .contains("retire the old key at +1 h 10 min or later"),
        "{}",
        r.verdict
    );
}

#[test]
fn envoy_and_microsoft_need_a_long_lead() {
    let r = run(
        r#"{"publish":10,"switch":60,"retire":7200,"lifetime":600,"verifiers":["envoy","microsoft"]}"#,
    );
    assert!(!r.safe);
    // Envoy does not refetch on an unknown kid: new tokens fail until its cache expires
    assert_eq!(windows(&r, "envoy")[0].0, 60.0);
    assert_eq!(windows(&r, "envoy")[0].1, 600.0);
    // Microsoft fails the request that finds the kid unknown, then refreshes
    // (one sample: the next request finds the refreshed set)
    let step = r.resolution;
    assert_eq!(
        windows(&r, "microsoft"),
        vec![(60.0, 60.0 + step, "kid_not_found".into(), "new".into())]
    );
    assert_eq!(r.earliest_safe_switch, Some(43_210.0));
    assert!(r
        .hazards
        .iter()
        .any(|h| h.code == "removed_key_trusted" && h.verifier.as_deref() == Some("microsoft")));
}

#[test]
fn same_kid_for_two_keys() {
    let r = run(
        r#"{"publish":0,"switch":60,"retire":4000,"lifetime":600,"sameKid":true,
        "verifiers":["jose","jwks-rsa","jwt-doctor"]}"#,
    );
    let h = r
        .hazards
        .iter()
        .find(|h| h.code == "duplicate_kid")
        .expect("duplicate_kid");
    assert!(h.message.contains("jose rejects"), "{}", h.message);
    assert!(
        h.message.contains("jwks-rsa verifies with the first key"),
        "{}",
        h.message
    );
    // jwks-rsa keeps the old key for the kid: new tokens fail the signature until it expires
    assert_eq!(windows(&r, "jwks-rsa")[0].2, "signature_invalid");
    assert!(!windows(&r, "jose").is_empty());
}

#[test]
fn custom_settings_and_hazards() {
    let r = run(
        r#"{"publish":0,"switch":60,"retire":4000,"lifetime":600,"verifiers":[
        {"name":"forever","cacheMaxAge":"never","refetchOnUnknownKid":false},
        {"profile":"jwks-rsa","name":"jwks-rsa 1.x","cacheMaxAge":36000}]}"#,
    );
    assert!(r.hazards.iter().any(|h| h.code == "cache_never_expires"));
    assert!(r
        .hazards
        .iter()
        .any(|h| h.code == "removed_key_trusted" && h.message.contains("10 h")));
    assert_eq!(r.earliest_safe_switch, None);
    assert!(
        r.verdict.contains("No switch time is safe"),
        "{}",
        r.verdict
    );
}

#[test]
fn a_rate_limit_keeps_rejecting_after_recovery() {
    let r = run(
        r#"{"outage":{"from":100,"to":300},"horizon":900,"verifiers":[
        {"profile":"jwks-rsa","cacheMaxAge":60,"rateLimit":10}],"resolution":1}"#,
    );
    assert!(
        r.hazards
            .iter()
            .any(|h| h.code == "rate_limit_after_recovery"),
        "{:?}",
        r.hazards
    );
}

#[test]
fn bad_plans_name_the_field() {
    let e = error(r#"{"publish":0,"switch":600,"retire":300,"verifiers":["jose"]}"#);
    assert!(
        e.starts_with("retire:") && e.contains("before switch"),
        "{e}"
    );
    let e = error(r#"{"publish":0,"switch":600,"lifetime":-5,"verifiers":["jose"]}"#);
    assert!(e.starts_with("lifetime:"), "{e}");
    let e = error(r#"{"switch":600,"verifiers":["josé"]}"#);
    assert!(
        e.starts_with("verifiers[0]: unknown profile") && e.contains("jwks-rsa"),
        "{e}"
    );
    let e = error(r#"{"switch":600,"verifiers":[{"profile":"jose","cacheMaxAge":-1}]}"#);
    assert!(e.starts_with("verifiers[0].cacheMaxAge:"), "{e}");
    let e = error(r#"{"switch":1e300,"verifiers":["jose"]}"#);
    assert!(e.starts_with("switch:") && e.contains("ten years"), "{e}");
    let e = error(r#"{"switch":60,"lifetime":"1h","verifiers":["jose"]}"#);
    assert!(e.starts_with("lifetime:"), "{e}");
    let e = error(r#"{"switch":60,"swtich":5,"verifiers":["jose"]}"#);
    assert!(e.starts_with("plan: unknown member \"swtich\""), "{e}");
    let e = error(r#"{"switch":60,"verifiers":[{"profile":"jose","cacheMaxAge":"10m"}]}"#);
    assert!(
        e.starts_with("verifiers[0].cacheMaxAge: a number of seconds or \"never\""),
        "{e}"
    );
    let e = error(r#"{"switch":60,"verifiers":[{"profile":"jose","cachMaxAge":5}]}"#);
    assert!(
        e.starts_with("verifiers[0]: unknown member \"cachMaxAge\""),
        "{e}"
    );
    let e = error(r#"{"switch":60,"horizon":3000000,"resolution":1,"verifiers":["jose"]}"#);
    assert!(e.starts_with("resolution:"), "{e}");
    let e = error(r#"{"outage":{"from":50,"to":10},"verifiers":["jose"]}"#);
    assert!(e.starts_with("outage.to:"), "{e}");
    let steps: Vec<String> = (0..1_000)
        .map(|i| format!(r#"{{"at":{i},"publish":"k{i}"}}"#))
        .collect();
    let e = error(&format!(
        r#"{{"keys":["a"],"steps":[{}],"verifiers":["jose"]}}"#,
        steps.join(",")
    ));
    assert!(e.starts_with("steps: 1000 steps, at most 64"), "{e}");
    let e = error(r#"{"keys":["a","b"],"steps":[{"at":5,"retire":"a"}],"verifiers":["jose"]}"#);
    assert!(e.contains("still signs"), "{e}");
}

#[test]
fn absurd_durations_are_bounded_work() {
    // the largest span with the default resolution: at most 5000 samples, answered at once
    let t = std::time::Instant::now();
    let r = run(
        r#"{"publish":0,"switch":300000000,"retire":310000000,"lifetime":5000000,
        "verifiers":["jose","jwks-rsa","pyjwt","jwt-doctor","spring","microsoft","envoy"]}"#,
    );
    assert!(r.horizon / r.resolution <= 5000.0);
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn the_general_form() {
    let r = run(
        r#"{"keys":["k1"],"steps":[{"at":0,"publish":"k2"},{"at":600,"sign":"k2"},
        {"at":4200,"retire":"k1"},{"at":4200,"publish":"k3"},{"at":4800,"sign":"k3"},{"at":8400,"retire":"k2"}],
        "lifetime":3600,"verifiers":["jose","pyjwt"]}"#,
    );
    assert!(r.safe, "{}", r.verdict);
    assert_eq!(r.steps.len(), 6);
    assert_eq!(r.steps[5].earliest, Some(Some(8400.0)));
}
