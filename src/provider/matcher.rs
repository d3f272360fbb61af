//! Reads the catalogue: issuer patterns against parsed URLs, conditions against the token's
//! claims, templates filled from a token. Cold code (it runs when a check fails, or in
//! `inspect`), built for size.

use serde_json::Value;

use super::catalogue::{Provider, Row, PROVIDERS};
use crate::json::Object;

/// A placeholder's value, by name (`tid` → the tenant id).
pub type Captures = Vec<(&'static str, String)>;

/// A token's (or an expected issuer's) provider and issuer form.
pub struct Matched {
    /// The provider.
    pub provider: &'static Provider,
    /// The form its issuer has: its row `[pattern, variant, name, conditions]`.
    pub form: Row,
    /// The pattern's placeholders, filled.
    pub captures: Captures,
}

impl Matched {
    /// A placeholder's value.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn capture(&self, name: &str) -> Option<&str> {
        self.captures
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The host (lowercase, with its port if any) and path of an `http(s)` URL without user info,
/// query or fragment: the only URLs that are issuers.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn host_and_path(url: &str) -> Option<(String, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    if rest.contains(['?', '#', '@', '\\']) {
        return None;
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    (!host.is_empty()).then(|| (host.to_ascii_lowercase(), path))
}

/// Matches `pattern` (see the catalogue's module docs) against `iss`; `url` is `iss` parsed by
/// [`host_and_path`], once for every pattern. Allocates only for a placeholder's value.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
fn pattern_matches(
    pattern: &'static str,
    iss: Option<&str>,
    url: Option<&(String, &str)>,
) -> Option<Captures> {
    if pattern.is_empty() {
        return Some(Vec::new());
    }
    let iss = iss?;
    let Some(shape) = pattern.strip_prefix("https://") else {
        return (iss == pattern).then(Vec::new);
    };
    let (host, path) = url?;
    let (phost, ppath) = shape.split_once('/').unwrap_or((shape, ""));
    let mut captures = Vec::new();
    // the literal domain after the last placeholder first: one comparison rules most rows out
    let domain = phost.rfind(['}', '*']).map_or(phost, |i| &phost[i + 1..]);
    if !host.ends_with(domain) {
        return None;
    }
    let host_ok = if phost == "*" {
        captures.push(("host", host.to_string()));
        true
    } else {
        parts_match(phost, host, '.', 1, false, &mut captures)
    };
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    (host_ok && parts_match(ppath, path, '/', 0, true, &mut captures)).then_some(captures)
}

/// Whether `got`'s `sep`-separated parts match the pattern's: `**` first stands for
/// `at_least` or more parts there, `**` last (hosts) for one or more; compared from the end, so
/// a host fails on its domain before a placeholder is kept.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
fn parts_match(
    pat: &'static str,
    got: &str,
    sep: char,
    at_least: usize,
    exact: bool,
    captures: &mut Captures,
) -> bool {
    let count = |s: &str| {
        if s.is_empty() {
            0
        } else {
            s.matches(sep).count() + 1
        }
    };
    let gn = count(got);
    if let Some(head) = pat.strip_suffix("**") {
        let head = head.strip_suffix(sep).unwrap_or(head);
        return gn > count(head)
            && head
                .split(sep)
                .zip(got.split(sep))
                .all(|(p, g)| part_matches(p, g, exact, captures));
    }
    let (pat, any) = match pat.strip_prefix("**") {
        Some(rest) => (rest.strip_prefix(sep).unwrap_or(rest), true),
        None => (pat, false),
    };
    let pn = count(pat);
    let fits = if any { gn >= pn + at_least } else { gn == pn };
    fits && (pn == 0
        || pat
            .rsplit(sep)
            .zip(got.rsplit(sep))
            .all(|(p, g)| part_matches(p, g, exact, captures)))
}

/// One label or segment: `{name}` captures a non-empty value, anything else is literal (hosts
/// case-insensitive, paths exact).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
fn part_matches(p: &'static str, got: &str, exact: bool, captures: &mut Captures) -> bool {
    if let Some(name) = p.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
        if got.is_empty() {
            return false;
        }
        captures.push((name, got.to_string()));
        return true;
    }
    if exact {
        p == got
    } else {
        p.eq_ignore_ascii_case(got)
    }
}

/// Whether a condition holds (see the catalogue's module docs).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn holds(cond: &str, header: Option<&Object>, payload: Option<&Object>) -> bool {
    let (negated, cond) = match cond.strip_prefix('!') {
        Some(c) => (true, c),
        None => (false, cond),
    };
    let (object, cond) = match cond.strip_prefix("h.") {
        Some(c) => (header, c),
        None => (payload, cond),
    };
    let Some(object) = object else { return false };
    let at = cond.find(['=', '^']);
    let name = at.map_or(cond, |i| &cond[..i]);
    let Some(value) = object.get(name) else {
        return negated;
    };
    if negated {
        return false;
    }
    let Some(i) = at else { return true };
    let (op, want) = (&cond[i..=i], &cond[i + 1..]);
    let one = |v: &Value| match v {
        Value::String(s) if op == "=" => s == want,
        Value::String(s) => s.starts_with(want),
        Value::Number(n) => op == "=" && n.to_string() == want,
        Value::Bool(b) => op == "=" && b.to_string() == want,
        _ => false,
    };
    match value {
        Value::Array(items) => items.iter().any(one),
        v => one(v),
    }
}

/// Whether every one of the space-separated conditions holds.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
fn all_hold(when: &str, header: Option<&Object>, payload: Option<&Object>) -> bool {
    !any_word(when, &mut |c| !holds(c, header, payload))
}

