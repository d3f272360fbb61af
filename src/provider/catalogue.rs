//! The catalogue of identity providers, as data: each provider's issuer forms, where its keys
//! are, the kinds of token it issues with the claims that tell them apart, and its mix-ups with
//! their fixes, one row each, with the documentation it comes from beside it. The matcher
//! (`matcher.rs`) reads these rows; `docs/PROVIDERS.md` is generated from them
//! (`cargo run --example catalogue -- providers`). Adding a provider is adding an entry here (and
//! a case in `tests/cases/generate.mjs`); no check changes.
//!
//! The rows of a table are packed into one string (`rows!`): a table of string pointers costs
//! the WebAssembly module more than the text itself, and the links stay out of it.
//!
//! # The little languages
//! - An **issuer row** is `[pattern, variant, name, conditions; doc]`. A pattern is either a URL
//!   pattern `https://host/path` or a literal issuer (`accounts.google.com`,
//!   `kubernetes/serviceaccount`), compared exactly; `""` matches any issuer and leaves the
//!   decision to the conditions. A URL pattern is matched on the parsed URL (`http` or `https`,
//!   no user info, no query), never on the text: its host is dot-separated labels, where
//!   `{name}` is exactly one label and `**` (first or last) one or more labels, so
//!   `{tenant}.auth0.com` matches `acme.auth0.com` and never `acme.auth0.com.evil.example`; `*`
//!   alone is any host (kept as `{host}`). Its path is `/`-separated segments, where `{name}` is
//!   one segment and a leading `**` any number; a trailing slash is ignored. The variant tells
//!   forms apart in rules; the name (empty: the provider's) is `report.token.provider.name`.
//!   Forms with conditions are recognised only from a token that meets them.
//! - A **kind row** is `[kind, conditions; doc]`: the first whose conditions hold is
//!   `report.token.kind`.
//! - **Conditions** are space-separated: `claim` (present), `!claim` (absent), `claim=value`
//!   (equal, or an array holding it), `claim^prefix` (a string, or an array element, starting
//!   with it); `h.` before the name reads the header.
//! - A **rule row** is `[premise, checks, nearMiss, words, hint; doc]`: when one of the
//!   space-separated failing `checks` (`iss`, `aud`, `sub`, `typ`, `required`, `alg`, `format`)
//!   has this premise, the finding gets `detail.nearMiss`, the words appended to its message and
//!   the hint; the first rule that holds wins. Premises: `kind K` (the token is of kind K),
//!   `placeholder P` (the expected issuer has the same form, another value of `{P}`, the rest
//!   equal), `forms A B` (the token's form variant is A where B is expected, the placeholders
//!   both have equal), `near N` (the generic near miss N: `scheme`, `trailing_slash`, `host`),
//!   `other-host` (both issuers are the roots of different hosts), `expected T` (an expected
//!   value holds T, any case), `actual P…` (a value of the failing claim matches one of the
//!   patterns, `*` any run of characters; with no provider recognised, only exact patterns and
//!   `format` rules are tried), `app-id-uri` (a GUID on one side, `api://` it on the other),
//!   `azp` (the expected audience is the token's `azp`).
//! - A **template** (words, hint) names `{actual}`, `{expected}`, `{host}`, `{api}` (the token's
//!   first audience that is not a `/userinfo` URL), a pattern's `{placeholder}`, or a claim of
//!   the token (`{azp}`, `{tid}`); `{{` and `}}` are braces.

// Without the documentation (WebAssembly), the links are unused.
#![cfg_attr(target_arch = "wasm32", allow(dead_code))]

/// One identity provider.
pub struct Provider {
    /// `detail.provider` and `report.token.provider.id`.
    pub id: &'static str,
    /// For people.
    pub name: &'static str,
    /// Where the keys are, for the docs and the hints.
    pub keys: &'static str,
    /// The issuer forms, most specific first: `[pattern, variant, name, conditions]`.
    pub issuers: Rows,
    /// The kinds of token, first match wins: `[kind, conditions]`.
    pub kinds: Rows,
    /// The mix-ups, first match wins: `[premise, checks, nearMiss, words, hint]`.
    pub rules: Rows,
}

