//! The catalogue of identity providers, as data: each provider's issuer forms, where its keys
//! are, the kinds of token it issues with the claims that tell them apart, and its mix-ups with
//! their fixes. Every rule cites the documentation it comes from, beside it. The matcher
//! (`matcher.rs`) reads these tables; `docs/PROVIDERS.md` is generated from them
//! (`cargo run --example catalogue -- providers`).
//!
//! Adding a provider is adding an entry here (and a case in `tests/cases/generate.mjs`).
//!
//! # The little languages
//! - An issuer **pattern** is either a URL pattern `https://host/path` or a literal issuer
//!   (`accounts.google.com`, `kubernetes/serviceaccount`), compared exactly; `""` matches any
//!   issuer and leaves the decision to the form's conditions. A URL pattern is matched on the
//!   parsed URL (`http` or `https`, no user info, no query), never on the text: its host is
//!   dot-separated labels, where `{name}` is exactly one label and `**` (first or last) one or
//!   more labels, so `{tenant}.auth0.com` matches `acme.auth0.com` and never
//!   `acme.auth0.com.evil.example`; `*` alone is any host (kept as `{host}`). Its path is
//!   `/`-separated segments, where `{name}` is one segment and a leading `**` any number; a
//!   trailing slash is ignored.
//! - A **condition** is `claim` (present), `!claim` (absent), `claim=value` (equal, or an array
//!   holding it), `claim^prefix` (a string, or an array element, starting with it); `h.` before
//!   the name reads the header.
//! - A **template** (words, hint, key set) names `{actual}`, `{expected}`, `{host}`, `{api}`
//!   (the token's first audience that is not a `/userinfo` URL), a pattern's `{placeholder}`, or
//!   a claim of the token (`{azp}`, `{tid}`); `{{` and `}}` are braces.

// Without their documentation links (WebAssembly), the link constants are unused.
#![cfg_attr(target_arch = "wasm32", allow(dead_code))]

/// One identity provider.
pub struct Provider {
    /// `detail.provider` and `report.token.provider.id`.
    pub id: &'static str,
    /// For people.
    pub name: &'static str,
    /// The issuer forms, most specific first.
    pub issuers: &'static [Issuer],
    /// Where the keys are (a template), for the docs and the hints.
    pub keys: &'static str,
    /// The kinds of token, first match wins (`report.token.kind`).
    pub kinds: &'static [Kind],
    /// The provider's mix-ups, first match wins.
    pub rules: &'static [Rule],
}

/// One form of a provider's issuer.
pub struct Issuer {
    /// The issuer pattern (see the module docs).
    pub pattern: &'static str,
    /// Conditions the token must also meet (a form recognised from `iss` alone has none).
    pub when: &'static [&'static str],
    /// The form's name, to tell forms apart in rules (`v1`, `org`, `custom`…).
    pub variant: &'static str,
    /// The provider's name with this form (`report.token.provider.name`); empty: the provider's.
    pub name: &'static str,
    /// Where the form is documented.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
}

/// One kind of token a provider issues.
pub struct Kind {
    /// `report.token.kind`: `access`, `id`, `refresh`, `session_cookie`, `custom`…
    pub id: &'static str,
    /// The conditions that tell this kind apart (all must hold).
    pub when: &'static [&'static str],
    /// Where the kind's claims are documented.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
}

