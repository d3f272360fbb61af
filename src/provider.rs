//! The identity providers whose near misses people actually search for: recognised from issuer
//! URLs in the shapes their documentation gives, with the precise mix-up and the fix for that
//! provider. The generic near misses (trailing slash, scheme, case, host) are in `claims.rs`;
//! this module names the provider behind them and the mix-ups only a provider explains.

/// An identity provider recognised from an issuer URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Microsoft Entra ID (Azure AD): `https://sts.windows.net/{tid}/` (v1) or
    /// `https://login.microsoftonline.com/{tid}/v2.0` (v2).
    Entra,
    /// Google: `accounts.google.com` or `https://accounts.google.com`.
    Google,
    /// Firebase Auth: `https://securetoken.google.com/{project}`.
    Firebase,
    /// Amazon Cognito: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`.
    Cognito,
    /// Auth0: `https://{tenant}.auth0.com/` (also regional `{tenant}.{region}.auth0.com`).
    Auth0,
    /// Okta: `https://{org}.okta.com` (org server) or `…/oauth2/{server}` (custom).
    Okta,
    /// Keycloak: `…/realms/{realm}` (older versions under `/auth/realms/`).
    Keycloak,
}

impl Provider {
    /// The name in reports (`detail.provider`).
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Entra => "entra",
            Provider::Google => "google",
            Provider::Firebase => "firebase",
            Provider::Cognito => "cognito",
            Provider::Auth0 => "auth0",
            Provider::Okta => "okta",
            Provider::Keycloak => "keycloak",
        }
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

/// The provider of an issuer, with the kind of issuer where the provider has several.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn recognise(iss: &str) -> Option<Recognised> {
    let p = of_issuer(iss)?;
    let name = match p {
        Provider::Entra => match entra(iss) {
            Some((_, 1)) => "Microsoft Entra ID (v1 issuer)",
            Some(_) => "Microsoft Entra ID (v2 issuer)",
            None => "Microsoft Entra ID",
        },
        Provider::Google => "Google",
        Provider::Firebase => "Firebase Auth",
        Provider::Cognito => "Amazon Cognito",
        Provider::Auth0 => "Auth0",
        Provider::Okta if iss.contains("/oauth2/") => "Okta (custom authorization server)",
        Provider::Okta => "Okta (org authorization server)",
        Provider::Keycloak => "Keycloak",
    };
    Some(Recognised {
        id: p.as_str(),
        name,
    })
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn host_and_path(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    })
}

/// The provider of an issuer, from its URL's shape.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn of_issuer(iss: &str) -> Option<Provider> {
    if iss == "accounts.google.com" {
        return Some(Provider::Google);
    }
    let (host, path) = host_and_path(iss)?;
    let host = host.to_ascii_lowercase();
    Some(match host.as_str() {
        "sts.windows.net" | "login.microsoftonline.com" | "login.windows.net" => Provider::Entra,
        "accounts.google.com" => Provider::Google,
        "securetoken.google.com" => Provider::Firebase,
        h if h.starts_with("cognito-idp.") && h.ends_with(".amazonaws.com") => Provider::Cognito,
        h if h.ends_with(".auth0.com") => Provider::Auth0,
        h if h.ends_with(".okta.com") || h.ends_with(".oktapreview.com") => Provider::Okta,
        _ if path.contains("/realms/") => Provider::Keycloak,
        _ => return None,
    })
}

use serde::Serialize;
use serde_json::Value;

use crate::findings::Finding;
use crate::json::Object;
use crate::policy::Policy;
use crate::report::Collector;

