//! The identity providers whose near misses people actually search for, as data: the catalogue
//! (`catalogue.rs`) lists each provider's issuer forms, key set, kinds of token and mix-ups with
//! their fixes; the matcher (`matcher.rs`) reads it. The generic near misses (trailing slash,
//! scheme, case, host) are in `claims.rs`; this module names the provider behind them, the kind
//! of token, and the mix-ups only a provider explains. None of it runs on `verify`'s accepting
//! path: only when a check fails, or in `inspect`.

pub mod catalogue;
mod matcher;
#[cfg(not(target_arch = "wasm32"))]
pub mod table;

use serde::Serialize;
use serde_json::Value;

pub use catalogue::Provider;
use catalogue::{Row, PROVIDERS};
use matcher::{any_word, glob, host_and_path, kind_of, recognise as matched, Matched};

use crate::findings::Finding;
use crate::json::Object;
use crate::policy::Policy;
use crate::report::Collector;

impl Provider {
    /// The name in reports (`detail.provider`).
    pub fn as_str(&self) -> &'static str {
        self.id
    }

    /// The provider's JWK Set URL, when it is one fixed URL.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn jwk_set(&self) -> Option<&'static str> {
        (self.keys.starts_with("https://") && !self.keys.contains(['{', ' '])).then_some(self.keys)
    }
}

/// The provider a report names for the token's issuer (`report.token.provider`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recognised {
    /// `detail.provider`'s name: `entra`, `google`…
    pub id: &'static str,
    /// For people: "Microsoft Entra ID (v2 issuer)", "Okta (custom authorization server)".
    pub name: &'static str,
}

/// The provider of an issuer, recognised from `iss` alone.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn of_issuer(iss: &str) -> Option<&'static Provider> {
    matched(Some(iss), None, None).map(|m| m.provider)
}

/// The provider of a token, from its `iss` and, for the forms told apart by them, its claims.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn of_token(payload: &Object) -> Option<&'static Provider> {
    matched(iss_of(Some(payload)), None, Some(payload)).map(|m| m.provider)
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn iss_of(payload: Option<&Object>) -> Option<&str> {
    payload.and_then(|p| p.get("iss")).and_then(Value::as_str)
}

/// A provider-specific mix-up: the difference, and the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MixUp {
    /// The provider (none for a mix-up every provider's tokens can have, like `azp`).
    pub provider: Option<&'static str>,
    /// `detail.nearMiss` (the catalogue's rule), or a generic near miss the provider explains.
    pub near_miss: &'static str,
    /// Appended to the message: what the difference is.
    pub words: String,
    /// The fix, for this provider.
    pub hint: String,
}

/// A failing check, as the rules read it.
pub struct Failure<'a> {
    /// `iss`, `aud`, `sub`, `typ`, `required`, `alg`, `format`.
    pub check: &'static str,
    /// The token's header, when decoded.
    pub header: Option<&'a Object>,
    /// The token's payload, when decoded.
    pub payload: Option<&'a Object>,
    /// The failing claim's values (none when it is missing).
    pub actual: &'a [&'a str],
    /// What the policy expects.
    pub expected: &'a [String],
    /// The generic near miss between the two, if any.
    pub near: Option<&'static str>,
}

