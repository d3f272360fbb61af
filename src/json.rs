//! JSON decoding of the header and payload with serde_json, plus what serde_json alone does not
//! check: duplicate member names, nesting depth and member count.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};

use crate::findings::{Code, Finding};
use crate::token::Part;

/// Deepest nesting accepted: the top-level object is depth 1.
pub const MAX_DEPTH: usize = 32;
/// Most JSON values (members and array elements, all levels) accepted in one part.
pub const MAX_VALUES: usize = 10_000;
/// Integers beyond ±(2^53 - 1) are read as doubles, as JavaScript's `JSON.parse` reads them:
/// the report crosses into JavaScript, which has no exact form for them (serde-wasm-bindgen
/// refuses them, and `inspect` would throw instead of reporting).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

#[derive(Clone, Debug, PartialEq)]
enum Problem {
    Duplicate(String),
    TooDeep,
    TooMany,
}

struct Ctx {
    problem: Cell<Option<Problem>>,
    values: Cell<usize>,
}

impl Ctx {
    fn fail<E: serde::de::Error>(&self, p: Problem) -> E {
        let msg = match &p {
            Problem::Duplicate(k) => format!("duplicate member {k:?}"),
            Problem::TooDeep => "too deep".to_string(),
            Problem::TooMany => "too many values".to_string(),
        };
        self.problem.set(Some(p));
        E::custom(msg)
    }

    fn count<E: serde::de::Error>(&self) -> Result<(), E> {
        let n = self.values.get() + 1;
        self.values.set(n);
        if n > MAX_VALUES {
            return Err(self.fail(Problem::TooMany));
        }
        Ok(())
    }
}

struct Seed<'c> {
    ctx: &'c Ctx,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        if v.unsigned_abs() > MAX_SAFE_INTEGER {
            return Ok(Value::from(v as f64));
        }
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        if v > MAX_SAFE_INTEGER {
            return Ok(Value::from(v as f64));
        }
        Ok(Value::from(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth + 1 > MAX_DEPTH {
            return Err(self.ctx.fail(Problem::TooDeep));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Seed {
            ctx: self.ctx,
            depth: self.depth + 1,
        })? {
            self.ctx.count()?;
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.depth + 1 > MAX_DEPTH {
            return Err(self.ctx.fail(Problem::TooDeep));
        }
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            // one lookup for the duplicate check and the insertion
            let slot = match out.entry(k) {
                Entry::Occupied(o) => {
                    return Err(self.ctx.fail(Problem::Duplicate(o.key().clone())))
                }
                Entry::Vacant(slot) => slot,
            };
            self.ctx.count()?;
            let v = map.next_value_seed(Seed {
                ctx: self.ctx,
                depth: self.depth + 1,
            })?;
            slot.insert(v);
        }
        Ok(Value::Object(out))
    }
}

/// The members of a header or payload in document order. Tokens carry a handful of members, so
/// a lookup scans them: cheaper than hashing every name into a map, which the verify path
/// would build only to read five of them. Nested objects stay `serde_json` maps. Serialises
/// as the JSON object it was read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object(Vec<(String, Value)>);