/// A provider-specific mix-up between the issuer a token carries and the one expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MixUp {
    /// The provider (none for a mix-up every provider's tokens can have, like `azp`).
    pub provider: Option<Provider>,
    /// `detail.nearMiss`: `entra_v1_v2`, `entra_tenant_placeholder`, `entra_app_id_uri`,
    /// `entra_graph_token`, `google_scheme`, `okta_authorization_server`, `keycloak_realm`,
    /// `firebase_project`, `cognito_user_pool`, `auth0_custom_domain`, `auth0_userinfo`, `azp`;
    /// or a generic near miss (`trailing_slash`, `host`…) that the provider explains.
    /// Outside claims: `auth0_opaque_token` (`encrypted_token`), `entra_graph_token`
    /// (`signature_invalid`); Okta's `kid_not_found` carries `detail.jwksUri`.
    pub near_miss: &'static str,
    /// Appended to the message: what the difference is.
    pub words: String,
    /// The fix, for this provider.
    pub hint: String,
}

/// Entra's tenant id and version of an issuer: (tid, 1 or 2).
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn entra(iss: &str) -> Option<(&str, u8)> {
    let (host, path) = host_and_path(iss)?;
    let mut segments = path.trim_matches('/').split('/');
    let tid = segments.next().filter(|t| !t.is_empty())?;
    match (host, segments.next(), segments.next()) {
        ("sts.windows.net", None, _) => Some((tid, 1)),
        ("login.microsoftonline.com", Some("v2.0"), None) => Some((tid, 2)),
        _ => None,
    }
}

/// The segment after `marker` in a URL path (`/realms/{x}`, `/oauth2/{x}`), if any.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn segment_after<'a>(path: &'a str, marker: &str) -> Option<&'a str> {
    let at = path.find(marker)? + marker.len();
    path[at..].split('/').next().filter(|s| !s.is_empty())
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn mix_up(provider: Provider, near_miss: &'static str, words: String, hint: String) -> MixUp {
    MixUp {
        provider: Some(provider),
        near_miss,
        words,
        hint,
    }
}

