//! The named verifier profiles: how each library or gateway caches a key set, as data. Every
//! row cites where its defaults come from; the rows for libraries that run here (jose,
//! jwks-rsa / express-jwt, PyJWT, jwt-doctor) are checked against the real library on a
//! compressed clock (tests/js/rehearse-libraries.test.mjs), the others say "from docs".

/// What a verifier does with a token whose `kid` names several keys of its set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    /// Tries every key with the kid.
    All,
    /// Takes the first key with the kid (and fails the signature when that is the other key).
    First,
    /// Refuses the token when the kid is ambiguous.
    Reject,
}

/// A verifier's key cache, in seconds. `f64::INFINITY` means "never" (a cache that never
/// expires, a stale set kept for as long as the issuer fails).
#[derive(Clone, Debug, PartialEq)]
pub struct Cache {
    /// How long a fetched set (or, with `per_kid`, one kid's key) is used without refetching.
    pub max_age: f64,
    /// Keys are cached one kid at a time (a miss fetches the set and keeps only that kid).
    pub per_kid: bool,
    /// A kid that is not in the cached set makes it refetch (subject to `cooldown`).
    pub refetch_unknown: bool,
    /// The shortest time between two refetches for unknown kids (and, with
    /// `backoff`, between two attempts after a failure).
    pub cooldown: f64,
    /// The cooldown counts from the last attempt (good or not), not the last good fetch.
    pub backoff: bool,
    /// How long past `max_age` the last good set is still used while refetches fail.
    pub stale_if_error: f64,
    /// The request that finds its kid unknown is rejected; the refetch serves the next ones.
    pub refetch_next: bool,
    /// An unknown kid while the set cannot be refreshed is answered 503, not `kid_not_found`.
    pub unavailable_when_failing: bool,
    /// Fetches allowed per minute (a token bucket of that size); 0 for no limit.
    pub rate_limit: f64,
    /// What a kid shared by several keys does.
    pub duplicates: Duplicates,
    /// The share of `max_age` from which a set still in use is refreshed (in the background; 1
    /// for none): jwt-doctor's refresh ahead of expiry, never within a `cooldown` of a fetch.
    pub refresh_ahead: f64,
}

/// A named profile: a verifier's defaults and where they come from.
#[derive(Debug)]
pub struct Profile {
    /// The name a plan uses (`"jose"`).
    pub name: &'static str,
    /// Other names accepted for it.
    pub aliases: &'static [&'static str],
    /// What it is, for people.
    pub label: &'static str,
    /// The defaults.
    pub cache: Cache,
    /// Where the defaults come from (source file and line, or documentation).
    pub source: &'static str,
    /// The defaults are read from documentation, not proven against the library here.
    pub from_docs: bool,
}

const NEVER: f64 = f64::INFINITY;

// jwt-doctor's own remote set: the parameters in one place, so that they follow js/jwks.js.
// Modelled as intended with the fault-tolerance work (issue 29): stale-while-revalidate, backoff
// from the first failure, an unknown kid while the set cannot be refreshed answered 503; the last
// good set is kept on failure (no maxStale by default).
const JWT_DOCTOR: Cache = Cache {
    max_age: 600.0,
    per_kid: false,
    refetch_unknown: true,
    cooldown: 30.0,
    backoff: true,
    // maxStale (a day, from the last good fetch) less the set's age
    stale_if_error: 86_400.0 - 600.0,
    refetch_next: false,
    unavailable_when_failing: true,
    rate_limit: 0.0,
    duplicates: Duplicates::All,
    refresh_ahead: 0.8,
};

