//! A rehearsal plan: read from JSON, checked, and turned into keys, steps and verifiers. Every
//! error names the field; every number is bounded, so the simulation's work is bounded too.

use serde::Deserialize;

use super::profiles::{find, Cache, Duplicates, PROFILES};

/// The longest time or duration a plan may hold: ten years, in seconds.
pub const MAX_SECONDS: f64 = 315_360_000.0;
/// The most steps a plan may list.
pub const MAX_STEPS: usize = 64;
/// The most verifiers a plan may compare.
pub const MAX_VERIFIERS: usize = 16;
/// The most instants the simulation samples.
pub const MAX_SAMPLES: f64 = 5_000.0;

/// Why a plan cannot be rehearsed: one line that names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError(pub String);

fn err<T>(message: String) -> Result<T, PlanError> {
    Err(PlanError(message))
}

/// A number of seconds, or `"never"` (for cache lifetimes and stale periods).
#[derive(Deserialize, Clone, Copy)]
#[serde(untagged)]
enum Span {
    Seconds(f64),
    Word(Never),
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Never {
    Never,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum VerifierInput {
    Name(String),
    Custom(Box<CustomInput>),
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CustomInput {
    profile: Option<String>,
    name: Option<String>,
    cache_max_age: Option<Span>,
    per_kid: Option<bool>,
    refetch_on_unknown_kid: Option<bool>,
    cooldown: Option<f64>,
    stale_if_error: Option<Span>,
    rate_limit: Option<f64>,
    duplicate_kid: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StepInput {
    at: f64,
    publish: Option<String>,
    sign: Option<String>,
    retire: Option<String>,
    kid: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OutageInput {
    from: f64,
    to: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlanInput {
    publish: Option<f64>,
    switch: Option<f64>,
    retire: Option<f64>,
    old_kid: Option<String>,
    new_kid: Option<String>,
    same_kid: Option<bool>,
    keys: Option<Vec<String>>,
    steps: Option<serde_json::Value>,
    lifetime: Option<f64>,
    leeway: Option<f64>,
    rate: Option<f64>,
    outage: Option<OutageInput>,
    verifiers: Option<Vec<VerifierInput>>,
    horizon: Option<f64>,
    resolution: Option<f64>,
    start: Option<f64>,
}

/// A key of the plan: its label and the kid it is published under.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The plan's name for the key.
    pub label: String,
    /// The kid in the key set (the label unless a step says otherwise).
    pub kid: String,
}

/// What happens at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The key is added to the key set.
    Publish,
    /// The signer signs with the key from now on.
    Sign,
    /// The key is removed from the key set.
    Retire,
}

/// One step: at `at` seconds, `action` on key `key` (an index into `Plan::keys`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Seconds since the plan's start.
    pub at: f64,
    /// What happens.
    pub action: Action,
    /// The key it happens to.
    pub key: usize,
}

/// A verifier to rehearse: a name, its cache, and the profile it came from.
#[derive(Debug, Clone)]
pub struct Verifier {
    /// What the result calls it.
    pub name: String,
    /// The profile's name, or `"custom"`.
    pub profile: &'static str,
    /// Its cache settings.
    pub cache: Cache,
    /// The profile's citation (empty for a custom verifier).
    pub source: &'static str,
    /// The profile's defaults come from documentation.
    pub from_docs: bool,
}

/// A checked plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Every key; the first ones are in the set at the start.
    pub keys: Vec<Key>,
    /// How many keys are in the set at the start (the first `initial` of `keys`).
    pub initial: usize,
    /// The steps, in time order.
    pub steps: Vec<Step>,
    /// Token lifetime, seconds.
    pub lifetime: f64,
    /// Verifiers' clock tolerance, seconds.
    pub leeway: f64,
    /// Tokens issued per second (to count what a window costs).
    pub rate: f64,
    /// The key set endpoint fails from `.0` to `.1`.
    pub outage: Option<(f64, f64)>,
    /// The verifiers.
    pub verifiers: Vec<Verifier>,
    /// The simulated time, from 0.
    pub horizon: f64,
    /// The time between two samples.
    pub resolution: f64,
    /// The plan's start in seconds since the epoch, when given (for display only).
    pub start: Option<f64>,
    /// The plan was given with publish / switch / retire.
    pub rotation: bool,
}

/// Where serde stopped in `text`: the name of the member whose value it was reading.
fn member_at(text: &str, column: usize) -> Option<&str> {
    let head = text.get(..column.min(text.len()))?;
    let colon = head.rfind("\":")?;
    let open = head[..colon].rfind('"')?;
    Some(&head[open + 1..colon])
}

fn seconds(field: &str, value: Option<f64>, default: f64) -> Result<f64, PlanError> {
    let v = value.unwrap_or(default);
    if !v.is_finite() || v < 0.0 {
        return err(format!("{field}: {v} is not a number of seconds >= 0"));
    }
    if v > MAX_SECONDS {
        return err(format!(
            "{field}: {v} s is more than ten years ({MAX_SECONDS} s), the longest a plan may span"
        ));
    }
    Ok(v)
}

fn span(field: &str, value: Option<Span>, default: f64) -> Result<f64, PlanError> {
    match value {
        Some(Span::Word(Never::Never)) => Ok(f64::INFINITY),
        Some(Span::Seconds(s)) => seconds(field, Some(s), 0.0),
        None => Ok(default),
    }
}

fn label(field: &str, text: &str) -> Result<String, PlanError> {
    if text.is_empty() || text.len() > 100 {
        return err(format!("{field}: a key name is 1 to 100 characters"));
    }
    Ok(text.to_string())
}

fn verifier(i: usize, input: VerifierInput) -> Result<Verifier, PlanError> {
    let field = format!("verifiers[{i}]");
    let custom = match input {
        VerifierInput::Name(name) => CustomInput {
            profile: Some(name),
            ..CustomInput::default()
        },
        VerifierInput::Custom(c) => *c,
    };
    let (profile, mut cache, source, from_docs) = match custom.profile.as_deref() {
        Some(name) => match find(name) {
            Some(p) => (p.name, p.cache.clone(), p.source, p.from_docs),
            None => {
                let known: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
                return err(format!(
                    "{field}: unknown profile {:?}: one of {}, or custom settings without \"profile\"",
                    name.chars().take(40).collect::<String>(),
                    known.join(", ")
                ));
            }
        },
        None => {
            if custom.cache_max_age.is_none() {
                return err(format!(
                    "{field}: a custom verifier needs \"cacheMaxAge\" (or name a \"profile\")"
                ));
            }
            let mut c = PROFILES[0].cache.clone();
            c.backoff = false;
            c.unavailable_when_failing = false;
            c.stale_if_error = 0.0;
            ("custom", c, "", false)
        }
    };
    cache.max_age = span(
        &format!("{field}.cacheMaxAge"),
        custom.cache_max_age,
        cache.max_age,
    )?;
    cache.stale_if_error = span(
        &format!("{field}.staleIfError"),
        custom.stale_if_error,
        cache.stale_if_error,
    )?;
    cache.cooldown = seconds(
        &format!("{field}.cooldown"),
        custom.cooldown,
        cache.cooldown,
    )?;
    let rate = seconds(
        &format!("{field}.rateLimit"),
        custom.rate_limit,
        cache.rate_limit,
    )?;
    if rate > 1e6 {
        return err(format!(
            "{field}.rateLimit: at most 1000000 fetches a minute"
        ));
    }
    cache.rate_limit = rate;
    cache.per_kid = custom.per_kid.unwrap_or(cache.per_kid);
    cache.refetch_unknown = custom
        .refetch_on_unknown_kid
        .unwrap_or(cache.refetch_unknown);
    if let Some(d) = custom.duplicate_kid.as_deref() {
        cache.duplicates = match d {
            "all" => Duplicates::All,
            "first" => Duplicates::First,
            "reject" => Duplicates::Reject,
            _ => {
                return err(format!(
                    "{field}.duplicateKid: \"all\", \"first\" or \"reject\""
                ))
            }
        };
    }
    let name = match custom.name {
        Some(n) if !n.is_empty() && n.len() <= 100 => n,
        Some(_) => return err(format!("{field}.name: 1 to 100 characters")),
        None => profile.to_string(),
    };
    Ok(Verifier {
        name,
        profile,
        cache,
        source,
        from_docs,
    })
}

/// The keys and steps of the shorthand: old (signing, in the set), new published at `publish`,
/// the signer switched at `switch`, old retired at `retire`.
fn shorthand(p: &PlanInput) -> Result<(Vec<Key>, Vec<Step>), PlanError> {
    let switch = seconds("switch", p.switch, 0.0)?;
    if p.switch.is_none() {
        return err("switch: a rotation needs the time the signer switches to the new key".into());
    }
    let publish = seconds("publish", p.publish, 0.0)?;
    let old = label("oldKid", p.old_kid.as_deref().unwrap_or("old"))?;
    let same = p.same_kid.unwrap_or(false);
    let new_kid = match (&p.new_kid, same) {
        (Some(_), true) => return err("newKid: with sameKid the new key takes the old kid".into()),
        (_, true) => old.clone(),
        (Some(k), false) => label("newKid", k)?,
        (None, false) => "new".to_string(),
    };
    if new_kid == old && !same {
        return err("newKid: the same as oldKid; say \"sameKid\": true to rehearse that".into());
    }
    let keys = vec![
        Key {
            label: old.clone(),
            kid: old.clone(),
        },
        Key {
            label: if same {
                format!("{old} (new key)")
            } else {
                new_kid.clone()
            },
            kid: new_kid,
        },
    ];
    let mut steps = vec![
        Step {
            at: publish,
            action: Action::Publish,
            key: 1,
        },
        Step {
            at: switch,
            action: Action::Sign,
            key: 1,
        },
    ];
    if let Some(r) = p.retire {
        let retire = seconds("retire", Some(r), 0.0)?;
        if retire < switch {
            return err(format!(
                "retire: {retire} s is before switch ({switch} s): the old key would leave the set while it still signs"
            ));
        }
        steps.push(Step {
            at: retire,
            action: Action::Retire,
            key: 0,
        });
    }
    steps.sort_by(|a, b| a.at.total_cmp(&b.at));
    Ok((keys, steps))
}

/// The keys and steps of the general form: `keys` (in the set at the start, the first one
/// signing) and `steps` (`{ "at", "publish" | "sign" | "retire": name, "kid"? }`).
fn general(initial: &[String], raw: serde_json::Value) -> Result<(Vec<Key>, Vec<Step>), PlanError> {
    let list = match raw {
        serde_json::Value::Array(list) => list,
        _ => return err("steps: a list of { \"at\", \"publish\" | \"sign\" | \"retire\" }".into()),
    };
    if list.len() > MAX_STEPS {
        return err(format!("steps: {} steps, at most {MAX_STEPS}", list.len()));
    }
    if initial.is_empty() || initial.len() > MAX_STEPS {
        return err(format!(
            "keys: 1 to {MAX_STEPS} key names, the first one signing"
        ));
    }
    let mut keys: Vec<Key> = Vec::new();
    for (i, k) in initial.iter().enumerate() {
        let l = label(&format!("keys[{i}]"), k)?;
        if keys.iter().any(|x| x.label == l) {
            return err(format!("keys[{i}]: {l:?} is listed twice"));
        }
        keys.push(Key {
            label: l.clone(),
            kid: l,
        });
    }
    let mut steps = Vec::new();
    for (i, value) in list.into_iter().enumerate() {
        let field = format!("steps[{i}]");
        let s: StepInput =
            serde_json::from_value(value).map_err(|e| PlanError(format!("{field}: {e}")))?;
        let at = seconds(&format!("{field}.at"), Some(s.at), 0.0)?;
        let (action, name) = match (s.publish, s.sign, s.retire) {
            (Some(n), None, None) => (Action::Publish, n),
            (None, Some(n), None) => (Action::Sign, n),
            (None, None, Some(n)) => (Action::Retire, n),
            _ => {
                return err(format!(
                    "{field}: exactly one of \"publish\", \"sign\", \"retire\""
                ))
            }
        };
        let name = label(&field, &name)?;
        let known = keys.iter().position(|k| k.label == name);
        let key = match (action, known) {
            (Action::Publish, None) => {
                let kid = match s.kid {
                    Some(k) => label(&format!("{field}.kid"), &k)?,
                    None => name.clone(),
                };
                keys.push(Key { label: name, kid });
                keys.len() - 1
            }
            (Action::Publish, Some(_)) => {
                return err(format!("{field}: {name:?} is published twice"))
            }
            (_, Some(k)) if s.kid.is_none() => k,
            (_, Some(_)) => {
                return err(format!(
                    "{field}.kid: a kid is given when a key is published"
                ))
            }
            (_, None) => return err(format!("{field}: {name:?} is not a key of the plan")),
        };
        steps.push(Step { at, action, key });
    }
    steps.sort_by(|a, b| a.at.total_cmp(&b.at));
    // The signer never signs with a retired key, nor a key retired while it signs.
    let mut signer = 0;
    for s in &steps {
        match s.action {
            Action::Sign => signer = s.key,
            Action::Retire if s.key == signer => {
                return err(format!(
                    "steps: {:?} is retired at {} s while it still signs: switch the signer first",
                    keys[s.key].label, s.at
                ))
            }
            _ => {}
        }
    }
    Ok((keys, steps))
}

/// Reads a plan from its JSON text and checks it.
///
/// # Errors
/// A [`PlanError`] naming the field at fault: an unknown member, a negative or absurd
/// duration, retire before switch, an unknown profile, too many steps or samples.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn read(text: &str) -> Result<Plan, PlanError> {
    if text.len() > 1 << 20 {
        return err("plan: more than 1 MiB of JSON".into());
    }
    let p: PlanInput = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg
            .rsplit_once(" at line ")
            .map_or(msg.as_str(), |(h, _)| h)
            .to_string();
        match member_at(text, e.column()) {
            Some(m) if !msg.contains('`') && e.line() == 1 => PlanError(format!("{m}: {msg}")),
            _ => PlanError(format!("plan: {msg}")),
        }
    })?;
    let rotation = p.publish.is_some() || p.switch.is_some() || p.retire.is_some();
    let (keys, steps) = match (&p.steps, rotation) {
        (Some(_), true) => {
            return err("steps: give either steps or publish / switch / retire, not both".into())
        }
        (Some(_), false) => {
            let initial = p.keys.clone().unwrap_or_else(|| vec!["old".to_string()]);
            general(&initial, p.steps.clone().unwrap_or_default())?
        }
        (None, true) => shorthand(&p)?,
        (None, false) => {
            if p.outage.is_none() {
                return err("plan: give a rotation (publish, switch, retire) or an outage".into());
            }
            let k = p
                .keys
                .as_ref()
                .and_then(|k| k.first())
                .cloned()
                .unwrap_or("old".into());
            let k = label("keys[0]", &k)?;
            (
                vec![Key {
                    label: k.clone(),
                    kid: k,
                }],
                Vec::new(),
            )
        }
    };
    let initial = if rotation {
        1
    } else {
        p.keys.as_ref().map_or(1, |k| k.len().max(1))
    };
    let lifetime = seconds("lifetime", p.lifetime, 3600.0)?;
    let leeway = seconds("leeway", p.leeway, 0.0)?;
    let rate = p.rate.unwrap_or(1.0);
    if !rate.is_finite() || !(0.0..=1e9).contains(&rate) {
        return err(format!(
            "rate: {rate} is not a number of tokens per second from 0 to 1e9"
        ));
    }
    let outage = match &p.outage {
        None => None,
        Some(o) => {
            let from = seconds("outage.from", Some(o.from), 0.0)?;
            let to = seconds("outage.to", Some(o.to), 0.0)?;
            if to <= from {
                return err(format!(
                    "outage.to: {to} s is not after outage.from ({from} s)"
                ));
            }
            Some((from, to))
        }
    };
    let inputs = p.verifiers.unwrap_or_default();
    if inputs.is_empty() {
        return err(
            "verifiers: name at least one (a profile such as \"jose\", or custom settings)".into(),
        );
    }
    if inputs.len() > MAX_VERIFIERS {
        return err(format!(
            "verifiers: {} verifiers, at most {MAX_VERIFIERS}",
            inputs.len()
        ));
    }
    let verifiers = inputs
        .into_iter()
        .enumerate()
        .map(|(i, v)| verifier(i, v))
        .collect::<Result<Vec<_>, _>>()?;
    // Long enough to see every key's last token expire and every cache turn over once.
    let last = steps
        .iter()
        .map(|s| s.at)
        .fold(outage.map_or(0.0, |o| o.1), f64::max);
    let longest = verifiers
        .iter()
        .map(|v| v.cache.max_age)
        .filter(|a| a.is_finite())
        .fold(0.0, f64::max);
    let horizon = match p.horizon {
        Some(h) => seconds("horizon", Some(h), 0.0)?,
        None => (last + lifetime + leeway + longest)
            .max(last + 60.0)
            .min(MAX_SECONDS * 2.0),
    };
    if horizon <= 0.0 {
        return err("horizon: the rehearsal must span some time".into());
    }
    let resolution = match p.resolution {
        Some(r) => {
            let r = seconds("resolution", Some(r), 0.0)?;
            if r <= 0.0 || horizon / r > MAX_SAMPLES {
                return err(format!(
                    "resolution: {r} s over {horizon} s is more than {MAX_SAMPLES} samples"
                ));
            }
            r
        }
        None => [1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0, 3600.0, 86_400.0]
            .into_iter()
            .find(|r| horizon / r <= MAX_SAMPLES)
            .unwrap_or(horizon / MAX_SAMPLES),
    };
    let start = match p.start {
        Some(s) if !s.is_finite() || s.abs() > 1e11 => {
            return err("start: seconds since the epoch".into())
        }
        s => s,
    };
    Ok(Plan {
        keys,
        initial,
        steps,
        lifetime,
        leeway,
        rate,
        outage,
        verifiers,
        horizon,
        resolution,
        start,
        rotation,
    })
}