/// The provider-specific reason `actual` is not `expected`, given the generic near miss
/// (`generic`) the two already have, if any.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn issuer_mix_up(actual: &str, expected: &str, generic: Option<&'static str>) -> Option<MixUp> {
    let provider = of_issuer(actual).or_else(|| of_issuer(expected))?;
    let (ha, pa) = host_and_path(actual).unwrap_or((actual, ""));
    let (he, pe) = host_and_path(expected).unwrap_or((expected, ""));
    match provider {
        Provider::Entra => {
            if let Some((tid, v)) = entra(actual) {
                if expected.to_ascii_lowercase().contains("{tenantid}") {
                    return Some(mix_up(provider, "entra_tenant_placeholder",
                        " (the expected issuer still holds the {tenantid} placeholder of the common/organizations metadata)".into(),
                        format!("replace {{tenantid}} with the tenant id ({tid}, the token's tid claim), or list the tenants you accept")));
                }
                if let Some((etid, ev)) = entra(expected) {
                    if etid.eq_ignore_ascii_case(tid) && ev != v {
                        let v1 = format!("https://sts.windows.net/{tid}/");
                        return Some(mix_up(provider, "entra_v1_v2",
                            format!(" (the same Entra ID tenant: a v{v} token where v{ev} is expected)"),
                            if v == 1 {
                                format!("Entra ID issues v1 access tokens unless the API's app registration asks for v2: set \"accessTokenAcceptedVersion\": 2 (requestedAccessTokenVersion) in the manifest, or accept the v1 issuer {v1}")
                            } else {
                                format!("this is a v2 token: accept https://login.microsoftonline.com/{tid}/v2.0, or set the API's accessTokenAcceptedVersion to 1 (null) to keep getting {v1}")
                            }));
                    }
                }
            }
            None
        }
        Provider::Google if generic == Some("scheme") => Some(mix_up(provider, "google_scheme",
            " (Google issues both accounts.google.com and https://accounts.google.com)".into(),
            "accept both issuers, accounts.google.com and https://accounts.google.com: Google's ID tokens carry either".into())),
        Provider::Auth0 if generic == Some("trailing_slash") => Some(mix_up(provider, "trailing_slash",
            " (Auth0's issuer ends with a slash)".into(),
            format!("configure the issuer exactly as Auth0 writes it, with its trailing slash: https://{ha}/"))),
        Provider::Auth0
            if !ha.eq_ignore_ascii_case(he)
                && pa.trim_matches('/').is_empty()
                && pe.trim_matches('/').is_empty() =>
        {
            Some(mix_up(provider, "auth0_custom_domain",
                " (Auth0's tenant domain and a custom domain: iss is the domain the token was requested from)".into(),
                "accept both issuers, or have every client use one Auth0 domain".into()))
        }
        Provider::Okta if ha.eq_ignore_ascii_case(he) => {
            let server = |p: &str| segment_after(p, "/oauth2/").map(str::to_string);
            match (server(pa), server(pe)) {
                (a, e) if a != e => Some(mix_up(provider, "okta_authorization_server",
                    format!(" (Okta's {} and its {} are different issuers, with different key sets)",
                        a.as_deref().map_or("org authorization server".to_string(), |s| format!("custom authorization server {s:?}")),
                        e.as_deref().map_or("org authorization server".to_string(), |s| format!("custom authorization server {s:?}"))),
                    format!("expect the issuer of the server that issued the token ({actual}) and verify with its own JWKS ({}/v1/keys); org-server tokens are for Okta's own APIs",
                        actual.trim_end_matches('/')))),
                _ => None,
            }
        }
        Provider::Keycloak => {
            let (ra, re) = (segment_after(pa, "/realms/"), segment_after(pe, "/realms/"));
            if generic == Some("host") {
                return Some(mix_up(provider, "host",
                    " (Keycloak writes the URL it was reached by into iss: an internal and an external hostname)".into(),
                    "set Keycloak's hostname (KC_HOSTNAME, or hostname in its configuration) to the external URL, so every token carries it whichever address fetched it; or expect the issuer the tokens carry".into()));
            }
            (ra.is_some() && re.is_some() && ra != re && ha.eq_ignore_ascii_case(he)).then(|| mix_up(provider, "keycloak_realm",
                format!(" (another Keycloak realm: {:?}, not {:?})", ra.unwrap_or_default(), re.unwrap_or_default()),
                "the token comes from another realm: use the realm your clients log in to, or expect its issuer".into()))
        }
        Provider::Firebase if ha.eq_ignore_ascii_case(he) => Some(mix_up(provider, "firebase_project",
            format!(" (a Firebase ID token of project {:?})", pa.trim_matches('/')),
            "a Firebase ID token's iss is https://securetoken.google.com/<project id> and its aud the project id: expect your project's".into())),
        Provider::Cognito if ha.eq_ignore_ascii_case(he) => Some(mix_up(provider, "cognito_user_pool",
            format!(" (another Cognito user pool: {:?})", pa.trim_matches('/')),
            "expect https://cognito-idp.<region>.amazonaws.com/<user pool id> of the pool your app signs users in to, and verify with its JWKS (…/.well-known/jwks.json)".into())),
        _ => None,
    }
}

/// Microsoft Graph's application id: a token for Graph, not for your API.
const GRAPH_AUDIENCES: [&str; 3] = [
    "00000003-0000-0000-c000-000000000000",
    "https://graph.microsoft.com",
    "https://graph.microsoft.com/",
];