/// A table's rows, packed: fields end with `\u{1f}`, rows with `\n`.
pub struct Rows {
    /// The rows.
    pub text: &'static str,
    /// Each row's documentation (native builds only: the docs table).
    #[cfg(not(target_arch = "wasm32"))]
    pub docs: &'static [&'static str],
}

/// One row of a table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Row(pub &'static str);

impl Row {
    /// Field `i` (empty when absent).
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn field(self, i: usize) -> &'static str {
        self.0.split('\u{1f}').nth(i).unwrap_or_default()
    }
}

impl Rows {
    /// The rows, in order.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn each(&self) -> impl Iterator<Item = Row> {
        self.text.split('\n').filter(|l| !l.is_empty()).map(Row)
    }
}

/// Rows `[field, …; doc]`, packed into one string.
macro_rules! rows {
    ($([$($field:literal),+ ; $doc:expr])*) => {
        Rows {
            text: concat!($($($field, "\u{1f}",)+ "\n",)*),
            #[cfg(not(target_arch = "wasm32"))]
            docs: &[$($doc),*],
        }
    };
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
        keys: "https://login.microsoftonline.com/{tid}/discovery/v2.0/keys",
        issuers: rows![
            ["https://sts.windows.net/{tid}", "v1", "Microsoft Entra ID (v1 issuer)", ""; ENTRA_AT]
            ["https://login.microsoftonline.com/{tid}/v2.0", "v2", "Microsoft Entra ID (v2 issuer)", ""; ENTRA_AT]
            // national clouds: US Government and China (21Vianet)
            ["https://login.microsoftonline.us/{tid}/v2.0", "v2", "Microsoft Entra ID (US Government, v2 issuer)", ""; ENTRA_CLOUDS]
            ["https://login.partner.microsoftonline.cn/{tid}/v2.0", "v2", "Microsoft Entra ID (China, v2 issuer)", ""; ENTRA_CLOUDS]
            ["https://login.chinacloudapi.cn/{tid}/v2.0", "v2", "Microsoft Entra ID (China, v2 issuer)", ""; ENTRA_CLOUDS]
            ["https://sts.chinacloudapi.cn/{tid}", "v1", "Microsoft Entra ID (China, v1 issuer)", ""; ENTRA_CLOUDS]
            // Azure AD B2C: the b2clogin.com host, and the legacy login.microsoftonline.com/tfp form
            ["https://{tenant}.b2clogin.com/{tid}/v2.0", "b2c", "Azure AD B2C", ""; B2C]
            ["https://{tenant}.b2clogin.com/tfp/{tid}/{policy}/v2.0", "b2c", "Azure AD B2C", ""; B2C]
            ["https://login.microsoftonline.com/tfp/{tid}/{policy}/v2.0", "b2c", "Azure AD B2C (login.microsoftonline.com)", ""; B2C]
            // Entra External ID (customer tenants)
            ["https://{tenant}.ciamlogin.com/{tid}/v2.0", "ciam", "Microsoft Entra External ID", ""; CIAM]
        ],
        kinds: rows![
            // access tokens carry scp (delegated) or roles (application); ID tokens neither
            ["access", "scp"; ENTRA_AT]
            ["access", "roles"; ENTRA_AT]
            ["access", "idtyp=app"; ENTRA_AT]
            ["id", "!scp !roles"; ENTRA_ID]
        ],
        rules: rows![
            ["expected {tenantid}", "iss", "entra_tenant_placeholder", " (the {{tenantid}} placeholder of the common metadata)", "replace {{tenantid}} with the tenant id ({tid}, the tid claim), or list your tenants"; ENTRA_MT]
            ["expected /common/", "iss", "entra_tenant_placeholder", " (iss names the tenant, never common)", "expect each tenant's issuer (https://login.microsoftonline.com/<tid>/v2.0; here {tid})"; ENTRA_MT]
            ["expected /organizations/", "iss", "entra_tenant_placeholder", " (iss names the tenant, never organizations)", "expect each tenant's issuer (https://login.microsoftonline.com/<tid>/v2.0; here {tid})"; ENTRA_MT]
            ["forms v1 v2", "iss", "entra_v1_v2", " (the same tenant: a v1 token, v2 expected)", "set accessTokenAcceptedVersion: 2 in the API's manifest, or accept https://sts.windows.net/{tid}/"; ENTRA_AT]
            ["forms v2 v1", "iss", "entra_v1_v2", " (the same tenant: a v2 token, v1 expected)", "accept https://login.microsoftonline.com/{tid}/v2.0, or set accessTokenAcceptedVersion: 1"; ENTRA_AT]
            ["actual 00000003-0000-0000-c000-000000000000 https://graph.microsoft.com https://graph.microsoft.com/", "aud", "entra_graph_token", " (a token for Microsoft Graph, not for this API)", "request a token for your API's scope (api://<app id>/.default)"; ENTRA_AT]
            ["app-id-uri", "aud", "entra_app_id_uri", " (one application: client id and App ID URI)", "v2 tokens carry the client id, v1 the App ID URI: expect both"; ENTRA_AT]
            ["kind id", "aud typ required", "entra_id_token", " (an ID token: no scp or roles)", "send an access token for this API's scope (api://<app id>/.default)"; ENTRA_ID]
        ],
    },
    Provider {
        id: "google",
        name: "Google",
        keys: "https://www.googleapis.com/oauth2/v3/certs",
        issuers: rows![
            ["accounts.google.com", "id", "", ""; GOOGLE_ID]
            ["https://accounts.google.com", "id", "", ""; GOOGLE_ID]
            ["https://cloud.google.com/iap", "iap", "Google Identity-Aware Proxy", ""; GOOGLE_IAP]
        ],
        kinds: rows![
            ["iap", "iss=https://cloud.google.com/iap"; GOOGLE_IAP]
            ["id", ""; GOOGLE_ID]
        ],
        rules: rows![
            ["near scheme", "iss", "google_scheme", " (Google issues both forms)", "accept both issuers, accounts.google.com and https://accounts.google.com"; GOOGLE_ID]
            ["kind iap", "iss aud", "google_iap_assertion", " (an IAP assertion)", "expect iss https://cloud.google.com/iap, aud /projects/<number>/…, keys https://www.gstatic.com/iap/verify/public_key-jwk"; GOOGLE_IAP]
            ["forms id iap", "iss", "google_id_token", " (a Google ID token, not an IAP assertion)", "read the x-goog-iap-jwt-assertion header, not the user's ID token"; GOOGLE_IAP]
            // opaque access tokens (ya29.…) are not JWTs: only Google's tokeninfo endpoint reads them
            ["actual ya29.*", "format", "google_access_token", ": a Google access token (ya29.…), opaque", "send the ID token (a JWT) to your API"; GOOGLE_AT]
        ],
    },
    Provider {
        id: "firebase",
        name: "Firebase Auth",
        keys: "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com",
        issuers: rows![
            ["https://securetoken.google.com/{project}", "id", "", ""; FB_ID]
            ["https://session.firebase.google.com/{project}", "session_cookie", "Firebase Auth (session cookie)", ""; FB_COOKIE]
            ["", "custom", "Firebase Auth (custom token)", "aud=https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit"; FB_CUSTOM]
        ],
        kinds: rows![
            ["custom", "aud=https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit"; FB_CUSTOM]
            ["session_cookie", "iss^https://session.firebase.google.com/"; FB_COOKIE]
            ["id", ""; FB_ID]
        ],
        rules: rows![
            ["kind custom", "iss aud sub required", "firebase_custom_token", " (a Firebase custom token, not a login)", "sign in with it (signInWithCustomToken) and send the ID token"; FB_CUSTOM]
            ["kind session_cookie", "iss", "firebase_session_cookie", " (a Firebase session cookie)", "verify it with verifySessionCookie, or send the ID token"; FB_COOKIE]
            ["forms id session_cookie", "iss", "firebase_id_token", " (an ID token, not a session cookie)", "exchange it (createSessionCookie), or verify it as an ID token"; FB_COOKIE]
            ["placeholder project", "iss", "firebase_project", " (project {project})", "iss is https://securetoken.google.com/<project id> and aud the project id: expect your project's"; FB_ID]
        ],
    },
    Provider {
        id: "cognito",
        name: "Amazon Cognito",
        keys: "{iss}/.well-known/jwks.json",
        issuers: rows![
            // exactly these hosts: a bucket host named like them (….s3.amazonaws.com) is not Cognito
            ["https://cognito-idp.{region}.amazonaws.com/{pool}", "original", "", ""; COGNITO_ISSUER]
            ["https://issuer-cognito-idp.{region}.amazonaws.com/{pool}", "updated", "", ""; COGNITO_ISSUER]
            ["https://cognito-idp.{region}.amazonaws.com.cn/{pool}", "original", "", ""; COGNITO_CN]
        ],
        kinds: rows![
            ["access", "token_use=access"; COGNITO_AT]
            ["id", "token_use=id"; COGNITO_ID]
        ],
        rules: rows![
            ["kind access", "aud", "cognito_client_id", " (a Cognito access token: the client is in client_id)", "check client_id, not aud"; COGNITO_AT]
            ["kind id", "typ required", "cognito_id_token", " (a Cognito ID token)", "send the AccessToken"; COGNITO_ID]
            ["forms original updated", "iss", "cognito_issuer_configuration", " (the pool's original issuer, updated expected)", "the pool's issuer configuration decides: expect {actual}, or both"; COGNITO_ISSUER]
            ["forms updated original", "iss", "cognito_issuer_configuration", " (the pool's updated issuer, original expected)", "the pool's issuer configuration decides: expect {actual}, or both"; COGNITO_ISSUER]
            ["placeholder pool", "iss", "cognito_user_pool", " (user pool {pool})", "expect your pool's issuer https://cognito-idp.<region>.amazonaws.com/<user pool id>"; COGNITO]
            ["placeholder region", "iss", "cognito_user_pool", " (region {region})", "expect https://cognito-idp.<region>.amazonaws.com/<user pool id> in the pool's region"; COGNITO]
        ],
    },
    Provider {
        id: "auth0",
        name: "Auth0",
        keys: "{iss}.well-known/jwks.json",
        issuers: rows![
            ["https://{tenant}.auth0.com", "tenant", "", ""; AUTH0_REGION]
            ["https://{tenant}.{region}.auth0.com", "tenant", "", ""; AUTH0_REGION]
        ],
        kinds: rows![
            ["access", "scope"; AUTH0_AT]
            ["access", "permissions"; AUTH0_AT]
            ["access", "aud^https://"; AUTH0_AT]
            ["id", ""; AUTH0_ID]
        ],
        rules: rows![
            ["near trailing_slash", "iss", "trailing_slash", " (Auth0's issuer ends with a slash)", "configure the issuer exactly as Auth0 writes it, with its trailing slash: https://{host}/"; AUTH0_DOMAIN]
            ["other-host", "iss", "auth0_custom_domain", " (a tenant domain and a custom domain)", "accept both issuers, or have every client use one Auth0 domain"; AUTH0_DOMAIN]
            // the client id expected: the token is an access token for its API, not for the client
            ["azp", "aud", "auth0_access_token", " (an access token for {api}; {azp} is its client)", "an access token's aud is its API ({api}), never the client id"; AUTH0_AT]
            // /userinfo with the API expected: the token was requested for another audience, or none
            ["actual https://*/userinfo", "aud", "auth0_userinfo", " (/userinfo: not a token for this API)", "request the access token with audience={expected} (the API's Identifier in Auth0)"; AUTH0_GET]
            ["kind access", "aud", "auth0_access_token", " (an access token for {api})", "expect {api} if it is this API, else request the token with audience=<this API's identifier>"; AUTH0_AT]
            ["kind id", "aud typ required", "auth0_id_token", " (an ID token for client {aud})", "send the access token requested with audience=<this API's identifier>"; AUTH0_ID]
            ["kind id", "alg", "auth0_hs256_id_token", " (an ID token signed with the client secret)", "verify it with the client secret, or set the application's signing algorithm to RS256"; AUTH0_ALG]
        ],
    },
    Provider {
        id: "okta",
        name: "Okta",
        keys: "{iss}/v1/keys (custom server) or {iss}/oauth2/v1/keys (org server)",
        issuers: rows![
            ["https://{org}.okta.com/oauth2/{server}", "custom", "Okta (custom authorization server)", ""; OKTA_AS]
            ["https://{org}.oktapreview.com/oauth2/{server}", "custom", "Okta (custom authorization server)", ""; OKTA_AS]
            ["https://{org}.okta-emea.com/oauth2/{server}", "custom", "Okta (custom authorization server)", ""; OKTA_CELLS]
            ["https://{org}.okta-gov.com/oauth2/{server}", "custom", "Okta (custom authorization server)", ""; OKTA_CELLS]
            ["https://{org}.okta.mil/oauth2/{server}", "custom", "Okta (custom authorization server)", ""; OKTA_CELLS]
            ["https://{org}.okta.com", "org", "Okta (org authorization server)", ""; OKTA_AS]
            ["https://{org}.oktapreview.com", "org", "Okta (org authorization server)", ""; OKTA_AS]
            ["https://{org}.okta-emea.com", "org", "Okta (org authorization server)", ""; OKTA_CELLS]
            ["https://{org}.okta-gov.com", "org", "Okta (org authorization server)", ""; OKTA_CELLS]
            ["https://{org}.okta.mil", "org", "Okta (org authorization server)", ""; OKTA_CELLS]
            // a custom URL domain: any host, told by Okta's own claims (cid and uid, or idp and amr)
            ["https://*/oauth2/{server}", "custom", "Okta (custom authorization server, custom URL domain)", "ver cid uid"; OKTA_DOMAIN]
            ["https://*/oauth2/{server}", "custom", "Okta (custom authorization server, custom URL domain)", "ver idp amr"; OKTA_DOMAIN]
        ],
        kinds: rows![
            ["access", "cid"; OKTA_AT]
            ["access", "scp"; OKTA_AT]
            ["id", ""; OKTA_ID]
        ],
        rules: rows![
            ["forms org custom", "iss", "okta_authorization_server", " (the org server, not a custom server)", "expect {actual} and verify with its own JWKS"; OKTA_AS]
            ["forms custom org", "iss", "okta_authorization_server", " (custom server {server}, not the org server)", "expect {actual} and verify with its own JWKS"; OKTA_AS]
            ["placeholder server", "iss", "okta_authorization_server", " (custom server {server})", "expect {actual} and verify with its own JWKS"; OKTA_AS]
            ["kind id", "aud typ required", "okta_id_token", " (an ID token for client {aud})", "send the access token: its aud is the server's audience (api://default)"; OKTA_ID]
        ],
    },
    Provider {
        id: "keycloak",
        name: "Keycloak",
        keys: "{iss}/protocol/openid-connect/certs",
        issuers: rows![
            // Keycloak 17+ (Quarkus) serves realms at the root; older versions under /auth
            ["https://*/realms/{realm}", "realm", "", ""; KC_QUARKUS]
            ["https://*/auth/realms/{realm}", "realm", "Keycloak (/auth path)", ""; KC_QUARKUS]
            ["https://*/**/realms/{realm}", "realm", "", ""; KC_HOST]
        ],
        kinds: rows![
            ["access", "typ=Bearer"; KC_TOKENS]
            ["id", "typ=ID"; KC_TOKENS]
            ["refresh", "typ=Refresh"; KC_TOKENS]
            ["refresh", "typ=Offline"; KC_TOKENS]
            ["logout", "typ=Logout"; KC_TOKENS]
        ],
        rules: rows![
            ["kind refresh", "iss aud typ required alg", "keycloak_refresh_token", " (a refresh token)", "send the access token (typ \"Bearer\")"; KC_TOKENS]
            ["kind id", "aud typ required", "keycloak_id_token", " (an ID token for client {azp})", "send the access token (typ \"Bearer\"), with an audience mapper"; KC_TOKENS]
            ["near host", "iss", "host", " (Keycloak writes the host it was reached by)", "set Keycloak's hostname (KC_HOSTNAME) to the external URL"; KC_HOST]
            ["placeholder realm", "iss", "keycloak_realm", " (realm {realm})", "another realm: use your clients' realm, or expect its issuer"; KC_HOST]
            ["azp", "aud", "azp", " (\"{azp}\" is the token's azp, its client)", "add an audience mapper for \"{azp}\", or check azp instead of aud"; KC_AUD]
        ],
    },
    Provider {
        id: "github",
        name: "GitHub Actions",
        keys: "{iss}/.well-known/jwks",
        issuers: rows![
            ["https://token.actions.githubusercontent.com", "default", "GitHub Actions OIDC", ""; GH_OIDC]
            ["https://token.actions.githubusercontent.com/{enterprise}", "enterprise", "GitHub Actions OIDC (enterprise issuer)", ""; GH_OIDC]
        ],
        kinds: rows![
            ["oidc", ""; GH_OIDC]
        ],
        rules: rows![
            ["forms default enterprise", "iss", "github_enterprise_issuer", " (the default issuer, enterprise expected)", "include_enterprise_slug decides: expect {actual}"; GH_OIDC]
            ["forms enterprise default", "iss", "github_enterprise_issuer", " (an enterprise issuer)", "the enterprise uses a unique token URL: expect {actual}"; GH_OIDC]
            ["actual https://github.com/*", "aud", "github_default_audience", " (the default audience: none requested)", "request it with core.getIDToken('{expected}')"; GH_OIDC]
            ["actual repo:*:environment:*", "sub", "github_sub_environment", " (a job with an environment)", "match the environment form of sub ({actual})"; GH_OIDC]
            ["actual repo:*:pull_request", "sub", "github_sub_pull_request", " (a pull_request job)", "accept the pull_request form of sub, or run on push"; GH_OIDC]
            ["actual repo:*", "sub", "github_sub_format", " (another sub form)", "match the sub this job gets ({actual})"; GH_OIDC]
        ],
    },
    Provider {
        id: "gitlab",
        name: "GitLab CI",
        keys: "{iss}/oauth/discovery/keys",
        issuers: rows![
            ["https://gitlab.com", "id_token", "GitLab CI ID token", ""; GITLAB]
            // a self-managed instance: its own URL, told by the job's claims
            ["https://*", "id_token", "GitLab CI ID token (self-managed)", "project_path pipeline_source ref_type"; GITLAB]
            ["gitlab.com", "ci_job_jwt", "GitLab CI (CI_JOB_JWT)", ""; GITLAB_JWT]
        ],
        kinds: rows![
            ["ci_job_jwt", "iss=gitlab.com"; GITLAB_JWT]
            ["ci_job_jwt", "!aud"; GITLAB_JWT]
            ["id", ""; GITLAB]
        ],
        rules: rows![
            ["kind ci_job_jwt", "iss aud", "gitlab_ci_job_jwt", " (the removed CI_JOB_JWT)", "declare id_tokens: <NAME>: aud: {expected} in .gitlab-ci.yml"; GITLAB_JWT]
            ["kind id", "aud", "gitlab_id_token_audience", " (another audience)", "set id_tokens: <NAME>: aud: {expected} in .gitlab-ci.yml"; GITLAB]
        ],
    },
    Provider {
        id: "kubernetes",
        name: "Kubernetes",
        keys: "{iss}/openid/v1/jwks (the API server's service-account issuer discovery)",
        issuers: rows![
            ["kubernetes/serviceaccount", "legacy", "Kubernetes (legacy service-account token)", ""; K8S_SA]
            // a bound token's issuer is the cluster's --service-account-issuer: told by its claim
            ["", "bound", "Kubernetes (bound service-account token)", "kubernetes.io"; K8S_PROJECTED]
        ],
        kinds: rows![
            ["legacy", "kubernetes.io/serviceaccount/namespace"; K8S_SA]
            ["bound", "kubernetes.io"; K8S_PROJECTED]
        ],
        rules: rows![
            ["kind legacy", "iss aud required", "kubernetes_legacy_token", " (a legacy Secret token)", "mount a projected service-account token with audience {expected}"; K8S_SA]
            ["kind bound", "aud", "kubernetes_audience", " (another audience)", "set serviceAccountToken.audience to {expected}"; K8S_PROJECTED]
        ],
    },
    Provider {
        id: "apple",
        name: "Sign in with Apple",
        keys: "https://appleid.apple.com/auth/keys",
        issuers: rows![
            ["https://appleid.apple.com", "id", "", ""; APPLE]
            // the client secret a developer signs for Apple's token endpoint: aud is Apple
            ["", "client_secret", "Sign in with Apple (client secret)", "aud=https://appleid.apple.com"; APPLE_SECRET]
        ],
        kinds: rows![
            ["client_secret", "aud=https://appleid.apple.com"; APPLE_SECRET]
            ["id", ""; APPLE]
        ],
        rules: rows![
            ["kind client_secret", "iss aud sub", "apple_client_secret", " (your client secret, not Apple's token)", "send the id_token Apple returned"; APPLE_SECRET]
            ["kind id", "aud", "apple_audience", " (bundle ID and Services ID)", "accept the bundle ID (app) and the Services ID (web)"; APPLE]
        ],
    },
    Provider {
        id: "supabase",
        name: "Supabase",
        keys: "{iss}/.well-known/jwks.json (or the project's JWT secret)",
        issuers: rows![
            ["https://{ref}.supabase.co/auth/v1", "auth", "", ""; SUPABASE]
            // the project's anon and service_role keys (legacy JWT keys)
            ["supabase", "key", "Supabase (API key)", ""; SUPABASE_KEYS]
            ["supabase-demo", "key", "Supabase (local API key)", ""; SUPABASE_KEYS]
        ],
        kinds: rows![
            ["anon_key", "role=anon"; SUPABASE_KEYS]
            ["service_role_key", "role=service_role"; SUPABASE_KEYS]
            ["access", "role"; SUPABASE]
        ],
        rules: rows![
            ["kind anon_key", "iss aud sub required", "supabase_anon_key", " (the anon key)", "send the user's session.access_token, not the anon key"; SUPABASE_KEYS]
            ["kind service_role_key", "iss aud sub required", "supabase_service_role_key", " (the service_role key)", "send the user's session.access_token; keep this key on the server"; SUPABASE_KEYS]
        ],
    },
    Provider {
        id: "clerk",
        name: "Clerk",
        keys: "{iss}/.well-known/jwks.json",
        issuers: rows![
            ["https://{instance}.clerk.accounts.dev", "development", "Clerk (development instance)", ""; CLERK_DOMAINS]
            ["https://clerk.**", "production", "Clerk (production instance)", "sid"; CLERK_DOMAINS]
        ],
        kinds: rows![
            ["session", ""; CLERK]
        ],
        rules: rows![
            ["forms development production", "iss", "clerk_instance", " (development, production expected)", "each instance has its own issuer and keys: use the production instance"; CLERK_DOMAINS]
            ["forms production development", "iss", "clerk_instance", " (production, development expected)", "each instance has its own issuer and keys: expect {actual}"; CLERK_DOMAINS]
            ["kind session", "aud", "clerk_session_token", " (a Clerk session token: no aud)", "check azp (authorizedParties) instead of an audience"; CLERK_VERIFY]
        ],
    },
];