/// What a rule looks at.
#[derive(Clone, Copy)]
pub enum On {
    /// The token is of this kind.
    Kind(&'static str),
    /// `iss`: the expected issuer has the same form, with another value of this placeholder.
    Placeholder(&'static str),
    /// `iss`: the token's form variant is .0 where .1 is expected, with the placeholders both
    /// forms have equal (the same tenant, the same org).
    Forms(&'static str, &'static str),
    /// `iss`: the two differ by this generic near miss (`scheme`, `trailing_slash`, `host`).
    Near(&'static str),
    /// `iss`: both are the roots of different hosts.
    OtherHost,
    /// The expected value holds this text (case-insensitive).
    Expected(&'static str),
    /// A value of the failing claim matches one of these space-separated patterns (`*`: any
    /// run of characters). With no provider recognised, only exact patterns (and `format`
    /// rules) are tried.
    Actual(&'static str),
    /// `aud`: a GUID client id on one side, the App ID URI `api://{that id}` on the other.
    AppIdUri,
    /// `aud`: the expected audience is the token's `azp` (the client it was issued to).
    AzpExpected,
}

/// A provider's mix-up and its fix.
pub struct Rule {
    /// What the rule looks at.
    pub on: On,
    /// The failing checks it explains: `iss`, `aud`, `sub`, `typ`, `required`, `alg`, `format`.
    pub checks: &'static str,
    /// `detail.nearMiss`.
    pub near_miss: &'static str,
    /// Appended to the finding's message (a template).
    pub words: &'static str,
    /// The fix (a template).
    pub hint: &'static str,
    /// Where the behaviour is documented.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
}

const fn iss(
    pattern: &'static str,
    variant: &'static str,
    name: &'static str,
    doc: &'static str,
) -> Issuer {
    issw(pattern, &[], variant, name, doc)
}

// The documentation links are for the docs table: the WebAssembly module leaves them out.
#[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
const fn issw(
    pattern: &'static str,
    when: &'static [&'static str],
    variant: &'static str,
    name: &'static str,
    doc: &'static str,
) -> Issuer {
    Issuer {
        pattern,
        when,
        variant,
        name,
        #[cfg(not(target_arch = "wasm32"))]
        doc,
    }
}

#[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
const fn kind(id: &'static str, when: &'static [&'static str], doc: &'static str) -> Kind {
    Kind {
        id,
        when,
        #[cfg(not(target_arch = "wasm32"))]
        doc,
    }
}

#[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
const fn rule(
    on: On,
    checks: &'static str,
    near_miss: &'static str,
    words: &'static str,
    hint: &'static str,
    doc: &'static str,
) -> Rule {
    Rule {
        on,
        checks,
        near_miss,
        words,
        hint,
        #[cfg(not(target_arch = "wasm32"))]
        doc,
    }
}

const ENTRA_AT: &str = "https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens";
const ENTRA_ID: &str = "https://learn.microsoft.com/en-us/entra/identity-platform/id-tokens";
const ENTRA_CLOUDS: &str =
    "https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud";
const ENTRA_MT: &str =
    "https://learn.microsoft.com/en-us/entra/identity-platform/howto-convert-app-to-be-multi-tenant";
const B2C: &str = "https://learn.microsoft.com/en-us/azure/active-directory-b2c/tokens-overview";
const CIAM: &str = "https://learn.microsoft.com/en-us/entra/external-id/customers/concept-supported-features-customers";
const GOOGLE_ID: &str =
    "https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken";
const GOOGLE_IAP: &str = "https://cloud.google.com/iap/docs/signed-headers-howto";
const GOOGLE_AT: &str = "https://developers.google.com/identity/protocols/oauth2";
const FB_ID: &str = "https://firebase.google.com/docs/auth/admin/verify-id-tokens";
const FB_COOKIE: &str = "https://firebase.google.com/docs/auth/admin/manage-cookies";
const FB_CUSTOM: &str = "https://firebase.google.com/docs/auth/admin/create-custom-tokens";
const COGNITO: &str = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html";
const COGNITO_ISSUER: &str = "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html";
const COGNITO_CN: &str = "https://docs.amazonaws.cn/en_us/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html";
const COGNITO_AT: &str = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html";
const COGNITO_ID: &str = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html";
const AUTH0_AT: &str = "https://auth0.com/docs/secure/tokens/access-tokens";
const AUTH0_ID: &str = "https://auth0.com/docs/secure/tokens/id-tokens";
const AUTH0_GET: &str = "https://auth0.com/docs/secure/tokens/access-tokens/get-access-tokens";
const AUTH0_DOMAIN: &str = "https://auth0.com/docs/customize/custom-domains";
const AUTH0_ALG: &str = "https://auth0.com/docs/get-started/applications/signing-algorithms";
const AUTH0_REGION: &str =
    "https://auth0.com/docs/get-started/tenant-settings/find-your-tenant-name-or-tenant-id";
const OKTA_AS: &str = "https://developer.okta.com/docs/concepts/auth-servers/";
const OKTA_AT: &str = "https://developer.okta.com/docs/guides/validate-access-tokens/";
const OKTA_ID: &str = "https://developer.okta.com/docs/guides/validate-id-tokens/";
const OKTA_DOMAIN: &str = "https://developer.okta.com/docs/guides/custom-url-domain/";
const OKTA_CELLS: &str = "https://developer.okta.com/docs/reference/api-overview/#url-namespace";
const KC_HOST: &str = "https://www.keycloak.org/server/hostname";
const KC_QUARKUS: &str = "https://www.keycloak.org/migration/migrating-to-quarkus";
const KC_TOKENS: &str = "https://www.keycloak.org/docs/latest/server_admin/#_oidc";
const KC_AUD: &str = "https://www.keycloak.org/docs/latest/server_admin/#audience-support";
const GH_OIDC: &str = "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect";
const GITLAB: &str = "https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html";
const GITLAB_JWT: &str = "https://docs.gitlab.com/ee/update/deprecations.html#old-versions-of-json-web-tokens-are-deprecated";
const K8S_SA: &str =
    "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/";
const K8S_PROJECTED: &str =
    "https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken";
const APPLE: &str = "https://developer.apple.com/documentation/sign_in_with_apple/sign_in_with_apple_rest_api/verifying_a_user";
const APPLE_SECRET: &str = "https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret";
const SUPABASE: &str = "https://supabase.com/docs/guides/auth/jwts";
const SUPABASE_KEYS: &str = "https://supabase.com/docs/guides/api/api-keys";
const CLERK: &str = "https://clerk.com/docs/backend-requests/resources/session-tokens";
const CLERK_VERIFY: &str = "https://clerk.com/docs/backend-requests/handling/manual-jwt";
const CLERK_DOMAINS: &str = "https://clerk.com/docs/deployments/overview";

/// Every provider the core recognises.
pub static PROVIDERS: &[Provider] = &[
    Provider {
        id: "entra",
        name: "Microsoft Entra ID",
        issuers: &[
            iss("https://sts.windows.net/{tid}", "v1", "Microsoft Entra ID (v1 issuer)", ENTRA_AT),
            iss("https://login.microsoftonline.com/{tid}/v2.0", "v2", "Microsoft Entra ID (v2 issuer)", ENTRA_AT),
            // national clouds: US Government and China (21Vianet)
            iss("https://login.microsoftonline.us/{tid}/v2.0", "v2", "Microsoft Entra ID (US Government, v2 issuer)", ENTRA_CLOUDS),
            iss("https://login.partner.microsoftonline.cn/{tid}/v2.0", "v2", "Microsoft Entra ID (China, v2 issuer)", ENTRA_CLOUDS),
            iss("https://login.chinacloudapi.cn/{tid}/v2.0", "v2", "Microsoft Entra ID (China, v2 issuer)", ENTRA_CLOUDS),
            iss("https://sts.chinacloudapi.cn/{tid}", "v1", "Microsoft Entra ID (China, v1 issuer)", ENTRA_CLOUDS),
            // Azure AD B2C: the b2clogin.com host, and the legacy login.microsoftonline.com/tfp form
            iss("https://{tenant}.b2clogin.com/{tid}/v2.0", "b2c", "Azure AD B2C", B2C),
            iss("https://{tenant}.b2clogin.com/tfp/{tid}/{policy}/v2.0", "b2c", "Azure AD B2C", B2C),
            iss("https://login.microsoftonline.com/tfp/{tid}/{policy}/v2.0", "b2c", "Azure AD B2C (login.microsoftonline.com)", B2C),
            // Entra External ID (customer tenants)
            iss("https://{tenant}.ciamlogin.com/{tid}/v2.0", "ciam", "Microsoft Entra External ID", CIAM),
        ],
        keys: "https://login.microsoftonline.com/{tid}/discovery/v2.0/keys",
        kinds: &[
            // access tokens carry scp (delegated) or roles (application); ID tokens neither
            kind("access", &["scp"], ENTRA_AT),
            kind("access", &["roles"], ENTRA_AT),
            kind("access", &["idtyp=app"], ENTRA_AT),
            kind("id", &["!scp", "!roles"], ENTRA_ID),
        ],
        rules: &[
            rule(On::Expected("{tenantid}"), "iss", "entra_tenant_placeholder",
                " (the {{tenantid}} placeholder of the common metadata)",
                "replace {{tenantid}} with the tenant id ({tid}, the tid claim), or list your tenants", ENTRA_MT),
            rule(On::Expected("/common/"), "iss", "entra_tenant_placeholder",
                " (iss names the tenant, never common)",
                "expect each tenant's issuer (https://login.microsoftonline.com/<tid>/v2.0; here {tid})", ENTRA_MT),
            rule(On::Expected("/organizations/"), "iss", "entra_tenant_placeholder",
                " (iss names the tenant, never organizations)",
                "expect each tenant's issuer (https://login.microsoftonline.com/<tid>/v2.0; here {tid})", ENTRA_MT),
            rule(On::Forms("v1", "v2"), "iss", "entra_v1_v2",
                " (the same tenant: a v1 token, v2 expected)",
                "set accessTokenAcceptedVersion: 2 in the API's manifest, or accept https://sts.windows.net/{tid}/", ENTRA_AT),
            rule(On::Forms("v2", "v1"), "iss", "entra_v1_v2",
                " (the same tenant: a v2 token, v1 expected)",
                "accept https://login.microsoftonline.com/{tid}/v2.0, or set accessTokenAcceptedVersion: 1", ENTRA_AT),
            rule(On::Actual("00000003-0000-0000-c000-000000000000 https://graph.microsoft.com https://graph.microsoft.com/"), "aud", "entra_graph_token",
                " (a token for Microsoft Graph, not for this API)",
                "request a token for your API's scope (api://<app id>/.default)", ENTRA_AT),
            rule(On::AppIdUri, "aud", "entra_app_id_uri",
                " (one application: client id and App ID URI)",
                "v2 tokens carry the client id, v1 the App ID URI: expect both", ENTRA_AT),
            rule(On::Kind("id"), "aud typ required", "entra_id_token",
                " (an ID token: no scp or roles)",
                "send an access token for this API's scope (api://<app id>/.default)", ENTRA_ID),
        ],
    },
    Provider {
        id: "google",
        name: "Google",
        issuers: &[
            iss("accounts.google.com", "id", "", GOOGLE_ID),
            iss("https://accounts.google.com", "id", "", GOOGLE_ID),
            iss("https://cloud.google.com/iap", "iap", "Google Identity-Aware Proxy", GOOGLE_IAP),
        ],
        keys: "https://www.googleapis.com/oauth2/v3/certs",
        kinds: &[
            kind("iap", &["iss=https://cloud.google.com/iap"], GOOGLE_IAP),
            kind("id", &[], GOOGLE_ID),
        ],
        rules: &[
            rule(On::Near("scheme"), "iss", "google_scheme",
                " (Google issues both forms)",
                "accept both issuers, accounts.google.com and https://accounts.google.com", GOOGLE_ID),
            rule(On::Kind("iap"), "iss aud", "google_iap_assertion",
                " (an IAP assertion)",
                "expect iss https://cloud.google.com/iap, aud /projects/<number>/…, keys https://www.gstatic.com/iap/verify/public_key-jwk", GOOGLE_IAP),
            rule(On::Forms("id", "iap"), "iss", "google_id_token",
                " (a Google ID token, not an IAP assertion)",
                "read the x-goog-iap-jwt-assertion header, not the user's ID token", GOOGLE_IAP),
            // opaque access tokens (ya29.…) are not JWTs: only Google's tokeninfo endpoint reads them
            rule(On::Actual("ya29.*"), "format", "google_access_token",
                ": a Google access token (ya29.…), opaque",
                "send the ID token (a JWT) to your API", GOOGLE_AT),
        ],
    },
    Provider {
        id: "firebase",
        name: "Firebase Auth",
        issuers: &[
            iss("https://securetoken.google.com/{project}", "id", "", FB_ID),
            iss("https://session.firebase.google.com/{project}", "session_cookie", "Firebase Auth (session cookie)", FB_COOKIE),
            issw("", &["aud=https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit"], "custom", "Firebase Auth (custom token)", FB_CUSTOM),
        ],
        keys: "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com",
        kinds: &[
            kind("custom", &["aud=https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit"], FB_CUSTOM),
            kind("session_cookie", &["iss^https://session.firebase.google.com/"], FB_COOKIE),
            kind("id", &[], FB_ID),
        ],
        rules: &[
            rule(On::Kind("custom"), "iss aud sub required", "firebase_custom_token",
                " (a Firebase custom token, not a login)",
                "sign in with it (signInWithCustomToken) and send the ID token", FB_CUSTOM),
            rule(On::Kind("session_cookie"), "iss", "firebase_session_cookie",
                " (a Firebase session cookie)",
                "verify it with verifySessionCookie, or send the ID token", FB_COOKIE),
            rule(On::Forms("id", "session_cookie"), "iss", "firebase_id_token",
                " (an ID token, not a session cookie)",
                "exchange it (createSessionCookie), or verify it as an ID token", FB_COOKIE),
            rule(On::Placeholder("project"), "iss", "firebase_project",
                " (project {project})",
                "iss is https://securetoken.google.com/<project id> and aud the project id: expect your project's", FB_ID),
        ],
    },
    Provider {
        id: "cognito",
        name: "Amazon Cognito",
        issuers: &[
            // exactly these hosts: a bucket host named like them (….s3.amazonaws.com) is not Cognito
            iss("https://cognito-idp.{region}.amazonaws.com/{pool}", "original", "", COGNITO_ISSUER),
            iss("https://issuer-cognito-idp.{region}.amazonaws.com/{pool}", "updated", "", COGNITO_ISSUER),
            iss("https://cognito-idp.{region}.amazonaws.com.cn/{pool}", "original", "", COGNITO_CN),
        ],
        keys: "{iss}/.well-known/jwks.json",
        kinds: &[
            kind("access", &["token_use=access"], COGNITO_AT),
            kind("id", &["token_use=id"], COGNITO_ID),
        ],
        rules: &[
            rule(On::Kind("access"), "aud", "cognito_client_id",
                " (a Cognito access token: the client is in client_id)",
                "check client_id, not aud", COGNITO_AT),
            rule(On::Kind("id"), "typ required", "cognito_id_token",
                " (a Cognito ID token)",
                "send the AccessToken", COGNITO_ID),
            rule(On::Forms("original", "updated"), "iss", "cognito_issuer_configuration",
                " (the pool's original issuer, updated expected)",
                "the pool's issuer configuration decides: expect {actual}, or both", COGNITO_ISSUER),
            rule(On::Forms("updated", "original"), "iss", "cognito_issuer_configuration",
                " (the pool's updated issuer, original expected)",
                "the pool's issuer configuration decides: expect {actual}, or both", COGNITO_ISSUER),
            rule(On::Placeholder("pool"), "iss", "cognito_user_pool",
                " (user pool {pool})",
                "expect your pool's issuer https://cognito-idp.<region>.amazonaws.com/<user pool id>", COGNITO),
            rule(On::Placeholder("region"), "iss", "cognito_user_pool",
                " (region {region})",
                "expect https://cognito-idp.<region>.amazonaws.com/<user pool id> in the pool's region", COGNITO),
        ],
    },
    Provider {
        id: "auth0",
        name: "Auth0",
        issuers: &[
            iss("https://{tenant}.auth0.com", "tenant", "", AUTH0_REGION),
            iss("https://{tenant}.{region}.auth0.com", "tenant", "", AUTH0_REGION),
        ],
        keys: "{iss}.well-known/jwks.json",
        kinds: &[
            kind("access", &["scope"], AUTH0_AT),
            kind("access", &["permissions"], AUTH0_AT),
            kind("access", &["aud^https://"], AUTH0_AT),
            kind("id", &[], AUTH0_ID),
        ],
        rules: &[
            rule(On::Near("trailing_slash"), "iss", "trailing_slash",
                " (Auth0's issuer ends with a slash)",
                "configure the issuer exactly as Auth0 writes it, with its trailing slash: https://{host}/", AUTH0_DOMAIN),
            rule(On::OtherHost, "iss", "auth0_custom_domain",
                " (a tenant domain and a custom domain)",
                "accept both issuers, or have every client use one Auth0 domain", AUTH0_DOMAIN),
            // the client id expected: the token is an access token for its API, not for the client
            rule(On::AzpExpected, "aud", "auth0_access_token",
                " (an access token for {api}; {azp} is its client)",
                "an access token's aud is its API ({api}), never the client id", AUTH0_AT),
            // /userinfo with the API expected: the token was requested for another audience, or none
            rule(On::Actual("https://*/userinfo"), "aud", "auth0_userinfo",
                " (/userinfo: not a token for this API)",
                "request the access token with audience={expected} (the API's Identifier in Auth0)", AUTH0_GET),
            rule(On::Kind("access"), "aud", "auth0_access_token",
                " (an access token for {api})",
                "expect {api} if it is this API, else request the token with audience=<this API's identifier>", AUTH0_AT),
            rule(On::Kind("id"), "aud typ required", "auth0_id_token",
                " (an ID token for client {aud})",
                "send the access token requested with audience=<this API's identifier>", AUTH0_ID),
            rule(On::Kind("id"), "alg", "auth0_hs256_id_token",
                " (an ID token signed with the client secret)",
                "verify it with the client secret, or set the application's signing algorithm to RS256", AUTH0_ALG),
        ],
    },
    Provider {
        id: "okta",
        name: "Okta",
        issuers: &[
            iss("https://{org}.okta.com/oauth2/{server}", "custom", "Okta (custom authorization server)", OKTA_AS),
            iss("https://{org}.oktapreview.com/oauth2/{server}", "custom", "Okta (custom authorization server)", OKTA_AS),
            iss("https://{org}.okta-emea.com/oauth2/{server}", "custom", "Okta (custom authorization server)", OKTA_CELLS),
            iss("https://{org}.okta-gov.com/oauth2/{server}", "custom", "Okta (custom authorization server)", OKTA_CELLS),
            iss("https://{org}.okta.mil/oauth2/{server}", "custom", "Okta (custom authorization server)", OKTA_CELLS),
            iss("https://{org}.okta.com", "org", "Okta (org authorization server)", OKTA_AS),
            iss("https://{org}.oktapreview.com", "org", "Okta (org authorization server)", OKTA_AS),
            iss("https://{org}.okta-emea.com", "org", "Okta (org authorization server)", OKTA_CELLS),
            iss("https://{org}.okta-gov.com", "org", "Okta (org authorization server)", OKTA_CELLS),
            iss("https://{org}.okta.mil", "org", "Okta (org authorization server)", OKTA_CELLS),
            // a custom URL domain: any host, told by Okta's own claims (cid and uid, or idp and amr)
            issw("https://*/oauth2/{server}", &["ver", "cid", "uid"], "custom", "Okta (custom authorization server, custom URL domain)", OKTA_DOMAIN),
            issw("https://*/oauth2/{server}", &["ver", "idp", "amr"], "custom", "Okta (custom authorization server, custom URL domain)", OKTA_DOMAIN),
        ],
        keys: "{iss}/v1/keys (custom server) or {iss}/oauth2/v1/keys (org server)",
        kinds: &[
            kind("access", &["cid"], OKTA_AT),
            kind("access", &["scp"], OKTA_AT),
            kind("id", &[], OKTA_ID),
        ],
        rules: &[
            rule(On::Forms("org", "custom"), "iss", "okta_authorization_server",
                " (the org server, not a custom server)",
                "expect {actual} and verify with its own JWKS", OKTA_AS),
            rule(On::Forms("custom", "org"), "iss", "okta_authorization_server",
                " (custom server {server}, not the org server)",
                "expect {actual} and verify with its own JWKS", OKTA_AS),
            rule(On::Placeholder("server"), "iss", "okta_authorization_server",
                " (custom server {server})",
                "expect {actual} and verify with its own JWKS", OKTA_AS),
            rule(On::Kind("id"), "aud typ required", "okta_id_token",
                " (an ID token for client {aud})",
                "send the access token: its aud is the server's audience (api://default)", OKTA_ID),
        ],
    },
    Provider {
        id: "keycloak",
        name: "Keycloak",
        issuers: &[
            // Keycloak 17+ (Quarkus) serves realms at the root; older versions under /auth
            iss("https://*/realms/{realm}", "realm", "", KC_QUARKUS),
            iss("https://*/auth/realms/{realm}", "realm", "Keycloak (/auth path)", KC_QUARKUS),
            iss("https://*/**/realms/{realm}", "realm", "", KC_HOST),
        ],
        keys: "{iss}/protocol/openid-connect/certs",
        kinds: &[
            kind("access", &["typ=Bearer"], KC_TOKENS),
            kind("id", &["typ=ID"], KC_TOKENS),
            kind("refresh", &["typ=Refresh"], KC_TOKENS),
            kind("refresh", &["typ=Offline"], KC_TOKENS),
            kind("logout", &["typ=Logout"], KC_TOKENS),
        ],
        rules: &[
            rule(On::Kind("refresh"), "iss aud typ required alg", "keycloak_refresh_token",
                " (a refresh token)",
                "send the access token (typ \"Bearer\")", KC_TOKENS),
            rule(On::Kind("id"), "aud typ required", "keycloak_id_token",
                " (an ID token for client {azp})",
                "send the access token (typ \"Bearer\"), with an audience mapper", KC_TOKENS),
            rule(On::Near("host"), "iss", "host",
                " (Keycloak writes the host it was reached by)",
                "set Keycloak's hostname (KC_HOSTNAME) to the external URL", KC_HOST),
            rule(On::Placeholder("realm"), "iss", "keycloak_realm",
                " (realm {realm})",
                "another realm: use your clients' realm, or expect its issuer", KC_HOST),
            rule(On::AzpExpected, "aud", "azp",
                " (\"{azp}\" is the token's azp, its client)",
                "add an audience mapper for \"{azp}\", or check azp instead of aud", KC_AUD),
        ],
    },
    Provider {
        id: "github",
        name: "GitHub Actions",
        issuers: &[
            iss("https://token.actions.githubusercontent.com", "default", "GitHub Actions OIDC", GH_OIDC),
            iss("https://token.actions.githubusercontent.com/{enterprise}", "enterprise", "GitHub Actions OIDC (enterprise issuer)", GH_OIDC),
        ],
        keys: "{iss}/.well-known/jwks",
        kinds: &[kind("oidc", &[], GH_OIDC)],
        rules: &[
            rule(On::Forms("default", "enterprise"), "iss", "github_enterprise_issuer",
                " (the default issuer, enterprise expected)",
                "include_enterprise_slug decides: expect {actual}", GH_OIDC),
            rule(On::Forms("enterprise", "default"), "iss", "github_enterprise_issuer",
                " (an enterprise issuer)",
                "the enterprise uses a unique token URL: expect {actual}", GH_OIDC),
            rule(On::Actual("https://github.com/*"), "aud", "github_default_audience",
                " (the default audience: none requested)",
                "request it with core.getIDToken('{expected}')", GH_OIDC),
            rule(On::Actual("repo:*:environment:*"), "sub", "github_sub_environment",
                " (a job with an environment)",
                "match the environment form of sub ({actual})", GH_OIDC),
            rule(On::Actual("repo:*:pull_request"), "sub", "github_sub_pull_request",
                " (a pull_request job)",
                "accept the pull_request form of sub, or run on push", GH_OIDC),
            rule(On::Actual("repo:*"), "sub", "github_sub_format",
                " (another sub form)",
                "match the sub this job gets ({actual})", GH_OIDC),
        ],
    },
    Provider {
        id: "gitlab",
        name: "GitLab CI",
        issuers: &[
            iss("https://gitlab.com", "id_token", "GitLab CI ID token", GITLAB),
            // a self-managed instance: its own URL, told by the job's claims
            issw("https://*", &["project_path", "pipeline_source", "ref_type"], "id_token", "GitLab CI ID token (self-managed)", GITLAB),
            iss("gitlab.com", "ci_job_jwt", "GitLab CI (CI_JOB_JWT)", GITLAB_JWT),
        ],
        keys: "{iss}/oauth/discovery/keys",
        kinds: &[
            kind("ci_job_jwt", &["iss=gitlab.com"], GITLAB_JWT),
            kind("ci_job_jwt", &["!aud"], GITLAB_JWT),
            kind("id", &[], GITLAB),
        ],
        rules: &[
            rule(On::Kind("ci_job_jwt"), "iss aud", "gitlab_ci_job_jwt",
                " (the removed CI_JOB_JWT)",
                "declare id_tokens: <NAME>: aud: {expected} in .gitlab-ci.yml", GITLAB_JWT),
            rule(On::Kind("id"), "aud", "gitlab_id_token_audience",
                " (another audience)",
                "set id_tokens: <NAME>: aud: {expected} in .gitlab-ci.yml", GITLAB),
        ],
    },
    Provider {
        id: "kubernetes",
        name: "Kubernetes",
        issuers: &[
            iss("kubernetes/serviceaccount", "legacy", "Kubernetes (legacy service-account token)", K8S_SA),
            // a bound token's issuer is the cluster's --service-account-issuer: told by its claim
            issw("", &["kubernetes.io"], "bound", "Kubernetes (bound service-account token)", K8S_PROJECTED),
        ],
        keys: "{iss}/openid/v1/jwks (the API server's service-account issuer discovery)",
        kinds: &[
            kind("legacy", &["kubernetes.io/serviceaccount/namespace"], K8S_SA),
            kind("bound", &["kubernetes.io"], K8S_PROJECTED),
        ],
        rules: &[
            rule(On::Kind("legacy"), "iss aud required", "kubernetes_legacy_token",
                " (a legacy Secret token)",
                "mount a projected service-account token with audience {expected}", K8S_SA),
            rule(On::Kind("bound"), "aud", "kubernetes_audience",
                " (another audience)",
                "set serviceAccountToken.audience to {expected}", K8S_PROJECTED),
        ],
    },
    Provider {
        id: "apple",
        name: "Sign in with Apple",
        issuers: &[
            iss("https://appleid.apple.com", "id", "", APPLE),
            // the client secret a developer signs for Apple's token endpoint: aud is Apple
            issw("", &["aud=https://appleid.apple.com"], "client_secret", "Sign in with Apple (client secret)", APPLE_SECRET),
        ],
        keys: "https://appleid.apple.com/auth/keys",
        kinds: &[
            kind("client_secret", &["aud=https://appleid.apple.com"], APPLE_SECRET),
            kind("id", &[], APPLE),
        ],
        rules: &[
            rule(On::Kind("client_secret"), "iss aud sub", "apple_client_secret",
                " (your client secret, not Apple's token)",
                "send the id_token Apple returned", APPLE_SECRET),
            rule(On::Kind("id"), "aud", "apple_audience",
                " (bundle ID and Services ID)",
                "accept the bundle ID (app) and the Services ID (web)", APPLE),
        ],
    },
    Provider {
        id: "supabase",
        name: "Supabase",
        issuers: &[
            iss("https://{ref}.supabase.co/auth/v1", "auth", "", SUPABASE),
            // the project's anon and service_role keys (legacy JWT keys)
            iss("supabase", "key", "Supabase (API key)", SUPABASE_KEYS),
            iss("supabase-demo", "key", "Supabase (local API key)", SUPABASE_KEYS),
        ],
        keys: "{iss}/.well-known/jwks.json (or the project's JWT secret)",
        kinds: &[
            kind("anon_key", &["role=anon"], SUPABASE_KEYS),
            kind("service_role_key", &["role=service_role"], SUPABASE_KEYS),
            kind("access", &["role"], SUPABASE),
        ],
        rules: &[
            rule(On::Kind("anon_key"), "iss aud sub required", "supabase_anon_key",
                " (the anon key)",
                "send the user's session.access_token, not the anon key", SUPABASE_KEYS),
            rule(On::Kind("service_role_key"), "iss aud sub required", "supabase_service_role_key",
                " (the service_role key)",
                "send the user's session.access_token; keep this key on the server", SUPABASE_KEYS),
        ],
    },
    Provider {
        id: "clerk",
        name: "Clerk",
        issuers: &[
            iss("https://{instance}.clerk.accounts.dev", "development", "Clerk (development instance)", CLERK_DOMAINS),
            issw("https://clerk.**", &["sid"], "production", "Clerk (production instance)", CLERK_DOMAINS),
        ],
        keys: "{iss}/.well-known/jwks.json",
        kinds: &[kind("session", &[], CLERK)],
        rules: &[
            rule(On::Forms("development", "production"), "iss", "clerk_instance",
                " (development, production expected)",
                "each instance has its own issuer and keys: use the production instance", CLERK_DOMAINS),
            rule(On::Forms("production", "development"), "iss", "clerk_instance",
                " (production, development expected)",
                "each instance has its own issuer and keys: expect {actual}", CLERK_DOMAINS),
            rule(On::Kind("session"), "aud", "clerk_session_token",
                " (a Clerk session token: no aud)",
                "check azp (authorizedParties) instead of an audience", CLERK_VERIFY),
        ],
    },
];