/// The mix-up that explains a failing check, if the token's (or the expected issuer's)
/// provider has one whose premise holds.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn mix_up(c: &Failure<'_>) -> Option<MixUp> {
    let token = matched(iss_of(c.payload), c.header, c.payload);
    // an expected issuer is recognised from itself, or as a form of the token's provider (a
    // form otherwise told by the token's claims: Clerk's production host, Okta's custom domain)
    let expected: Vec<Matched> = if c.check == "iss" {
        c.expected
            .iter()
            .filter_map(|e| {
                matched(Some(e), None, None)
                    .or_else(|| token.as_ref().and_then(|t| matcher::form_of(t.provider, e)))
            })
            .collect()
    } else {
        Vec::new()
    };
    let provider = token
        .as_ref()
        .map(|m| m.provider)
        .or_else(|| expected.first().map(|m| m.provider));
    let kind = token
        .as_ref()
        .and_then(|m| kind_of(m.provider, c.header, c.payload));
    let found = match provider {
        Some(p) => p
            .rules
            .each()
            .find(|r| applies(*r, c, token.as_ref(), &expected, kind))
            .map(|r| (p, r)),
        // no provider: only rules that read the value itself, exactly
        None => PROVIDERS.iter().find_map(|p| {
            p.rules
                .each()
                .find(|r| {
                    let on = r.field(0);
                    let exact = match on.strip_prefix("actual ") {
                        Some(pats) => c.check == "format" || !pats.contains('*'),
                        // a GUID and `api://` that GUID are Entra's, whoever issued the token
                        None => on == "app-id-uri",
                    };
                    exact && applies(*r, c, None, &expected, None)
                })
                .map(|r| (p, r))
        }),
    };
    if let Some((p, r)) = found {
        let look = |name: &str| lookup(name, c, token.as_ref());
        return Some(MixUp {
            provider: Some(p.id),
            near_miss: r.field(2),
            words: matcher::fill(r.field(3), &look),
            hint: matcher::fill(r.field(4), &look),
        });
    }
    // every provider's tokens can carry the client in azp
    let azp = c.payload.and_then(|p| p.get("azp")).and_then(Value::as_str);
    let azp = azp.filter(|a| c.check == "aud" && c.expected.iter().any(|e| e == a))?;
    Some(MixUp {
        provider: provider.map(|p| p.id),
        near_miss: "azp",
        words: format!(
            " ({azp:?} is the token's azp, the client it was issued to, not an audience)"
        ),
        hint: "expect this API's audience, or check azp (the client) instead of aud".into(),
    })
}

