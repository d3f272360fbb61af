//! Rehearsal of a key rotation or a key-set outage: which verifiers reject valid tokens, when,
//! why, and the safe schedule. The plan (keys over time, token lifetime, leeway, the endpoint's
//! outage, the verifiers as named profiles or custom cache settings) is read and checked in
//! `plan`, the cache model runs in `simulate` on a fixed grid of instants, and this module turns
//! the windows into the verdict, the earliest safe switch and retire times, and the hazards.
//! Deterministic and clock-free: times are seconds since the plan's start. The model and what
//! it approximates: docs/DESIGN.md, "Rehearsal".

pub mod plan;
pub mod profiles;
pub mod simulate;

use serde::Serialize;

use crate::time::duration;
use plan::{Action, Plan, PlanError, Verifier};
use profiles::Duplicates;
use simulate::{Cause, Run};

/// Seconds, or None for "never" (JSON null).
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// A verifier's settings as the result shows them (seconds; null for never).
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// See [`profiles::Cache::max_age`].
    pub cache_max_age: Option<f64>,
    /// See [`profiles::Cache::per_kid`].
    pub per_kid: bool,
    /// See [`profiles::Cache::refetch_unknown`].
    pub refetch_on_unknown_kid: bool,
    /// See [`profiles::Cache::cooldown`].
    pub cooldown: f64,
    /// See [`profiles::Cache::stale_if_error`].
    pub stale_if_error: Option<f64>,
    /// See [`profiles::Cache::rate_limit`]; 0 for none.
    pub rate_limit: f64,
    /// `all`, `first` or `reject`.
    pub duplicate_kid: &'static str,
}

/// A rejection window in the result.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct WindowOut {
    /// Seconds since the start, first rejected sample.
    pub from: f64,
    /// Seconds since the start, the sample after the last rejected one.
    pub to: f64,
    /// Why.
    pub cause: Cause,
    /// The key (label) whose valid tokens are rejected.
    pub key: String,
    /// Tokens rejected at the plan's rate (rounded up).
    pub tokens: f64,
}

/// One verifier's answer.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct VerifierOut {
    /// The plan's name for it.
    pub name: String,
    /// The profile (`custom` for custom settings).
    pub profile: &'static str,
    /// Where the profile's defaults come from.
    pub source: &'static str,
    /// The defaults come from documentation, not a run of the library.
    pub from_docs: bool,
    /// The settings rehearsed.
    pub settings: Settings,
    /// The rejection windows, in time order.
    pub windows: Vec<WindowOut>,
    /// Valid tokens rejected in all (at the plan's rate).
    pub rejected: f64,
    /// Requests to the key-set endpoint.
    pub fetches: u64,
    /// The longest a new key must be published before it signs, for this verifier (null:
    /// never enough).
    pub publish_lead: Option<f64>,
    /// How long a key removed from the set may still verify here (null: forever).
    pub trusted_after_retire: Option<f64>,
}

/// A step of the plan, and the earliest safe time for it.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct StepOut {
    /// Seconds since the start.
    pub at: f64,
    /// `publish`, `sign` or `retire`.
    pub action: &'static str,
    /// The key's label.
    pub key: String,
    /// Its kid.
    pub kid: String,
    /// For `sign` and `retire`: the earliest time that rejects no valid token at any verifier
    /// (null: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest: Option<Option<f64>>,
}

/// Something a plan or a profile risks beyond the windows.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Hazard {
    /// A stable name: `removed_key_trusted`, `cache_never_expires`, `duplicate_kid`,
    /// `rate_limit_after_recovery`, `unpublished_signer`.
    pub code: &'static str,
    /// The verifier it concerns, if one.
    pub verifier: Option<String>,
    /// In words.
    pub message: String,
}

/// The result of a rehearsal.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Rehearsal {
    /// True when no valid token is rejected and every step is at or after its earliest safe
    /// time.
    pub safe: bool,
    /// The answer in one paragraph.
    pub verdict: String,
    /// The plan's start (seconds since the epoch), when given.
    pub start: Option<f64>,
    /// The simulated span, seconds.
    pub horizon: f64,
    /// Seconds between samples: windows are exact to this.
    pub resolution: f64,
    /// Token lifetime and leeway, seconds.
    pub lifetime: f64,
    /// See `lifetime`.
    pub leeway: f64,
    /// Tokens per second.
    pub rate: f64,
    /// The steps with their earliest safe times.
    pub steps: Vec<StepOut>,
    /// The outage, `{ from, to }`.
    pub outage: Option<Outage>,
    /// For the publish / switch / retire form: the earliest safe switch time.
    pub earliest_safe_switch: Option<f64>,
    /// For the publish / switch / retire form: the earliest safe retire time.
    pub earliest_safe_retire: Option<f64>,
    /// One answer per verifier, in the plan's order.
    pub verifiers: Vec<VerifierOut>,
    /// What else the plan or the profiles risk.
    pub hazards: Vec<Hazard>,
}

