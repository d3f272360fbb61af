//! A small per-thread cache of key imports, so a JWKS or PEM given with every call is parsed
//! once. WebAssembly is single-threaded; natively each thread has its own cache.

use std::cell::RefCell;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::{import, import_jwks, limits, Imported, KeyError, KeyInput, KeySet, SecretEncoding};

/// Entries kept per cache; the least recently used is dropped first.
const CAPACITY: usize = 32;

type Slot<T> = ([u8; 32], Rc<Result<T, KeyError>>);

thread_local! {
    static KEYS: RefCell<Vec<Slot<Imported>>> = const { RefCell::new(Vec::new()) };
    static SETS: RefCell<Vec<Slot<KeySet>>> = const { RefCell::new(Vec::new()) };
}

fn digest(kind: u8, bytes: &[u8], enc: u8) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([kind, enc]);
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
    h.finalize().into()
}

fn lookup<T>(
    cache: &'static std::thread::LocalKey<RefCell<Vec<Slot<T>>>>,
    id: [u8; 32],
    make: impl FnOnce() -> Result<T, KeyError>,
) -> Rc<Result<T, KeyError>> {
    let hit = cache.with(|c| {
        let mut c = c.borrow_mut();
        let pos = c.iter().position(|(k, _)| *k == id)?;
        let slot = c.remove(pos);
        let value = Rc::clone(&slot.1);
        c.push(slot);
        Some(value)
    });
    if let Some(v) = hit {
        return v;
    }
    // Built outside the borrow, so a re-entrant import can never hit a borrowed RefCell.
    let value = Rc::new(make());
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CAPACITY {
            c.remove(0);
        }
        c.push((id, Rc::clone(&value)));
    });
    value
}

fn encoding_tag(enc: SecretEncoding) -> u8 {
    match enc {
        SecretEncoding::Utf8 => 0,
        SecretEncoding::Base64 => 1,
        SecretEncoding::Base64url => 2,
        SecretEncoding::Hex => 3,
    }
}

/// [`import`] through the cache, keyed by SHA-256 of (input kind, bytes, encoding).
/// Inputs over [`limits::MAX_KEY_BYTES`] are refused without being hashed or cached.
pub fn import_cached(input: &KeyInput, enc: SecretEncoding) -> Rc<Result<Imported, KeyError>> {
    let (kind, bytes): (u8, std::borrow::Cow<'_, [u8]>) = match input {
        KeyInput::Text(t) => (0, t.as_bytes().into()),
        KeyInput::Bytes(b) => (1, b.as_slice().into()),
        KeyInput::Json(v) => (2, serde_json::to_vec(v).unwrap_or_default().into()),
    };
    if bytes.len() > limits::MAX_KEY_BYTES {
        return Rc::new(import(input, enc));
    }
    lookup(&KEYS, digest(kind, &bytes, encoding_tag(enc)), || {
        import(input, enc)
    })
}

/// [`import_jwks`] through the cache, keyed by SHA-256 of the value's JSON serialisation.
pub fn import_jwks_cached(value: &serde_json::Value) -> Rc<Result<KeySet, KeyError>> {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    if bytes.len() > limits::MAX_KEY_BYTES {
        return Rc::new(import_jwks(value));
    }
    lookup(&SETS, digest(3, &bytes, 0), || import_jwks(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_and_bounds() {
        let a = import_cached(&KeyInput::Text("secret".into()), SecretEncoding::Utf8);
        let b = import_cached(&KeyInput::Text("secret".into()), SecretEncoding::Utf8);
        assert!(Rc::ptr_eq(&a, &b));
        let c = import_cached(&KeyInput::Text("secret".into()), SecretEncoding::Hex);
        assert!(!Rc::ptr_eq(&a, &c));
        for i in 0..100 {
            let _ = import_cached(&KeyInput::Text(format!("s{i}")), SecretEncoding::Utf8);
        }
        KEYS.with(|c| assert!(c.borrow().len() <= CAPACITY));
    }
}