/// Every named profile.
pub static PROFILES: &[Profile] = &[
    Profile {
        name: "jwt-doctor",
        aliases: &[],
        label: "jwt-doctor createRemoteJWKSet",
        cache: JWT_DOCTOR,
        source: "js/jwks.js readOptions (cacheMaxAge 600 s, cooldown 30 s, maxStale 86400 s) and RemoteJWKSet#answer (refreshed in the background from 80 % of its age, REFRESH_AHEAD)",
        from_docs: false,
    },
    Profile {
        name: "jose",
        aliases: &[],
        label: "jose createRemoteJWKSet",
        cache: Cache {
            refresh_ahead: 1.0,
            max_age: 600.0,
            cooldown: 30.0,
            backoff: false,
            stale_if_error: 0.0,
            unavailable_when_failing: false,
            duplicates: Duplicates::Reject,
            ..JWT_DOCTOR
        },
        source: "jose 6.2.18 dist/webapi/jwks/remote.js:44 cacheMaxAge 600000 ms, cooldownDuration \
                 30000 ms; :68 reload when not fresh (a failed reload rejects); :72 refetch on an \
                 unknown kid once the last good fetch is older than the cooldown; local.js:44 \
                 several keys for one kid throw JWKSMultipleMatchingKeys",
        from_docs: false,
    },
    Profile {
        name: "jwks-rsa",
        aliases: &["express-jwt"],
        label: "jwks-rsa (and express-jwt's expressJwtSecret)",
        cache: Cache {
            refresh_ahead: 1.0,
            max_age: 600.0,
            per_kid: true,
            refetch_unknown: true,
            cooldown: 0.0,
            backoff: false,
            stale_if_error: 0.0,
            unavailable_when_failing: false,
            rate_limit: 0.0,
            duplicates: Duplicates::First,
            ..JWT_DOCTOR
        },
        source: "jwks-rsa 4.1.0 src/wrappers/cache.js:6 cacheMaxAge 600000 ms per kid (10 h in \
                 1.x), cacheMaxAgeFallback (stale-if-error) off; src/JwksClient.js:10 rateLimit \
                 off, src/wrappers/rateLimit.js:6 jwksRequestsPerMinute 10 when on; \
                 src/JwksClient.js:81 the first key with the kid",
        from_docs: false,
    },
    Profile {
        name: "pyjwt",
        aliases: &["pyjwkclient"],
        label: "PyJWT PyJWKClient",
        cache: Cache {
            refresh_ahead: 1.0,
            max_age: 300.0,
            cooldown: 30.0,
            backoff: false,
            stale_if_error: 0.0,
            unavailable_when_failing: false,
            duplicates: Duplicates::First,
            ..JWT_DOCTOR
        },
        source: "PyJWT 2.15.1 jwt/jwks_client.py:41 lifespan 300 s (cache_jwk_set), :45 \
                 cooldown_duration 30 s from the last good fetch before an unknown kid refetches \
                 (:281), a failed fetch raises and keeps nothing fresh (:185); cache_keys (off by \
                 default, :38) keeps keys with no expiry; match_kid takes the first key",
        from_docs: false,
    },
    Profile {
        name: "spring",
        aliases: &["nimbus"],
        label: "Spring Security NimbusJwtDecoder",
        cache: Cache {
            refresh_ahead: 1.0,
            max_age: 300.0,
            cooldown: 30.0,
            backoff: false,
            stale_if_error: 0.0,
            unavailable_when_failing: false,
            duplicates: Duplicates::All,
            ..JWT_DOCTOR
        },
        source: "from docs: Spring Security reference, OAuth 2.0 Resource Server JWT (\"caches the \
                 JWK Set for 5 minutes\"); Nimbus JWKSourceBuilder DEFAULT_CACHE_TIME_TO_LIVE \
                 300000, DEFAULT_RATE_LIMIT_MIN_INTERVAL 30000 (refetch on an unknown kid)",
        from_docs: true,
    },
    Profile {
        name: "microsoft",
        aliases: &["dotnet", "identitymodel"],
        label: "Microsoft.IdentityModel ConfigurationManager",
        cache: Cache {
            refresh_ahead: 1.0,
            max_age: 43_200.0,
            cooldown: 300.0,
            backoff: false,
            stale_if_error: NEVER,
            refetch_next: true,
            unavailable_when_failing: false,
            duplicates: Duplicates::All,
            ..JWT_DOCTOR
        },
        source: "from docs: ConfigurationManager<T>.DefaultAutomaticRefreshInterval (12 h) and \
                 DefaultRefreshInterval (5 min, between RequestRefresh calls); JwtBearer calls \
                 RequestRefresh after SecurityTokenSignatureKeyNotFoundException and fails that \
                 request; the current configuration is kept when a refresh fails",
        from_docs: true,
    },
    Profile {
        name: "envoy",
        aliases: &["jwt_authn"],
        label: "Envoy jwt_authn remote_jwks",
        cache: Cache {
            refresh_ahead: 1.0,
            max_age: 600.0,
            refetch_unknown: false,
            cooldown: 0.0,
            backoff: false,
            stale_if_error: 0.0,
            unavailable_when_failing: false,
            duplicates: Duplicates::All,
            ..JWT_DOCTOR
        },
        source: "from docs: envoy.extensions.filters.http.jwt_authn.v3.RemoteJwks cache_duration \
                 (\"If not specified, default cache duration is 10 minutes\"); an unknown kid is \
                 rejected without a refetch",
        from_docs: true,
    },
];

/// The profile named `name` (or one of its aliases), ignoring letter case.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn find(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| {
        p.name.eq_ignore_ascii_case(name) || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}