/// A provider-specific reason the token's `aud` (`actual`) is not the expected one.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn audience_mix_up(actual: &str, expected: &str, iss: Option<&str>) -> Option<MixUp> {
    let entra_token = iss.and_then(of_issuer) == Some(Provider::Entra);
    if GRAPH_AUDIENCES.contains(&actual) {
        return Some(mix_up(Provider::Entra, "entra_graph_token",
            " (a token for Microsoft Graph, not for this API)".into(),
            "the client asked for a Graph token (scope User.Read…): request one for your API's scope (api://<app id>/.default); Graph tokens carry a nonce in the header and only Graph can verify them".into()));
    }
    if actual.ends_with("/userinfo")
        && (iss.and_then(of_issuer) == Some(Provider::Auth0)
            || host_and_path(actual).is_some_and(|(h, _)| h.ends_with(".auth0.com")))
    {
        return Some(mix_up(
            Provider::Auth0,
            "auth0_userinfo",
            " (Auth0's /userinfo audience: not a token for this API)".into(),
            format!(
                "request the access token with audience={expected} (the API's Identifier in Auth0)"
            ),
        ));
    }
    let guid = |s: &str| {
        s.len() == 36
            && s.bytes().enumerate().all(|(i, b)| {
                if matches!(i, 8 | 13 | 18 | 23) {
                    b == b'-'
                } else {
                    b.is_ascii_hexdigit()
                }
            })
    };
    let app_id_uri = |uri: &str, id: &str| {
        uri.strip_prefix("api://")
            .is_some_and(|rest| rest.trim_end_matches('/').eq_ignore_ascii_case(id))
    };
    if (guid(actual) && app_id_uri(expected, actual))
        || (guid(expected) && app_id_uri(actual, expected))
        || (entra_token
            && (guid(actual) || guid(expected))
            && (actual.starts_with("api://") || expected.starts_with("api://")))
    {
        return Some(mix_up(Provider::Entra, "entra_app_id_uri",
            " (the same Entra ID application: its client id and its App ID URI)".into(),
            "Entra v2 access tokens carry the application (client) id as aud, v1 tokens the App ID URI (api://…): expect both, or the one your token version carries".into()));
    }
    None
}

/// The token's `azp` (authorized party: the client it was issued to) expected as its audience:
/// Keycloak's access tokens carry the client in `azp` and `aud` "account", or no `aud`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn azp_as_audience(payload: &Object, expected: &[String]) -> Option<MixUp> {
    let azp = payload.get("azp").and_then(Value::as_str)?;
    if !expected.iter().any(|e| e == azp) {
        return None;
    }
    let iss = payload.get("iss").and_then(Value::as_str);
    let words =
        format!(" ({azp:?} is the token's azp, the client it was issued to, not an audience)");
    Some(match iss.and_then(of_issuer) {
        Some(Provider::Keycloak) => mix_up(Provider::Keycloak, "azp", words,
            format!("Keycloak puts the client in azp: add an audience mapper for {azp:?} to its client scopes, or check azp instead of aud")),
        p => MixUp {
            provider: p,
            near_miss: "azp",
            words,
            hint: "expect this API's audience, or check azp (the client) instead of aud".into(),
        },
    })
}

/// The Auth0 shape of an encrypted token (`alg` `dir`, `enc` `A256GCM`, `iss` in the header):
/// the opaque access token Auth0 returns when no audience was requested.
#[cfg_attr(jwt_doctor_size, optimize(size))]
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
        of_issuer(iss) == Some(Provider::Auth0)
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
    /// The JWKS URL of the Okta authorization server in `iss`.
    pub okta_keys: Option<String>,
}

