//! A rehearsal plan: read from JSON, checked, and turned into keys, steps and verifiers. Every
//! error names the field; every number is bounded, so the simulation's work is bounded too.

use serde_json::{Map, Value};

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

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn err<T>(message: String) -> Result<T, PlanError> {
    Err(PlanError(message))
}

/// The plan's member names, in the order the help lists them.
pub const PLAN_MEMBERS: &[&str] = &[
    "publish",
    "switch",
    "retire",
    "oldKid",
    "newKid",
    "sameKid",
    "keys",
    "steps",
    "lifetime",
    "leeway",
    "rate",
    "outage",
    "verifiers",
    "horizon",
    "resolution",
    "start",
];
const VERIFIER_MEMBERS: &[&str] = &[
    "profile",
    "name",
    "cacheMaxAge",
    "perKid",
    "refetchOnUnknownKid",
    "cooldown",
    "staleIfError",
    "rateLimit",
    "duplicateKid",
];
const STEP_MEMBERS: &[&str] = &["at", "publish", "sign", "retire", "kid"];
const OUTAGE_MEMBERS: &[&str] = &["from", "to"];

/// A JSON object read member by member: each error names the member (`verifiers[1].cooldown`).
/// Hand-written rather than derived: the derived readers cost the WebAssembly module ~10 KB.
struct Obj {
    m: Map<String, Value>,
    at: String,
}

impl Obj {
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn new(value: Value, at: String, known: &[&str]) -> Result<Obj, PlanError> {
        let Value::Object(m) = value else {
            return err(format!("{at}: a JSON object"));
        };
        if let Some(name) = m.keys().find(|n| !known.contains(&n.as_str())) {
            let name: String = name.chars().take(40).collect();
            return err(format!(
                "{at}: unknown member \"{name}\" (known: {})",
                known.join(", ")
            ));
        }
        Ok(Obj { m, at })
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn field(&self, name: &str) -> String {
        if self.at == "plan" {
            name.to_string()
        } else {
            format!("{}.{name}", self.at)
        }
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn take(&mut self, name: &str) -> Option<Value> {
        self.m.remove(name).filter(|v| !v.is_null())
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn num(&mut self, name: &str) -> Result<Option<f64>, PlanError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => err(format!("{}: a number of seconds", self.field(name))),
        }
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn text(&mut self, name: &str) -> Result<Option<String>, PlanError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => err(format!("{}: a string", self.field(name))),
        }
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn flag(&mut self, name: &str) -> Result<Option<bool>, PlanError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => err(format!("{}: true or false", self.field(name))),
        }
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn list(&mut self, name: &str) -> Result<Option<Vec<Value>>, PlanError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => err(format!("{}: a list", self.field(name))),
        }
    }
}

/// The plan's members.
struct PlanInput {
    publish: Option<f64>,
    switch: Option<f64>,
    retire: Option<f64>,
    old_kid: Option<String>,
    new_kid: Option<String>,
    same_kid: Option<bool>,
    keys: Option<Vec<Value>>,
    steps: Option<Vec<Value>>,
    lifetime: Option<f64>,
    leeway: Option<f64>,
    rate: Option<f64>,
    outage: Option<(Option<f64>, Option<f64>)>,
    verifiers: Option<Vec<Value>>,
    horizon: Option<f64>,
    resolution: Option<f64>,
    start: Option<f64>,
}

impl PlanInput {
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn read(value: Value) -> Result<PlanInput, PlanError> {
        let mut o = Obj::new(value, "plan".into(), PLAN_MEMBERS)?;
        let outage = match o.take("outage") {
            None => None,
            Some(v) => {
                let mut w = Obj::new(v, "outage".into(), OUTAGE_MEMBERS)?;
                Some((w.num("from")?, w.num("to")?))
            }
        };
        Ok(PlanInput {
            publish: o.num("publish")?,
            switch: o.num("switch")?,
            retire: o.num("retire")?,
            old_kid: o.text("oldKid")?,
            new_kid: o.text("newKid")?,
            same_kid: o.flag("sameKid")?,
            keys: o.list("keys")?,
            steps: o.list("steps")?,
            lifetime: o.num("lifetime")?,
            leeway: o.num("leeway")?,
            rate: o.num("rate")?,
            outage,
            verifiers: o.list("verifiers")?,
            horizon: o.num("horizon")?,
            resolution: o.num("resolution")?,
            start: o.num("start")?,
        })
    }
}

