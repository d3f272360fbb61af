//! The cache model, run on a fixed grid of instants. At every sample the verifier is shown one
//! token of each key whose tokens are still valid (the signer's fresh one first, then the older
//! keys' last ones), and answers as its cache rules say. Deterministic and clock-free: time is
//! the sample's number of seconds since the plan's start, and the first request (at 0) finds the
//! cache empty.

use super::plan::{Action, Plan, Verifier};
use super::profiles::Duplicates;

/// Why a valid token is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The kid is not in the verifier's copy of the set (401).
    KidNotFound,
    /// The kid names another key in the verifier's copy (401).
    SignatureInvalid,
    /// The set cannot be fetched and no usable copy is held (a 503 at jwt-doctor; an error at
    /// the others).
    JwksUnavailable,
    /// The verifier's own fetch rate limit refused the fetch.
    RateLimited,
}

/// A rejected stretch: the samples from `from` (inclusive) to `to` (exclusive), tokens of key
/// `key`, all for the same cause.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// First rejected sample, seconds.
    pub from: f64,
    /// The sample after the last rejected one, seconds.
    pub to: f64,
    /// Why.
    pub cause: Cause,
    /// The key whose tokens are rejected (index into the plan's keys).
    pub key: usize,
}

/// What one verifier went through.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// The windows in time order.
    pub windows: Vec<Window>,
    /// Requests to the key-set endpoint.
    pub fetches: u64,
}

/// The key set and the signer over time, sampled one instant at a time.
pub struct World<'a> {
    plan: &'a Plan,
    // each key's kid, as the index of the first key with that kid
    kid: Vec<usize>,
    // the instant `set` is for, and the set then
    at: f64,
    set: Vec<usize>,
}

impl<'a> World<'a> {
    /// The world of `plan`, at its start.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn new(plan: &'a Plan) -> Self {
        let kid = (0..plan.keys.len())
            .map(|k| {
                plan.keys
                    .iter()
                    .position(|o| o.kid == plan.keys[k].kid)
                    .unwrap_or(k)
            })
            .collect();
        let mut w = World {
            plan,
            kid,
            at: f64::NAN,
            set: Vec::new(),
        };
        w.move_to(0.0);
        w
    }

    /// Moves to instant `t`: the keys in the set then, in publication order.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn move_to(&mut self, t: f64) {
        let mut set: Vec<usize> = (0..self.plan.initial).collect();
        for s in self.plan.steps.iter().filter(|s| s.at <= t) {
            match s.action {
                Action::Publish => set.push(s.key),
                Action::Retire => set.retain(|&k| k != s.key),
                Action::Sign => {}
            }
        }
        self.at = t;
        self.set = set;
    }

    /// The keys in the set at the current instant.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn set(&self) -> &[usize] {
        &self.set
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn serving(&self) -> Option<Vec<usize>> {
        match self.plan.outage {
            Some((from, to)) if self.at >= from && self.at < to => None,
            _ => Some(self.set.clone()),
        }
    }

    /// The keys whose tokens are valid at the current instant: the signer's, then each earlier
    /// signer's whose last token (signed when it stopped signing) has not expired, with leeway.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn tokens(&self) -> Vec<usize> {
        let t = self.at;
        let mut signer = 0;
        let mut out = Vec::new();
        for s in self
            .plan
            .steps
            .iter()
            .filter(|s| s.action == Action::Sign && s.at <= t)
        {
            if s.key != signer {
                out.retain(|&k| k != signer && k != s.key);
                if t < s.at + self.plan.lifetime + self.plan.leeway {
                    out.push(signer);
                }
                signer = s.key;
            }
        }
        out.insert(0, signer);
        out
    }
}

// One verifier's cache.
struct Cache<'a> {
    v: &'a Verifier,
    set: Option<Vec<usize>>,
    fetched: f64,
    attempted: f64,
    failing: bool,
    refresh_next: bool,
    // the last refresh requested for the next request (refetch_next)
    requested: f64,
    per_kid: Vec<(usize, Vec<usize>, f64)>,
    bucket: f64,
    bucket_at: f64,
    fetches: u64,
}

impl<'a> Cache<'a> {
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn new(v: &'a Verifier) -> Self {
        Cache {
            v,
            set: None,
            fetched: f64::NEG_INFINITY,
            attempted: f64::NEG_INFINITY,
            failing: false,
            refresh_next: false,
            requested: f64::NEG_INFINITY,
            per_kid: Vec::new(),
            bucket: v.cache.rate_limit,
            bucket_at: 0.0,
            fetches: 0,
        }
    }