impl serde::Serialize for Object {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Object {
    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether the object has a member `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The members as a `serde_json` map, in document order.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.into_iter().collect()
    }
}

/// Past this many members, duplicates are found with a hash set instead of a scan.
const SCAN_MEMBERS: usize = 16;

/// The top level of a part, which must be an object: read into an [`Object`].
struct Top<'c> {
    ctx: &'c Ctx,
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::with_capacity(8);
        let mut seen: Option<std::collections::HashSet<String>> = None;
        while let Some(k) = map.next_key::<String>()? {
            let duplicate = match &mut seen {
                Some(set) => !set.insert(k.clone()),
                None => members.iter().any(|(m, _)| *m == k),
            };
            if duplicate {
                return Err(self.ctx.fail(Problem::Duplicate(k)));
            }
            self.ctx.count()?;
            let v = map.next_value_seed(Seed {
                ctx: self.ctx,
                depth: 1,
            })?;
            members.push((k, v));
            if seen.is_none() && members.len() == SCAN_MEMBERS {
                seen = Some(members.iter().map(|(m, _)| m.clone()).collect());
            }
        }
        Ok(Object(members))
    }
}

/// Byte offset of a serde_json error position (1-based line, 1-based column) in `text`.
fn byte_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|b| *b == b'\n') {
            Some(p) => start += p + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

/// Parses one decoded part as a JSON object.
///
/// # Errors
/// `invalid_json`, `duplicate_member`, `json_too_deep` or `payload_not_object`, each with
/// `detail.part` and `detail.offset` (a byte offset in the decoded JSON).
pub fn parse_object(bytes: &[u8], part: Part) -> Result<Object, Finding> {
    let ctx = Ctx {
        problem: Cell::new(None),
        values: Cell::new(0),
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let object = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        == Some(&b'{');
    let parsed = if object {
        de.deserialize_map(Top { ctx: &ctx }).map(Ok)
    } else {
        // anything else is an error; read it whole to say what it is
        Seed {
            ctx: &ctx,
            depth: 0,
        }
        .deserialize(&mut de)
        .map(Err)
    }
    .and_then(|v| de.end().map(|()| v));
    let name = part.as_str();
    match parsed {
        Ok(Ok(object)) => Ok(object),
        Ok(Err(other)) => Err(Finding::new(
            Code::PayloadNotObject,
            format!(
                "the {name} is JSON {} but must be a JSON object",
                kind(&other)
            ),
        )
        .with("part", name)
        .with("offset", 0)
        .with("type", kind(&other))),
        Err(e) => {
            let offset = byte_offset(bytes, e.line(), e.column());
            let f = match ctx.problem.take() {
                Some(Problem::Duplicate(member)) => Finding::new(
                    Code::DuplicateMember,
                    format!("the {name} has the member {member:?} twice (second at byte {offset})"),
                )
                .with("member", member),
                Some(Problem::TooDeep) => Finding::new(
                    Code::JsonTooDeep,
                    format!("the {name} JSON is nested deeper than {MAX_DEPTH} levels"),
                )
                .with("limit", MAX_DEPTH),
                Some(Problem::TooMany) => Finding::new(
                    Code::JsonTooDeep,
                    format!("the {name} JSON has more than {MAX_VALUES} values"),
                )
                .with("limit", MAX_VALUES)
                .with("reason", "too_many_values"),
                None if std::str::from_utf8(bytes).is_err() => Finding::new(
                    Code::InvalidJson,
                    format!("the {name} is not UTF-8 text, so not JSON"),
                ),
                None => Finding::new(
                    Code::InvalidJson,
                    format!("the {name} is not valid JSON: {e}"),
                ),
            };
            Err(f.with("part", name).with("offset", offset))
        }
    }
}

/// The JSON type of a value, in words.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_parse() {
        let m = parse_object(br#" {"a":1,"b":{"c":[1,2]}}"#, Part::Payload).expect("ok");
        assert_eq!(m.get("b").expect("b")["c"][1], 2);
        assert_eq!(m.get("a"), Some(&Value::from(1)));
        assert!(!m.contains_key("c"));
    }

    #[test]
    fn duplicate_member_has_offset() {
        let f = parse_object(br#"{"alg":"HS256","alg":"none"}"#, Part::Header).expect_err("dup");
        assert_eq!(f.code, Code::DuplicateMember);
        assert_eq!(f.detail["member"], "alg");
        assert_eq!(f.detail["part"], "header");
        let off = f.detail["offset"].as_u64().expect("offset");
        assert!((15..=22).contains(&off), "{off}");
        // nested duplicates too
        let f = parse_object(br#"{"a":{"x":1,"x":2}}"#, Part::Payload).expect_err("dup");
        assert_eq!(f.code, Code::DuplicateMember);
    }

    #[test]
    fn duplicates_are_found_in_large_objects_too() {
        // past SCAN_MEMBERS the check switches from a scan to a hash set
        for (first, second) in [(3, 40), (20, 40), (16, 17), (0, 15)] {
            let members: Vec<String> = (0..50)
                .map(|i| {
                    let name = if i == second { first } else { i };
                    format!("\"m{name}\":{i}")
                })
                .collect();
            let text = format!("{{{}}}", members.join(","));
            let f = parse_object(text.as_bytes(), Part::Payload).expect_err("dup");
            assert_eq!(f.code, Code::DuplicateMember, "{first} {second}");
            assert_eq!(f.detail["member"], format!("m{first}"));
        }
        let members: Vec<String> = (0..50).map(|i| format!("\"m{i}\":{i}")).collect();
        let m = parse_object(
            format!("{{{}}}", members.join(",")).as_bytes(),
            Part::Payload,
        )
        .expect("distinct");
        assert_eq!(m.get("m49"), Some(&Value::from(49)));
        let names: Vec<String> = m.into_map().keys().cloned().collect();
        assert_eq!(names[..3], ["m0", "m1", "m2"], "document order");
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "{\"a\":".repeat(31) + "{", "}".repeat(32));
        assert!(parse_object(ok.as_bytes(), Part::Payload).is_ok());
        let deep = format!("{}{}", "{\"a\":".repeat(32) + "{", "}".repeat(33));
        let f = parse_object(deep.as_bytes(), Part::Payload).expect_err("deep");
        assert_eq!(f.code, Code::JsonTooDeep);
        let arrays = format!("{{\"a\":{}{}}}", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            parse_object(arrays.as_bytes(), Part::Payload)
                .expect_err("deep")
                .code,
            Code::JsonTooDeep
        );
    }

    #[test]
    fn integers_beyond_2_pow_53_are_doubles_as_in_javascript() {
        // found by the fuzz/property tests: such a claim made the wasm `inspect` throw
        let m = parse_object(
            br#"{"a":9007199254740993,"b":-9007199254740992,"c":9007199254740991,"d":18446744073709551615}"#,
            Part::Payload,
        )
        .expect("ok");
        let m = m.into_map();
        assert!(m["a"].is_f64() && m["b"].is_f64() && m["d"].is_f64());
        assert_eq!(m["a"].as_f64(), Some(9_007_199_254_740_992.0));
        assert_eq!(m["c"].as_u64(), Some(9_007_199_254_740_991));
    }

    #[test]
    fn not_objects_and_garbage() {
        assert_eq!(
            parse_object(b"[1]", Part::Payload).expect_err("array").code,
            Code::PayloadNotObject
        );
        assert_eq!(
            parse_object(b"\"x\"", Part::Payload)
                .expect_err("string")
                .code,
            Code::PayloadNotObject
        );
        let f = parse_object(b"{\"a\":1,}", Part::Payload).expect_err("bad");
        assert_eq!(f.code, Code::InvalidJson);
        assert_eq!(f.detail["offset"], 7);
        assert_eq!(
            parse_object(b"{} x", Part::Payload)
                .expect_err("trailing")
                .code,
            Code::InvalidJson
        );
        assert_eq!(
            parse_object(&[0xff, 0xfe], Part::Payload)
                .expect_err("binary")
                .code,
            Code::InvalidJson
        );
    }
}