/// A template's value: the failure's values, the token's placeholders, then its claims.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
fn lookup(name: &str, c: &Failure<'_>, token: Option<&Matched>) -> Option<String> {
    let aud: Vec<&str> = match c.payload.and_then(|p| p.get("aud")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let value = match name {
        "actual" => c.actual.first().map(|s| s.to_string()),
        "expected" => c.expected.first().cloned(),
        "host" => iss_of(c.payload).and_then(host_and_path).map(|(h, _)| h),
        "api" => aud
            .iter()
            .find(|a| !a.ends_with("/userinfo"))
            .map(|s| s.to_string()),
        "aud" => aud.first().map(|s| s.to_string()),
        _ => None,
    };
    value
        .or_else(|| token.and_then(|m| m.capture(name)).map(str::to_string))
        .or_else(|| {
            c.payload
                .and_then(|p| p.get(name))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
}

/// Whether a rule's premise holds for this failure (the premises: see `catalogue.rs`).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
fn applies(
    r: Row,
    c: &Failure<'_>,
    token: Option<&Matched>,
    expected: &[Matched],
    kind: Option<&str>,
) -> bool {
    if !any_word(r.field(1), &mut |x| x == c.check) {
        return false;
    }
    let on = r.field(0);
    let (verb, arg) = on.split_once(' ').unwrap_or((on, ""));
    let same_provider = |e: &&Matched| token.is_some_and(|t| std::ptr::eq(t.provider, e.provider));
    let shared_equal = |t: &Matched, e: &Matched, except: &str| {
        t.captures
            .iter()
            .all(|(n, v)| *n == except || e.capture(n).is_none_or(|w| w.eq_ignore_ascii_case(v)))
    };
    match verb {
        "kind" => kind == Some(arg),
        "placeholder" => token.is_some_and(|t| {
            expected.iter().filter(same_provider).any(|e| {
                t.form == e.form && t.capture(arg) != e.capture(arg) && shared_equal(t, e, arg)
            })
        }),
        "forms" => token.is_some_and(|t| {
            let (a, b) = arg.split_once(' ').unwrap_or((arg, ""));
            t.form.field(1) == a
                && expected
                    .iter()
                    .filter(same_provider)
                    .any(|e| e.form.field(1) == b && shared_equal(t, e, ""))
        }),
        "near" => c.near == Some(arg),
        "other-host" => c
            .actual
            .first()
            .and_then(|a| host_and_path(a))
            .is_some_and(|(ha, pa)| {
                c.expected
                    .iter()
                    .filter_map(|e| host_and_path(e))
                    .any(|(he, pe)| {
                        ha != he
                            && pa.trim_matches('/').is_empty()
                            && pe.trim_matches('/').is_empty()
                    })
            }),
        "expected" => {
            let text = arg.to_ascii_lowercase();
            c.expected
                .iter()
                .any(|e| e.to_ascii_lowercase().contains(&text))
        }
        "actual" => c.actual.iter().any(|a| any_word(arg, &mut |p| glob(p, a))),
        "app-id-uri" => {
            let entra = token.is_some_and(|t| t.provider.id == "entra");
            c.actual.iter().any(|a| {
                c.expected.iter().any(|e| {
                    (guid(a) && app_id_uri(e, a))
                        || (guid(e) && app_id_uri(a, e))
                        || (entra
                            && (guid(a) || guid(e))
                            && (a.starts_with("api://") || e.starts_with("api://")))
                })
            })
        }
        "azp" => c
            .payload
            .and_then(|p| p.get("azp"))
            .and_then(Value::as_str)
            .is_some_and(|azp| c.expected.iter().any(|e| e == azp)),
        _ => false,
    }
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn app_id_uri(uri: &str, id: &str) -> bool {
    uri.strip_prefix("api://")
        .is_some_and(|rest| rest.trim_end_matches('/').eq_ignore_ascii_case(id))
}

/// The provider-specific reason the token's `iss` (`actual`) is none of the expected ones.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn issuer_mix_up(
    payload: &Object,
    actual: &str,
    expected: &[String],
    near: Option<&'static str>,
) -> Option<MixUp> {
    mix_up(&Failure {
        check: "iss",
        header: None,
        payload: Some(payload),
        actual: &[actual],
        expected,
        near,
    })
}

/// The provider-specific reason the token's `aud` values (`actual`; none when it has no `aud`)
/// hold none of the expected ones.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn audience_mix_up(
    payload: &Object,
    actual: &[&str],
    expected: &[String],
    near: Option<&'static str>,
) -> Option<MixUp> {
    mix_up(&Failure {
        check: "aud",
        header: None,
        payload: Some(payload),
        actual,
        expected,
        near,
    })
}

/// A finding with the provider's mix-up, when one explains it: `detail.provider`,
/// `detail.nearMiss`, the words appended to the message, and the provider's fix.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn explain(f: Finding, c: &Failure<'_>) -> Finding {
    match mix_up(c) {
        Some(m) => {
            let mut f = f
                .with("provider", m.provider)
                .with("nearMiss", m.near_miss)
                .hint(m.hint);
            f.message.push_str(&m.words);
            f
        }
        None => f,
    }
}

/// `malformed_token` for a provider's opaque token (a Google access token, `ya29.…`).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn opaque_token(f: Finding, token: &str) -> Finding {
    explain(
        f,
        &Failure {
            check: "format",
            header: None,
            payload: None,
            actual: &[token],
            expected: &[],
            near: None,
        },
    )
}

/// `alg_not_allowed` for a provider's token signed with another algorithm than its usual one
/// (Auth0's HS256 ID tokens, Keycloak's HMAC refresh tokens).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn algorithm(f: Finding, header: Option<&Object>, payload: Option<&Object>) -> Finding {
    let alg = header.and_then(|h| h.get("alg")).and_then(Value::as_str);
    explain(
        f,
        &Failure {
            check: "alg",
            header,
            payload,
            actual: alg.as_slice(),
            expected: &[],
            near: None,
        },
    )
}