    // One request to the endpoint (after the rate limit): the set, or Err(cause).
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn fetch(&mut self, world: &World) -> Result<Vec<usize>, Cause> {
        let t = world.at;
        let limit = self.v.cache.rate_limit;
        if limit > 0.0 {
            self.bucket = (self.bucket + (t - self.bucket_at) * limit / 60.0).min(limit);
            self.bucket_at = t;
            if self.bucket < 1.0 {
                return Err(Cause::RateLimited);
            }
            self.bucket -= 1.0;
        }
        self.fetches += 1;
        self.attempted = t;
        match world.serving() {
            Some(set) => {
                self.fetched = t;
                self.failing = false;
                Ok(set)
            }
            None => {
                self.failing = true;
                Err(Cause::JwksUnavailable)
            }
        }
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn judge(&self, keys: &[usize], key: usize) -> Result<(), Cause> {
        let ok = match self.v.cache.duplicates {
            Duplicates::All => keys.contains(&key),
            Duplicates::First => keys.first() == Some(&key),
            Duplicates::Reject => keys.len() == 1 && keys[0] == key,
        };
        if ok {
            Ok(())
        } else {
            Err(Cause::SignatureInvalid)
        }
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn with_kid(world: &World, set: &[usize], kid: usize) -> Vec<usize> {
        set.iter()
            .copied()
            .filter(|&k| world.kid[k] == kid)
            .collect()
    }

    // The answer to a token signed by `key` at `t`.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn request(&mut self, world: &World, key: usize) -> Result<(), Cause> {
        let t = world.at;
        let c = &self.v.cache;
        let kid = world.kid[key];
        if c.per_kid {
            if let Some((_, keys, at)) = self.per_kid.iter().find(|e| e.0 == kid) {
                if t - at < c.max_age {
                    return self.judge(keys, key);
                }
            }
            let set = self.fetch(world)?;
            let keys = Self::with_kid(world, &set, kid);
            if keys.is_empty() {
                return Err(Cause::KidNotFound);
            }
            self.per_kid.retain(|e| e.0 != kid);
            self.per_kid.push((kid, keys.clone(), t));
            return self.judge(&keys, key);
        }
        // refreshed ahead of expiry (jwt-doctor), but never within a cooldown of the fetch
        let due = (c.max_age * c.refresh_ahead).max(c.cooldown.min(c.max_age));
        let fresh = self.set.is_some() && t - self.fetched < due && !self.refresh_next;
        if !fresh {
            let backing_off = c.backoff && self.failing && t - self.attempted < c.cooldown;
            if !backing_off || self.set.is_none() {
                self.refresh_next = false;
                match self.fetch(world) {
                    Ok(set) => self.set = Some(set),
                    Err(cause) => {
                        let stale = t - self.fetched < c.max_age + c.stale_if_error;
                        if self.set.is_none() || !stale {
                            return Err(cause);
                        }
                    }
                }
            }
        }
        let set = self.set.clone().unwrap_or_default();
        let keys = Self::with_kid(world, &set, kid);
        if !keys.is_empty() {
            return self.judge(&keys, key);
        }
        let since = if c.refetch_next {
            self.requested
        } else if c.backoff {
            self.attempted
        } else {
            self.fetched
        };
        let unknown = if c.unavailable_when_failing && self.failing {
            Cause::JwksUnavailable
        } else {
            Cause::KidNotFound
        };
        if !c.refetch_unknown || t - since < c.cooldown {
            return Err(unknown);
        }
        if c.refetch_next {
            // the refetch is requested now and happens on the next request
            self.refresh_next = true;
            self.requested = t;
            return Err(Cause::KidNotFound);
        }
        let set = self.fetch(world)?;
        let keys = Self::with_kid(world, &set, kid);
        self.set = Some(set);
        if keys.is_empty() {
            return Err(Cause::KidNotFound);
        }
        self.judge(&keys, key)
    }
}

/// Runs every verifier of the plan through it, one sample at a time.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn run(plan: &Plan) -> Vec<Run> {
    let mut world = World::new(plan);
    let mut caches: Vec<Cache> = plan.verifiers.iter().map(Cache::new).collect();
    let mut runs: Vec<Run> = vec![Run::default(); caches.len()];
    // the window under way for each verifier and key
    let mut open: Vec<Vec<Option<usize>>> = vec![vec![None; plan.keys.len()]; caches.len()];
    let samples = (plan.horizon / plan.resolution).ceil() as u64;
    for i in 0..samples {
        let t = i as f64 * plan.resolution;
        world.move_to(t);
        let live = world.tokens();
        for ((cache, run), open) in caches.iter_mut().zip(runs.iter_mut()).zip(open.iter_mut()) {
            for (key, slot) in open.iter_mut().enumerate() {
                if !live.contains(&key) {
                    *slot = None;
                }
            }
            for &key in &live {
                let windows = &mut run.windows;
                match (cache.request(&world, key).err(), open[key]) {
                    (Some(cause), Some(w)) if windows[w].cause == cause && windows[w].to == t => {
                        windows[w].to = t + plan.resolution;
                    }
                    (Some(cause), _) => {
                        windows.push(Window {
                            from: t,
                            to: t + plan.resolution,
                            cause,
                            key,
                        });
                        open[key] = Some(windows.len() - 1);
                    }
                    (None, _) => open[key] = None,
                }
            }
        }
    }
    for (run, cache) in runs.iter_mut().zip(&caches) {
        // windows are pushed when they open, so they are in time order already
        run.fetches = cache.fetches;
    }
    runs
}