/// Whether `f` holds for one of the space-separated words of `list` (one copy of the loop, not
/// one per caller: the module is built for size).
#[inline(never)]
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn any_word(list: &str, f: &mut dyn FnMut(&str) -> bool) -> bool {
    list.split(' ').filter(|w| !w.is_empty()).any(f)
}

/// The provider and form of an issuer, with the token's header and payload for the forms
/// told apart by their claims (without them, only forms recognised from `iss` alone).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn recognise(
    iss: Option<&str>,
    header: Option<&Object>,
    payload: Option<&Object>,
) -> Option<Matched> {
    let url = iss.and_then(host_and_path);
    PROVIDERS.iter().find_map(|provider| {
        provider.issuers.each().find_map(|form| {
            let pattern = form.field(0);
            let captures = match pattern {
                // any issuer: the conditions decide
                "" => Vec::new(),
                _ => pattern_matches(pattern, iss, url.as_ref())?,
            };
            let when = form.field(3);
            // an any-issuer form needs conditions, and conditions need the token
            if (pattern.is_empty() && when.is_empty()) || (!when.is_empty() && payload.is_none()) {
                return None;
            }
            all_hold(when, header, payload).then_some(Matched {
                provider,
                form,
                captures,
            })
        })
    })
}

/// The form of `provider` that `iss` has, conditions aside (for an expected issuer, once the
/// token is known to be that provider's).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn form_of(provider: &'static Provider, iss: &str) -> Option<Matched> {
    provider.issuers.each().find_map(|form| {
        let pattern = form.field(0);
        let url = host_and_path(iss);
        let captures =
            pattern_matches(pattern, Some(iss), url.as_ref()).filter(|_| !pattern.is_empty())?;
        Some(Matched {
            provider,
            form,
            captures,
        })
    })
}

/// The kind of a provider's token (`report.token.kind`).
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn kind_of(
    provider: &'static Provider,
    header: Option<&Object>,
    payload: Option<&Object>,
) -> Option<&'static str> {
    payload?;
    provider
        .kinds
        .each()
        .find(|k| all_hold(k.field(1), header, payload))
        .map(|k| k.field(0))
}

/// Whether `text` matches a glob where `*` is any run of characters.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn glob(pattern: &str, text: &str) -> bool {
    let Some((head, tail)) = pattern.split_once('*') else {
        return pattern == text;
    };
    let (middle, last) = tail.rsplit_once('*').unwrap_or(("", tail));
    if text.len() < head.len() + last.len() || !text.starts_with(head) || !text.ends_with(last) {
        return false;
    }
    // the boundaries are those of the prefix and suffix just matched
    let mut rest = &text[head.len()..text.len() - last.len()];
    for m in middle.split('*') {
        match rest.find(m) {
            Some(i) => rest = &rest[i + m.len()..],
            None => return false,
        }
    }
    true
}

/// Fills a template: `{name}` from `lookup` (kept as written when it has no value), `{{` is
/// `{` and `}}` is `}`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
#[inline(never)]
pub fn fill(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i].replace("}}", "}"));
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("{{") {
            out.push('{');
            rest = r;
            continue;
        }
        match rest.find('}') {
            Some(j) => {
                let name = &rest[1..j];
                match lookup(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[..=j]),
                }
                rest = &rest[j + 1..];
            }
            None => break,
        }
    }
    out.push_str(&rest.replace("}}", "}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(iss: &str) -> Option<&'static str> {
        recognise(Some(iss), None, None).map(|m| m.provider.id)
    }

    #[test]
    fn hosts_are_matched_as_parsed_labels_never_as_text() {
        assert_eq!(
            id("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"),
            Some("cognito")
        );
        // an S3 bucket named like Cognito's host, and other look-alikes
        for lookalike in [
            "https://cognito-idp.eu-west-1.amazonaws.com.s3.amazonaws.com/eu-west-1_AbC",
            "https://cognito-idp.eu-west-1.amazonaws.com.s3.eu-west-1.amazonaws.com/p",
            "https://cognito-idp.us-east-1.s3.amazonaws.com/p",
            "https://evil.example/cognito-idp.us-east-1.amazonaws.com/p",
            "https://acme.auth0.com.evil.example/",
            "https://acme.auth0.com@evil.example/",
            "https://acme.okta.com.evil.example/oauth2/default",
            "https://sts.windows.net.evil.example/x/",
            "https://notaccounts.google.com",
        ] {
            assert_eq!(id(lookalike), None, "{lookalike}");
        }
        assert_eq!(id("https://acme.eu.auth0.com/"), Some("auth0"));
        assert_eq!(
            id("https://sso.example.com/auth/realms/shop"),
            Some("keycloak")
        );
        assert_eq!(
            id("https://sso.example.com/id/realms/shop/"),
            Some("keycloak")
        );
        assert_eq!(id("https://sso.example.com/realms/"), None);
    }

    #[test]
    fn globs_and_templates() {
        assert!(glob("repo:*:environment:*", "repo:o/r:environment:prod"));
        assert!(!glob("repo:*:pull_request", "repo:o/r:ref:refs/heads/main"));
        assert!(glob(
            "https://*/userinfo",
            "https://acme.auth0.com/userinfo"
        ));
        assert!(glob("a", "a") && !glob("a", "ab"));
        let t = fill("{{tenantid}} is {tid}, {unknown}", &|n| {
            (n == "tid").then(|| "t1".to_string())
        });
        assert_eq!(t, "{tenantid} is t1, {unknown}");
    }
}