/// The Auth0 shape of an encrypted token (`alg` `dir`, `enc` `A256GCM`, `iss` in the header):
/// the opaque access token Auth0 returns when no audience was requested.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn encrypted_token(f: Finding, header_b64: &str) -> Finding {
    use base64::Engine as _;
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header_b64)
        .ok()
        .and_then(|b| crate::json::parse_object(&b, crate::token::Part::Header).ok());
    let member = |n: &str| {
        header
            .as_ref()
            .and_then(|h| h.get(n))
            .and_then(Value::as_str)
    };
    let auth0 = member("iss").is_some_and(|iss| {
        of_issuer(iss).is_some_and(|p| p.id == "auth0")
            || (member("alg") == Some("dir") && member("enc") == Some("A256GCM"))
    });
    if !auth0 {
        return f;
    }
    let mut f = f
        .with("provider", "auth0")
        .with("nearMiss", "auth0_opaque_token")
        .hint("request the access token with audience=<your API identifier>: without one, Auth0 issues a token only its /userinfo reads");
    f.message
        .push_str(": Auth0's opaque access token, issued when no audience is requested");
    f
}

/// What the signature check needs to name a provider's mix-up in its own findings: a
/// Microsoft Graph token (a `nonce` in its header), whose signature only Graph can verify, and
/// the key set of the Okta authorization server that issued the token. Built by the driver from
/// the decoded header and payload when diagnosing; empty on the `verify` path.
#[derive(Clone, Debug, Default)]
pub struct SigningContext {
    /// The token is a Microsoft Graph token.
    pub graph: bool,
    /// The token's `iss`, for the Okta key-set hint (recognised only if a key is not found).
    iss: Option<String>,
}

impl SigningContext {
    /// The context of a token. The provider is recognised here only for a header with a nonce
    /// (a Graph token's mark): `inspect` recognises it once more for the report.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    #[inline(never)]
    pub fn of(header: Option<&Object>, payload: Option<&Object>) -> SigningContext {
        let iss = iss_of(payload);
        let graph = header.is_some_and(|h| h.contains_key("nonce"))
            && (payload
                .and_then(|pl| pl.get("aud"))
                .and_then(Value::as_str)
                .is_some_and(|a| {
                    a == "00000003-0000-0000-c000-000000000000"
                        || a.starts_with("https://graph.microsoft.com")
                })
                || matched(iss, header, payload).is_some_and(|m| m.provider.id == "entra"));
        SigningContext {
            graph,
            iss: iss.map(str::to_string),
        }
    }

    /// The JWKS URL of the Okta authorization server in `iss` (recognised from `iss` alone).
    fn okta_keys(&self) -> Option<String> {
        let iss = self.iss.as_deref()?;
        let m = matched(Some(iss), None, None).filter(|m| m.provider.id == "okta")?;
        let iss = iss.trim_end_matches('/');
        Some(if m.form.field(1) == "custom" {
            format!("{iss}/v1/keys")
        } else {
            format!("{iss}/oauth2/v1/keys")
        })
    }

    /// `signature_invalid`, for a Graph token: said, with the fix.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    #[inline(never)]
    pub fn signature_invalid(&self, f: Finding) -> Finding {
        if !self.graph {
            return f;
        }
        let mut f = f
            .with("provider", "entra")
            .with("nearMiss", "entra_graph_token")
            .hint("only Microsoft Graph can verify its tokens, by design: request a token for your API's scope (api://<app id>/.default)");
        f.message
            .push_str(": a Microsoft Graph token (nonce in its header)");
        f
    }

    /// `kid_not_found`, for an Okta token: the key set of the server that issued it.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    #[inline(never)]
    pub fn kid_not_found(&self, f: Finding) -> Finding {
        match self.okta_keys() {
            Some(url) => f
                .with("provider", "okta")
                .with("jwksUri", url.as_str())
                .hint(format!(
                "each Okta authorization server signs with its own keys: this token's are at {url}"
            )),
            None => f,
        }
    }
}