/// The key-set endpoint's outage.
#[derive(Serialize, Debug)]
pub struct Outage {
    /// Seconds since the start.
    pub from: f64,
    /// Seconds since the start.
    pub to: f64,
}

const fn cause_words(c: Cause) -> &'static str {
    match c {
        Cause::KidNotFound => "kid_not_found",
        Cause::SignatureInvalid => "signature_invalid",
        Cause::JwksUnavailable => "jwks_unavailable: the key set cannot be fetched",
        Cause::RateLimited => "fetch rate-limited",
    }
}

// How long before it signs a new key must be published, for verifier `v` (INFINITY: no lead
// is enough). `shared` says the key's kid named another key before.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn publish_lead(v: &Verifier, shared: bool) -> f64 {
    let c = &v.cache;
    if shared || (!c.per_kid && (!c.refetch_unknown || c.refetch_next)) {
        c.max_age
    } else if c.per_kid {
        0.0
    } else {
        c.cooldown
    }
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn at(plan: &Plan, t: f64) -> String {
    match plan.start.and_then(|s| crate::time::iso8601(s + t)) {
        Some(iso) => format!("{iso} (+{})", duration(t)),
        None => format!("+{}", duration(t)),
    }
}

/// Rehearses the plan given as JSON text.
///
/// # Errors
/// A [`PlanError`] naming the field at fault (see [`plan::read`]).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn rehearse(text: &str) -> Result<Rehearsal, PlanError> {
    let plan = plan::read(text)?;
    let runs = simulate::run(&plan);
    Ok(judge(&plan, &runs))
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn judge(plan: &Plan, runs: &[Run]) -> Rehearsal {
    let label = |k: usize| plan.keys[k].label.clone();
    let shared = |k: usize| plan.keys.iter().take(k).any(|o| o.kid == plan.keys[k].kid);
    let published = |k: usize| {
        if k < plan.initial {
            Some(f64::NEG_INFINITY)
        } else {
            plan.steps
                .iter()
                .find(|s| s.action == Action::Publish && s.key == k)
                .map(|s| s.at)
        }
    };
    let lead = |k: usize| {
        plan.verifiers
            .iter()
            .map(|v| publish_lead(v, shared(k)))
            .fold(0.0, f64::max)
    };
    // The schedule: each sign step after its key's publication plus the longest lead; each
    // retire step after the key's last token expired.
    let mut signer = 0;
    let mut stopped: Vec<Option<f64>> = vec![None; plan.keys.len()];
    let mut steps = Vec::new();
    let mut late = false;
    let mut hazards = Vec::new();
    for s in &plan.steps {
        let earliest = match s.action {
            Action::Publish => None,
            Action::Sign => {
                if s.key != signer {
                    stopped[signer] = Some(s.at);
                    stopped[s.key] = None;
                    signer = s.key;
                }
                let p = published(s.key);
                if p.is_none_or(|p| p > s.at) {
                    hazards.push(Hazard {
                        code: "unpublished_signer",
                        verifier: None,
                        message: format!(
                            "the signer uses {} at {} before it is in the key set: every verifier rejects its tokens until it is published",
                            plan.keys[s.key].label,
                            at(plan, s.at)
                        ),
                    });
                }
                Some(p.map(|p| (p + lead(s.key)).max(0.0)).and_then(finite))
            }
            Action::Retire => Some(stopped[s.key].map(|e| e + plan.lifetime + plan.leeway)),
        };
        if let Some(Some(e)) = earliest {
            late |= s.at < e;
        } else if earliest.is_some() {
            late = true;
        }
        steps.push(StepOut {
            at: s.at,
            action: match s.action {
                Action::Publish => "publish",
                Action::Sign => "sign",
                Action::Retire => "retire",
            },
            key: label(s.key),
            kid: plan.keys[s.key].kid.clone(),
            earliest,
        });
    }
    let first = |a: &str| {
        steps
            .iter()
            .find(|s| s.action == a)
            .and_then(|s| s.earliest.flatten())
    };
    let (earliest_safe_switch, earliest_safe_retire) = if plan.rotation {
        (first("sign"), first("retire"))
    } else {
        (None, None)
    };

    let mut verifiers = Vec::new();
    let mut rejecting = Vec::new();
    for (v, run) in plan.verifiers.iter().zip(runs) {
        let c = &v.cache;
        let windows: Vec<WindowOut> = run
            .windows
            .iter()
            .map(|w| WindowOut {
                from: w.from,
                to: w.to,
                cause: w.cause,
                key: label(w.key),
                tokens: (plan.rate * (w.to - w.from)).ceil(),
            })
            .collect();
        let rejected = windows.iter().map(|w| w.tokens).sum();
        if let Some(w) = windows
            .iter()
            .max_by(|a, b| (a.to - a.from).total_cmp(&(b.to - b.from)))
        {
            let more = windows.len() - 1;
            rejecting.push(format!(
                "{} rejects valid tokens signed with {} for {} from {} ({}){}",
                v.name,
                w.key,
                duration(w.to - w.from),
                at(plan, w.from),
                cause_words(w.cause),
                if more > 0 {
                    format!(" and in {more} more window(s)")
                } else {
                    String::new()
                }
            ));
        }
        let trusted = if c.stale_if_error.is_infinite() && plan.outage.is_some() {
            f64::INFINITY
        } else {
            c.max_age
        };
        if c.max_age.is_infinite() {
            hazards.push(Hazard {
                code: "cache_never_expires",
                verifier: Some(v.name.clone()),
                message: format!(
                    "{}'s key cache never expires: a key removed from the set is trusted until the process restarts",
                    v.name
                ),
            });
        } else if c.max_age >= 3600.0 {
            hazards.push(Hazard {
                code: "removed_key_trusted",
                verifier: Some(v.name.clone()),
                message: format!(
                    "{} keeps a removed (perhaps compromised) key trusted for up to {} after it leaves the set",
                    v.name,
                    duration(c.max_age)
                ),
            });
        }
        if c.rate_limit > 0.0 {
            let end = plan.outage.map_or(0.0, |o| o.1);
            if let Some(w) = run
                .windows
                .iter()
                .find(|w| w.cause == Cause::RateLimited && w.to > end)
            {
                hazards.push(Hazard {
                    code: "rate_limit_after_recovery",
                    verifier: Some(v.name.clone()),
                    message: format!(
                        "{}'s limit of {} fetches a minute keeps rejecting until {}{}",
                        v.name,
                        plan::num(c.rate_limit),
                        at(plan, w.to),
                        if plan.outage.is_some() {
                            ", after the issuer recovered"
                        } else {
                            ""
                        }
                    ),
                });
            }
        }
        verifiers.push(VerifierOut {
            name: v.name.clone(),
            profile: v.profile,
            source: v.source,
            from_docs: v.from_docs,
            settings: Settings {
                cache_max_age: finite(c.max_age),
                per_kid: c.per_kid,
                refetch_on_unknown_kid: c.refetch_unknown,
                cooldown: c.cooldown,
                stale_if_error: finite(c.stale_if_error),
                rate_limit: c.rate_limit,
                duplicate_kid: match c.duplicates {
                    Duplicates::All => "all",
                    Duplicates::First => "first",
                    Duplicates::Reject => "reject",
                },
            },
            windows,
            rejected,
            fetches: run.fetches,
            publish_lead: (1..plan.keys.len())
                .map(|k| publish_lead(v, shared(k)))
                .try_fold(0.0, |a: f64, l| finite(a.max(l))),
            trusted_after_retire: finite(trusted),
        });
    }
    if let Some(k) = (0..plan.keys.len()).find(|&k| shared(k)) {
        let says = |d: Duplicates| {
            plan.verifiers
                .iter()
                .filter(|v| v.cache.duplicates == d)
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        for (d, words) in [
            (
                Duplicates::Reject,
                "rejects a token whose kid matches several keys",
            ),
            (
                Duplicates::First,
                "verifies with the first key of that kid only",
            ),
            (Duplicates::All, "tries each key of that kid"),
        ] {
            let names = says(d);
            if !names.is_empty() {
                parts.push(format!("{names} {words}"));
            }
        }
        hazards.push(Hazard {
            code: "duplicate_kid",
            verifier: None,
            message: format!(
                "the kid \"{}\" names two keys: {}; give each key its own kid",
                plan.keys[k].kid,
                parts.join("; ")
            ),
        });
    }

    let safe = rejecting.is_empty() && !late;
    let mut verdict = if safe {
        format!(
            "safe: no valid token is rejected at {}",
            plan.verifiers
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if rejecting.is_empty() {
        "not safe: no token was rejected in this rehearsal, but a step comes before its earliest safe time, so whether tokens fail depends on when each verifier last fetched the set".to_string()
    } else {
        format!("not safe: {}", rejecting.join("; "))
    };
    if plan.rotation && !safe {
        match (earliest_safe_switch, earliest_safe_retire) {
            (Some(s), r) => {
                verdict.push_str(&format!(". Switch the signer at {} or later", at(plan, s)));
                if let Some(r) = r {
                    verdict.push_str(&format!(
                        " and retire the old key at {} or later (one token lifetime plus leeway after the switch)",
                        at(plan, r)
                    ));
                }
            }
            (None, _) => verdict.push_str(
                ". No switch time is safe: a verifier never refreshes the set; restart it after publishing, or give it a cache lifetime",
            ),
        }
    }
    if plan.outage.is_some() && !safe {
        verdict.push_str(". Through an outage only a verifier that keeps its last good set (stale-if-error) keeps accepting");
    }
    Rehearsal {
        safe,
        verdict,
        start: plan.start,
        horizon: plan.horizon,
        resolution: plan.resolution,
        lifetime: plan.lifetime,
        leeway: plan.leeway,
        rate: plan.rate,
        steps,
        outage: plan.outage.map(|(from, to)| Outage { from, to }),
        earliest_safe_switch,
        earliest_safe_retire,
        verifiers,
        hazards,
    }
}