/// Sorts steps by time, stably: an insertion sort (at most 64 steps), far smaller in the
/// WebAssembly module than the standard library's sort.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn by_time(steps: &mut [Step]) {
    for i in 1..steps.len() {
        let mut j = i;
        while j > 0 && steps[j - 1].at > steps[j].at {
            steps.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A number as JSON writes it ("600", "0.5", "1e300").
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return (v as i64).to_string();
    }
    serde_json::Number::from_f64(v).map_or_else(|| "a non-finite number".into(), |n| n.to_string())
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

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn seconds(field: &str, value: Option<f64>, default: f64) -> Result<f64, PlanError> {
    let v = value.unwrap_or(default);
    if !v.is_finite() || v < 0.0 {
        return err(format!(
            "{field}: {} is not a number of seconds >= 0",
            num(v)
        ));
    }
    if v > MAX_SECONDS {
        return err(format!(
            "{field}: {} s is more than ten years (315360000 s), the longest a plan may span",
            num(v)
        ));
    }
    Ok(v)
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn span(field: &str, value: Option<Value>, default: f64) -> Result<f64, PlanError> {
    match value {
        None | Some(Value::Null) => Ok(default),
        Some(Value::String(w)) if w == "never" => Ok(f64::INFINITY),
        Some(Value::Number(n)) => seconds(field, n.as_f64(), 0.0),
        Some(_) => err(format!("{field}: a number of seconds or \"never\"")),
    }
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn label(field: &str, text: &str) -> Result<String, PlanError> {
    if text.is_empty() || text.len() > 100 {
        return err(format!("{field}: a key name is 1 to 100 characters"));
    }
    Ok(text.to_string())
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn verifier(i: usize, input: Value) -> Result<Verifier, PlanError> {
    let field = format!("verifiers[{i}]");
    let mut o = match input {
        Value::String(name) => {
            let mut m = Map::new();
            // a profile named by an alias keeps that name ("express-jwt")
            m.insert("name".into(), Value::String(name.to_ascii_lowercase()));
            m.insert("profile".into(), Value::String(name));
            Obj {
                m,
                at: field.clone(),
            }
        }
        Value::Object(_) => Obj::new(input, field.clone(), VERIFIER_MEMBERS)?,
        _ => return err(format!("{field}: a profile name or an object of settings")),
    };
    let profile_name = o.text("profile")?;
    let (profile, mut cache, source, from_docs) = match profile_name.as_deref() {
        Some(name) => match find(name) {
            Some(p) => (p.name, p.cache.clone(), p.source, p.from_docs),
            None => {
                let known: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
                return err(format!(
                    "{field}: unknown profile \"{}\": one of {}, or custom settings without \"profile\"",
                    name.chars().take(40).collect::<String>(),
                    known.join(", ")
                ));
            }
        },
        None => {
            if !o.m.contains_key("cacheMaxAge") {
                return err(format!(
                    "{field}: a custom verifier needs \"cacheMaxAge\" (or name a \"profile\")"
                ));
            }
            let mut c = PROFILES[0].cache.clone();
            c.backoff = false;
            c.unavailable_when_failing = false;
            c.stale_if_error = 0.0;
            c.refresh_ahead = 1.0;
            ("custom", c, "", false)
        }
    };
    cache.max_age = span(
        &format!("{field}.cacheMaxAge"),
        o.take("cacheMaxAge"),
        cache.max_age,
    )?;
    cache.stale_if_error = span(
        &format!("{field}.staleIfError"),
        o.take("staleIfError"),
        cache.stale_if_error,
    )?;
    cache.cooldown = seconds(
        &format!("{field}.cooldown"),
        o.num("cooldown")?,
        cache.cooldown,
    )?;
    let rate = seconds(
        &format!("{field}.rateLimit"),
        o.num("rateLimit")?,
        cache.rate_limit,
    )?;
    if rate > 1e6 {
        return err(format!(
            "{field}.rateLimit: at most 1000000 fetches a minute"
        ));
    }
    cache.rate_limit = rate;
    cache.per_kid = o.flag("perKid")?.unwrap_or(cache.per_kid);
    cache.refetch_unknown = o
        .flag("refetchOnUnknownKid")?
        .unwrap_or(cache.refetch_unknown);
    if let Some(d) = o.text("duplicateKid")?.as_deref() {
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
    let name = match o.text("name")? {
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
#[cfg_attr(jwt_doctor_size, optimize(size))]
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
                "retire: {} s is before switch ({} s): the old key would leave the set while it still signs",
                num(retire),
                num(switch)
            ));
        }
        steps.push(Step {
            at: retire,
            action: Action::Retire,
            key: 0,
        });
    }
    by_time(&mut steps);
    Ok((keys, steps))
}

/// The keys and steps of the general form: `keys` (in the set at the start, the first one
/// signing) and `steps` (`{ "at", "publish" | "sign" | "retire": name, "kid"? }`).
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn general(initial: &[String], list: Vec<Value>) -> Result<(Vec<Key>, Vec<Step>), PlanError> {
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
            return err(format!("keys[{i}]: \"{l}\" is listed twice"));
        }
        keys.push(Key {
            label: l.clone(),
            kid: l,
        });
    }
    let mut steps = Vec::new();
    for (i, value) in list.into_iter().enumerate() {
        let field = format!("steps[{i}]");
        let mut o = Obj::new(value, field.clone(), STEP_MEMBERS)?;
        let at = match o.num("at")? {
            Some(at) => seconds(&format!("{field}.at"), Some(at), 0.0)?,
            None => return err(format!("{field}.at: the step's time is missing")),
        };
        let kid = o.text("kid")?;
        let (action, name) = match (o.text("publish")?, o.text("sign")?, o.text("retire")?) {
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
                let kid = match kid {
                    Some(k) => label(&format!("{field}.kid"), &k)?,
                    None => name.clone(),
                };
                keys.push(Key { label: name, kid });
                keys.len() - 1
            }
            (Action::Publish, Some(_)) => {
                return err(format!("{field}: \"{name}\" is published twice"))
            }
            (_, Some(k)) if kid.is_none() => k,
            (_, Some(_)) => {
                return err(format!(
                    "{field}.kid: a kid is given when a key is published"
                ))
            }
            (_, None) => return err(format!("{field}: \"{name}\" is not a key of the plan")),
        };
        steps.push(Step { at, action, key });
    }
    by_time(&mut steps);
    // The signer never signs with a retired key, nor a key retired while it signs.
    let mut signer = 0;
    for s in &steps {
        match s.action {
            Action::Sign => signer = s.key,
            Action::Retire if s.key == signer => {
                return err(format!(
                "steps: \"{}\" is retired at {} s while it still signs: switch the signer first",
                keys[s.key].label,
                num(s.at)
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
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        PlanError(format!(
            "plan: not JSON ({})",
            msg.rsplit_once(" at line ")
                .map_or(msg.as_str(), |(h, _)| h)
        ))
    })?;
    let mut p = PlanInput::read(value)?;
    let rotation = p.publish.is_some() || p.switch.is_some() || p.retire.is_some();
    let names = match p.keys.take() {
        None => vec!["old".to_string()],
        Some(list) if list.is_empty() || list.len() > MAX_STEPS => {
            return err(format!(
                "keys: 1 to {MAX_STEPS} key names, the first one signing"
            ))
        }
        Some(list) => list
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s),
                _ => err(format!("keys[{i}]: a key name")),
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let (keys, steps) = match (p.steps.take(), rotation) {
        (Some(_), true) => {
            return err("steps: give either steps or publish / switch / retire, not both".into())
        }
        (Some(list), false) => general(&names, list)?,
        (None, true) => shorthand(&p)?,
        (None, false) => {
            if p.outage.is_none() {
                return err("plan: give a rotation (publish, switch, retire) or an outage".into());
            }
            general(&names, Vec::new())?
        }
    };
    let initial = if rotation { 1 } else { names.len() };
    let lifetime = seconds("lifetime", p.lifetime, 3600.0)?;
    let leeway = seconds("leeway", p.leeway, 0.0)?;
    let rate = p.rate.unwrap_or(1.0);
    if !rate.is_finite() || !(0.0..=1e9).contains(&rate) {
        return err(format!(
            "rate: {} is not a number of tokens per second from 0 to 1e9",
            num(rate)
        ));
    }
    let outage = match p.outage {
        None => None,
        Some((from, to)) => {
            let (Some(from), Some(to)) = (from, to) else {
                return err("outage: { \"from\", \"to\" } in seconds".into());
            };
            let from = seconds("outage.from", Some(from), 0.0)?;
            let to = seconds("outage.to", Some(to), 0.0)?;
            if to <= from {
                return err(format!(
                    "outage.to: {} s is not after outage.from ({} s)",
                    num(to),
                    num(from)
                ));
            }
            Some((from, to))
        }
    };
    let inputs = p.verifiers.take().unwrap_or_default();
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
                    "resolution: {} s over {} s is more than 5000 samples",
                    num(r),
                    num(horizon)
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