/// The provider a report names for the token's issuer, the kind of token
/// (`report.token.kind`), and the certificate-map note (the driver calls it when diagnosing).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn annotate(
    header: Option<&Object>,
    payload: Option<&Object>,
    p: &Policy,
    out: &mut Collector,
) -> (Option<Recognised>, Option<&'static str>) {
    let m = matched(iss_of(payload), header, payload);
    out.push_some(crate::key::cert_map::finding(
        p,
        m.as_ref().map(|m| m.provider),
    ));
    let Some(m) = m else { return (None, None) };
    let name = match m.form.field(2) {
        "" => m.provider.name,
        name => name,
    };
    let kind = kind_of(m.provider, header, payload);
    (
        Some(Recognised {
            id: m.provider.id,
            name,
        }),
        kind,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(v: Value) -> Object {
        match v {
            Value::Object(_) => {
                crate::json::parse_object(v.to_string().as_bytes(), crate::token::Part::Payload)
                    .expect("an object")
            }
            _ => unreachable!("an object"),
        }
    }

    fn iss_mix(actual: &str, expected: &str) -> Option<MixUp> {
        issuer_mix_up(
            &object(json!({ "iss": actual })),
            actual,
            &[expected.to_string()],
            None,
        )
    }

    #[test]
    fn entra_versions_and_placeholder() {
        let tid = "9188040d-6c67-4c5b-b112-36a304b66dad";
        let v1 = format!("https://sts.windows.net/{tid}/");
        let v2 = format!("https://login.microsoftonline.com/{tid}/v2.0");
        let m = iss_mix(&v1, &v2).expect("v1 for v2");
        assert_eq!(m.near_miss, "entra_v1_v2");
        assert!(m.hint.contains("accessTokenAcceptedVersion"), "{}", m.hint);
        let p =
            iss_mix(&v2, "https://login.microsoftonline.com/{tenantid}/v2.0").expect("{tenantid}");
        assert_eq!(p.near_miss, "entra_tenant_placeholder");
        assert!(
            p.hint.contains(tid) && p.hint.contains("replace {tenantid}"),
            "{}",
            p.hint
        );
        // another tenant's v1 issuer: no mix-up
        assert_eq!(
            iss_mix(
                &v1,
                "https://sts.windows.net/00000000-0000-0000-0000-000000000000/"
            ),
            None
        );
    }

    #[test]
    fn placeholders_and_forms_need_the_rest_equal() {
        let realm = iss_mix(
            "https://sso.example.com/realms/admin",
            "https://sso.example.com/realms/shop",
        )
        .expect("realm");
        assert_eq!(realm.near_miss, "keycloak_realm");
        assert!(realm.words.contains("admin"), "{}", realm.words);
        // another host and another realm: not "another realm"
        assert_eq!(
            iss_mix(
                "https://a.example/realms/admin",
                "https://b.example/realms/shop"
            ),
            None
        );
        // Okta: another org's server is not this org's
        assert_eq!(
            iss_mix(
                "https://acme.okta.com",
                "https://other.okta.com/oauth2/default"
            ),
            None
        );
    }

    #[test]
    fn audiences() {
        let id = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
        let none = object(json!({}));
        let aud = |a: &str, e: &str| audience_mix_up(&none, &[a], &[e.to_string()], None);
        assert_eq!(
            aud(id, &format!("api://{id}")).map(|m| m.near_miss),
            Some("entra_app_id_uri")
        );
        assert_eq!(
            aud("00000003-0000-0000-c000-000000000000", "api://x").map(|m| m.near_miss),
            Some("entra_graph_token")
        );
        assert_eq!(aud("api", "web"), None);
        // /userinfo with no recognised Auth0 issuer: no Auth0 advice
        assert_eq!(
            aud("https://acme.auth0.com/userinfo", "https://api.example.com"),
            None
        );
    }

    #[test]
    fn recognised_names_and_kinds() {
        let recognise = |payload: Value| {
            let pl = object(payload);
            let mut out = Collector::new(false);
            let policy = Policy::from_json("{}", 0.0).expect("a policy");
            annotate(None, Some(&pl), &policy, &mut out)
        };
        let (p, k) = recognise(json!({ "iss": "https://acme.okta.com", "cid": "c" }));
        assert_eq!(p.map(|p| p.name), Some("Okta (org authorization server)"));
        assert_eq!(k, Some("access"));
        let (p, k) = recognise(json!({ "iss": "kubernetes/serviceaccount",
            "kubernetes.io/serviceaccount/namespace": "default" }));
        assert_eq!(p.map(|p| p.id), Some("kubernetes"));
        assert_eq!(k, Some("legacy"));
        assert_eq!(
            recognise(json!({ "iss": "https://auth.example.com/" })),
            (None, None)
        );
    }
}