impl SigningContext {
    /// The context of a token.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn of(header: Option<&Object>, payload: Option<&Object>) -> SigningContext {
        let iss = payload.and_then(|pl| pl.get("iss")).and_then(Value::as_str);
        let provider = iss.and_then(of_issuer);
        let graph = header.is_some_and(|h| h.contains_key("nonce"))
            && (provider == Some(Provider::Entra)
                || payload
                    .and_then(|pl| pl.get("aud"))
                    .and_then(Value::as_str)
                    .is_some_and(|a| GRAPH_AUDIENCES.contains(&a)));
        let okta_keys = iss.filter(|_| provider == Some(Provider::Okta)).map(|iss| {
            let iss = iss.trim_end_matches('/');
            if iss.contains("/oauth2/") {
                format!("{iss}/v1/keys")
            } else {
                format!("{iss}/oauth2/v1/keys")
            }
        });
        SigningContext { graph, okta_keys }
    }

    /// `signature_invalid`, for a Graph token: said, with the fix.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
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
    pub fn kid_not_found(&self, f: Finding) -> Finding {
        match &self.okta_keys {
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

/// The provider a report names for the token's issuer, and the certificate-map note (the
/// driver calls it when diagnosing).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn annotate(payload: Option<&Object>, p: &Policy, out: &mut Collector) -> Option<Recognised> {
    let iss = payload.and_then(|pl| pl.get("iss")).and_then(Value::as_str);
    out.push_some(crate::key::cert_map::finding(p, iss.and_then(of_issuer)));
    iss.and_then(recognise)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;

    #[test]
    fn providers_are_recognised_from_their_documented_issuers() {
        for (iss, p) in [
            (
                "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/",
                Provider::Entra,
            ),
            (
                "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                Provider::Entra,
            ),
            ("accounts.google.com", Provider::Google),
            ("https://accounts.google.com", Provider::Google),
            (
                "https://securetoken.google.com/my-project",
                Provider::Firebase,
            ),
            (
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
                Provider::Cognito,
            ),
            ("https://acme.eu.auth0.com/", Provider::Auth0),
            ("https://acme.okta.com/oauth2/default", Provider::Okta),
            ("https://sso.example.com/realms/shop", Provider::Keycloak),
        ] {
            assert_eq!(of_issuer(iss), Some(p), "{iss}");
        }
        assert_eq!(of_issuer("https://auth.example.com/"), None);
    }

    #[test]
    fn entra_versions_and_placeholder() {
        let tid = "9188040d-6c67-4c5b-b112-36a304b66dad";
        let v1 = format!("https://sts.windows.net/{tid}/");
        let v2 = format!("https://login.microsoftonline.com/{tid}/v2.0");
        let m = issuer_mix_up(&v1, &v2, None).expect("v1 for v2");
        assert_eq!(m.near_miss, "entra_v1_v2");
        assert!(m.hint.contains("accessTokenAcceptedVersion"), "{}", m.hint);
        let p = issuer_mix_up(
            &v2,
            "https://login.microsoftonline.com/{tenantid}/v2.0",
            None,
        )
        .expect("placeholder");
        assert_eq!(p.near_miss, "entra_tenant_placeholder");
        assert!(p.hint.contains(tid));
        assert_eq!(
            issuer_mix_up(
                &v1,
                "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
                None
            ),
            None
        );
    }

    #[test]
    fn recognised_names() {
        let name = |iss: &str| recognise(iss).map(|r| r.name);
        assert_eq!(
            name("https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/"),
            Some("Microsoft Entra ID (v1 issuer)")
        );
        assert_eq!(
            name("https://acme.okta.com"),
            Some("Okta (org authorization server)")
        );
        assert_eq!(
            name("https://acme.okta.com/oauth2/default"),
            Some("Okta (custom authorization server)")
        );
        assert_eq!(name("https://auth.example.com/"), None);
    }

    #[test]
    fn auth0() {
        let m = issuer_mix_up(
            "https://login.example.com/",
            "https://acme.auth0.com/",
            None,
        )
        .expect("custom domain");
        assert_eq!(m.near_miss, "auth0_custom_domain");
        let u = audience_mix_up(
            "https://acme.auth0.com/userinfo",
            "https://api.example.com",
            Some("https://acme.auth0.com/"),
        )
        .expect("userinfo");
        assert_eq!(u.near_miss, "auth0_userinfo");
        assert!(u.hint.contains("audience=https://api.example.com"));
        let jwe = |h: &str| {
            use base64::Engine as _;
            let f = Finding::new(Code::EncryptedToken, "five parts");
            encrypted_token(
                f,
                &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(h),
            )
        };
        let opaque = jwe(r#"{"alg":"dir","enc":"A256GCM","iss":"https://acme.auth0.com/"}"#);
        assert_eq!(opaque.detail["nearMiss"], "auth0_opaque_token");
        assert!(jwe(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
            .detail
            .is_empty());
    }

    #[test]
    fn audiences() {
        let id = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
        let m = audience_mix_up(id, &format!("api://{id}"), None).expect("app id uri");
        assert_eq!(m.near_miss, "entra_app_id_uri");
        let g = audience_mix_up(
            "00000003-0000-0000-c000-000000000000",
            &format!("api://{id}"),
            None,
        )
        .expect("graph");
        assert_eq!(g.near_miss, "entra_graph_token");
        assert_eq!(audience_mix_up("api", "web", None), None);
    }
}
