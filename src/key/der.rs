//! A small, strict DER reader: one tag-length-value at a time over a borrowed byte slice.
//!
//! It replaces the generic `der`/`spki`/`pkcs1`/`pkcs8`/`sec1` decoders (monomorphised
//! per structure: the switch took 40 KB, 14 KB gzip, off the wasm module) for the handful of
//! structures key import reads; those crates stay as the reference in the differential tests
//! (`tests/der_reader.rs`), and this reader accepts and rejects what they do:
//!
//! - a tag is one of the universal tags `der` knows (primitive, or constructed `SEQUENCE` and
//!   `SET`), or an application, context-specific or private tag (long tag numbers in minimal
//!   form, at most 6 bytes in all);
//! - a length is definite, in the fewest octets (at most 4 after the first), and within the
//!   enclosing structure; indefinite lengths (BER) are refused;
//! - an `INTEGER` is minimally encoded; the unsigned readers refuse negative values;
//! - an `OBJECT IDENTIFIER` is at most 39 bytes, with a first byte below 120 and every arc
//!   terminated and below 2³²; it is kept as its bytes and compared with constants written as
//!   DER ([`Oid::dotted`] renders it for messages);
//! - a `BIT STRING` has at most 7 unused bits, and none when it is empty.
//!
//! Every read is bounds-checked and returns an [`Error`] that says what is wrong and at which
//! byte of the whole input. Nothing recurses: the structures bound the nesting.

use std::fmt;

/// What went wrong, and at which byte of the input (counted from the start of the outermost
/// structure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the input where the problem is.
    pub at: usize,
    /// The problem.
    pub kind: ErrorKind,
}

/// The kinds of DER errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input ends inside a tag or a length (the part named).
    Truncated(&'static str),
    /// An element's length says more content bytes than follow it in the enclosing structure
    /// (or the input).
    PastTheEnd {
        /// The content length the element declares.
        declared: usize,
        /// The bytes that follow its header.
        remaining: usize,
    },
    /// A tag byte that DER (as read here) does not allow.
    BadTag(u8),
    /// An indefinite length (`0x80`): BER, not DER.
    IndefiniteLength,
    /// A length in more octets than needed, or in more than 4.
    LongLength,
    /// Another element than the one expected (its name) was found (its tag byte).
    Unexpected(&'static str, u8),
    /// The structure (named) ends where an element (named) is expected.
    Missing(&'static str, &'static str),
    /// Bytes (how many) follow the end of the structure (named).
    Trailing(usize, &'static str),
    /// An `INTEGER` that is empty or not minimally encoded.
    NonMinimalInteger,
    /// A negative `INTEGER` where only non-negative values are allowed.
    NegativeInteger,
    /// A malformed `OBJECT IDENTIFIER`.
    BadOid,
    /// A `BIT STRING` with no unused-bits octet, more than 7 unused bits, or unused bits but no
    /// content.
    BadBitString,
    /// A `NULL` with content.
    BadNull,
    /// A tagged field with the constructed bit wrong for its type.
    BadConstructedBit,
    /// A value that is well-formed but not allowed (a description).
    Value(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        match &self.kind {
            ErrorKind::Truncated(part) => write!(f, "input ends inside the {part} at byte {at}"),
            ErrorKind::PastTheEnd {
                declared,
                remaining,
            } => write!(
                f,
                "the element at byte {at} declares {declared} content bytes but only {remaining} follow{}",
                if *remaining == 1 { "s" } else { "" }
            ),
            ErrorKind::BadTag(b) => write!(f, "byte {at} (0x{b:02x}) is not a DER tag"),
            ErrorKind::IndefiniteLength => {
                write!(f, "the length at byte {at} is indefinite (BER, not DER)")
            }
            ErrorKind::LongLength => {
                write!(f, "the length at byte {at} is not in the fewest octets")
            }
            ErrorKind::Unexpected(what, tag) => {
                write!(f, "expected {what} at byte {at}, found tag 0x{tag:02x}")
            }
            ErrorKind::Missing(inside, what) => {
                write!(f, "the {inside} ends at byte {at} where {what} is expected")
            }
            ErrorKind::Trailing(n, what) => write!(
                f,
                "{n} byte{} follow the end of the {what} at byte {at}",
                if *n == 1 { "" } else { "s" }
            ),
            ErrorKind::NonMinimalInteger => {
                write!(f, "the INTEGER at byte {at} is not minimally encoded")
            }
            ErrorKind::NegativeInteger => write!(f, "the INTEGER at byte {at} is negative"),
            ErrorKind::BadOid => write!(f, "the OBJECT IDENTIFIER at byte {at} is malformed"),
            ErrorKind::BadBitString => write!(
                f,
                "the BIT STRING at byte {at} has an invalid unused-bits octet"
            ),
            ErrorKind::BadNull => write!(f, "the NULL at byte {at} has content"),
            ErrorKind::BadConstructedBit => write!(
                f,
                "the tagged field at byte {at} has the wrong constructed bit for its type"
            ),
            ErrorKind::Value(what) => write!(f, "{what} (byte {at})"),
        }
    }
}

impl std::error::Error for Error {}

/// Tag bytes.
pub mod tag {
    /// `INTEGER`.
    pub const INTEGER: u8 = 0x02;
    /// `BIT STRING` (primitive).
    pub const BIT_STRING: u8 = 0x03;
    /// `OCTET STRING` (primitive).
    pub const OCTET_STRING: u8 = 0x04;
    /// `NULL`.
    pub const NULL: u8 = 0x05;
    /// `OBJECT IDENTIFIER`.
    pub const OID: u8 = 0x06;
    /// `SEQUENCE` (constructed).
    pub const SEQUENCE: u8 = 0x30;
    /// The constructed bit of a tag's first byte.
    pub const CONSTRUCTED: u8 = 0x20;
    /// Class bits of the context-specific class.
    pub const CONTEXT: u8 = 0x80;
}

/// The universal tag bytes `der` 0.8 decodes in DER (`Tag::decode`): its primitive types plus
/// constructed `SEQUENCE` and `SET`.
fn known_universal(b: u8) -> bool {
    matches!(
        b,
        0x01..=0x06
            | 0x09
            | 0x0A
            | 0x0C
            | 0x0D
            | 0x12..=0x18
            | 0x1A
            | 0x1B
            | 0x1E
            | 0x30
            | 0x31
    )
}

/// A decoded tag: its first byte (class and constructed bit) and its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The first tag byte.
    pub first: u8,
    /// The tag number (the low 5 bits of `first`, or the long form's value).
    pub number: u32,
}

impl Tag {
    /// Whether the constructed bit is set.
    pub fn constructed(self) -> bool {
        self.first & tag::CONSTRUCTED != 0
    }
    /// Whether this is the context-specific tag `[number]` (either constructed bit).
    pub fn is_context(self, number: u32) -> bool {
        self.first & 0xC0 == tag::CONTEXT && self.number == number
    }
}

/// One element: its tag, its value bytes and where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag.
    pub tag: Tag,
    /// The value (content) bytes.
    pub value: &'a [u8],
    /// Offset of the tag's first byte in the whole input.
    pub at: usize,
    /// Offset of the first value byte in the whole input.
    pub value_at: usize,
}

/// A `BIT STRING`'s content: the unused-bits count and the bytes after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitString<'a> {
    /// Unused bits in the last byte (0 to 7; 0 when `bytes` is empty).
    pub unused_bits: u8,
    /// The bytes after the unused-bits octet.
    pub bytes: &'a [u8],
}

impl<'a> BitString<'a> {
    /// Reads a `BIT STRING` value (the content after tag and length) that starts at `at`.
    ///
    /// # Errors
    /// [`ErrorKind::BadBitString`] when the content is empty, says more than 7 unused bits, or
    /// unused bits with no byte to hold them.
    pub fn from_value(value: &'a [u8], at: usize) -> Result<Self, Error> {
        let bad = Error {
            at,
            kind: ErrorKind::BadBitString,
        };
        let (&unused_bits, bytes) = value.split_first().ok_or_else(|| bad.clone())?;
        if unused_bits > 7 || (unused_bits != 0 && bytes.is_empty()) {
            return Err(bad);
        }
        Ok(BitString { unused_bits, bytes })
    }

    /// The bytes when no bits are unused (a key's bit string), else `None`.
    pub fn whole_bytes(&self) -> Option<&'a [u8]> {
        (self.unused_bits == 0).then_some(self.bytes)
    }
}

/// The longest `OBJECT IDENTIFIER` accepted, in bytes (as `const-oid`).
pub const MAX_OID_LEN: usize = 39;

/// An `OBJECT IDENTIFIER`, kept as its DER value bytes (validated when read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Oid<'a>(&'a [u8]);

impl<'a> Oid<'a> {
    /// An OID constant from its DER value bytes (written by hand; checked by the unit tests).
    pub const fn from_der_unchecked(bytes: &'a [u8]) -> Self {
        Oid(bytes)
    }

    /// Validates DER value bytes as an OID (the rules `const-oid` applies).
    ///
    /// # Errors
    /// [`ErrorKind::BadOid`] (at `at`) when empty, longer than [`MAX_OID_LEN`], with a first
    /// byte of 120 or more, an arc over 32 bits or an unterminated last arc.
    pub fn from_value(bytes: &'a [u8], at: usize) -> Result<Self, Error> {
        let oid = Oid(bytes);
        let ok = !bytes.is_empty()
            && bytes.len() <= MAX_OID_LEN
            && bytes.first().is_some_and(|b| *b < 120)
            && oid.subsequent_arcs().all(|arc| arc.is_some());
        if ok {
            Ok(oid)
        } else {
            Err(Error {
                at,
                kind: ErrorKind::BadOid,
            })
        }
    }

    /// The DER value bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The arcs after the first byte; `None` for an arc that overflows 32 bits or is not
    /// terminated (then iteration stops).
    fn subsequent_arcs(&self) -> impl Iterator<Item = Option<u32>> + 'a {
        let mut rest = self.0.get(1..).unwrap_or(&[]);
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let mut value: u32 = 0;
            for (i, &b) in rest.iter().enumerate() {
                let Some(v) = value
                    .checked_mul(0x80)
                    .and_then(|v| v.checked_add(u32::from(b & 0x7F)))
                else {
                    rest = &[];
                    return Some(None);
                };
                value = v;
                if b & 0x80 == 0 {
                    rest = rest.get(i + 1..).unwrap_or(&[]);
                    return Some(Some(value));
                }
            }
            rest = &[];
            Some(None)
        })
    }

    /// Every arc (the first byte gives two), `None` if malformed.
    pub fn arcs(&self) -> Option<Vec<u32>> {
        let first = u32::from(*self.0.first()?);
        let mut out = vec![first / 40, first % 40];
        for arc in self.subsequent_arcs() {
            out.push(arc?);
        }
        Some(out)
    }

    /// The dotted form, e.g. `1.2.840.10045.2.1` (for messages).
    pub fn dotted(&self) -> String {
        match self.arcs() {
            Some(arcs) => arcs
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join("."),
            None => "(malformed)".to_string(),
        }
    }
}

impl fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dotted())
    }
}

/// A cursor over the elements of one structure's content (or of the whole input).
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Offset of `data[0]` in the whole input.
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader over the whole input.
    pub fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            base: 0,
        }
    }

    /// A reader over an element's value (offsets stay those of the whole input).
    pub fn nested(tlv: &Tlv<'a>) -> Self {
        Reader {
            data: tlv.value,
            pos: 0,
            base: tlv.value_at,
        }
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Offset of the next byte in the whole input.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    fn err(&self, at_pos: usize, kind: ErrorKind) -> Error {
        Error {
            at: self.base + at_pos,
            kind,
        }
    }

    fn byte(&self, pos: usize, part: &'static str) -> Result<u8, Error> {
        self.data
            .get(pos)
            .copied()
            .ok_or_else(|| self.err(pos, ErrorKind::Truncated(part)))
    }

    /// Reads a tag at `pos`; returns it and the position after it.
    fn tag_at(&self, pos: usize) -> Result<(Tag, usize), Error> {
        let first = self.byte(pos, "tag")?;
        if first & 0xC0 == 0 {
            if first == 0x1F || !known_universal(first) {
                return Err(self.err(pos, ErrorKind::BadTag(first)));
            }
            return Ok((
                Tag {
                    first,
                    number: u32::from(first & 0x1F),
                },
                pos + 1,
            ));
        }
        if first & 0x1F != 0x1F {
            return Ok((
                Tag {
                    first,
                    number: u32::from(first & 0x1F),
                },
                pos + 1,
            ));
        }
        // Long form: base-128, minimal (no leading 0x80), ≥ 31, at most 5 more bytes.
        let mut number: u32 = 0;
        for i in 0..5 {
            let p = pos + 1 + i;
            let b = self.byte(p, "tag")?;
            number |= u32::from(b & 0x7F);
            if b & 0x80 == 0 {
                if number < 0x1F {
                    return Err(self.err(pos, ErrorKind::BadTag(first)));
                }
                return Ok((Tag { first, number }, p + 1));
            }
            if (i == 0 && number == 0) || number.leading_zeros() < 7 {
                return Err(self.err(pos, ErrorKind::BadTag(first)));
            }
            number <<= 7;
        }
        Err(self.err(pos, ErrorKind::BadTag(first)))
    }

    /// The next element's tag without consuming it; `None` at the end.
    ///
    /// # Errors
    /// A malformed tag.
    pub fn peek_tag(&self) -> Result<Option<Tag>, Error> {
        if self.is_empty() {
            return Ok(None);
        }
        self.tag_at(self.pos).map(|(t, _)| Some(t))
    }

    /// Reads the next element (any tag).
    ///
    /// # Errors
    /// A malformed tag or length, or a value that runs past the input.
    pub fn read_tlv(&mut self) -> Result<Tlv<'a>, Error> {
        let start = self.pos;
        let (tag, mut pos) = self.tag_at(start)?;
        let len_at = pos;
        let first = self.byte(pos, "length")?;
        pos += 1;
        let len = match first {
            0..=0x7F => usize::from(first),
            0x80 => return Err(self.err(len_at, ErrorKind::IndefiniteLength)),
            0x81..=0x84 => {
                let n = usize::from(first - 0x80);
                let mut len: usize = 0;
                for _ in 0..n {
                    len = (len << 8) | usize::from(self.byte(pos, "length")?);
                    pos += 1;
                }
                let fewest = match len {
                    0..=0x7F => 0,
                    0x80..=0xFF => 1,
                    0x100..=0xFFFF => 2,
                    0x1_0000..=0xFF_FFFF => 3,
                    _ => 4,
                };
                if n != fewest {
                    return Err(self.err(len_at, ErrorKind::LongLength));
                }
                len
            }
            _ => return Err(self.err(len_at, ErrorKind::LongLength)),
        };
        let value = pos
            .checked_add(len)
            .and_then(|end| self.data.get(pos..end))
            .ok_or_else(|| {
                self.err(
                    start,
                    ErrorKind::PastTheEnd {
                        declared: len,
                        remaining: self.data.len().saturating_sub(pos),
                    },
                )
            })?;
        self.pos = pos + len;
        Ok(Tlv {
            tag,
            value,
            at: self.base + start,
            value_at: self.base + pos,
        })
    }

    /// Reads the next element, which must have the tag byte `tag` (`what` names it for errors).
    ///
    /// # Errors
    /// See [`Reader::read_tlv`]; [`ErrorKind::Missing`] at the end, [`ErrorKind::Unexpected`]
    /// for another tag.
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, Error> {
        if self.is_empty() {
            return Err(self.err(self.pos, ErrorKind::Missing("structure", what)));
        }
        let tlv = self.read_tlv()?;
        if tlv.tag.first != tag {
            return Err(Error {
                at: tlv.at,
                kind: ErrorKind::Unexpected(what, tlv.tag.first),
            });
        }
        Ok(tlv)
    }

    /// Reads a `SEQUENCE` and returns a reader over its content.
    ///
    /// # Errors
    /// See [`Reader::expect`].
    pub fn sequence(&mut self) -> Result<Reader<'a>, Error> {
        self.expect(tag::SEQUENCE, "a SEQUENCE")
            .map(|t| Reader::nested(&t))
    }

    /// Reads a signed `INTEGER` and returns its minimal two's-complement bytes.
    ///
    /// # Errors
    /// See [`Reader::expect`]; [`ErrorKind::NonMinimalInteger`] for an empty or padded one.
    pub fn integer(&mut self) -> Result<&'a [u8], Error> {
        let t = self.expect(tag::INTEGER, "an INTEGER")?;
        match t.value {
            [] | [0x00, 0x00..=0x7F, ..] | [0xFF, 0x80..=0xFF, ..] => Err(Error {
                at: t.at,
                kind: ErrorKind::NonMinimalInteger,
            }),
            v => Ok(v),
        }
    }

    /// Reads a non-negative `INTEGER` and returns its big-endian magnitude without the sign
    /// octet (`[0]` for zero).
    ///
    /// # Errors
    /// See [`Reader::integer`]; [`ErrorKind::NegativeInteger`] for a negative value.
    pub fn unsigned(&mut self) -> Result<&'a [u8], Error> {
        let at = self.offset();
        match self.integer()? {
            [b, ..] if *b >= 0x80 => Err(Error {
                at,
                kind: ErrorKind::NegativeInteger,
            }),
            [0, rest @ ..] if !rest.is_empty() => Ok(rest),
            v => Ok(v),
        }
    }

    /// Reads a non-negative `INTEGER` below 256 (a version).
    ///
    /// # Errors
    /// See [`Reader::unsigned`]; [`ErrorKind::Value`] for 256 or more.
    pub fn small_unsigned(&mut self) -> Result<u8, Error> {
        let at = self.offset();
        match self.unsigned()? {
            [v] => Ok(*v),
            _ => Err(Error {
                at,
                kind: ErrorKind::Value("the version number is too large"),
            }),
        }
    }

    /// Reads an `OBJECT IDENTIFIER`.
    ///
    /// # Errors
    /// See [`Reader::expect`] and [`Oid::from_value`].
    pub fn oid(&mut self) -> Result<Oid<'a>, Error> {
        let t = self.expect(tag::OID, "an OBJECT IDENTIFIER")?;
        Oid::from_value(t.value, t.at)
    }

    /// Reads a `BIT STRING`.
    ///
    /// # Errors
    /// See [`Reader::expect`] and [`BitString::from_value`].
    pub fn bit_string(&mut self) -> Result<BitString<'a>, Error> {
        let t = self.expect(tag::BIT_STRING, "a BIT STRING")?;
        BitString::from_value(t.value, t.at)
    }

    /// Reads an `OCTET STRING` and returns its content.
    ///
    /// # Errors
    /// See [`Reader::expect`].
    pub fn octet_string(&mut self) -> Result<&'a [u8], Error> {
        self.expect(tag::OCTET_STRING, "an OCTET STRING")
            .map(|t| t.value)
    }

    /// Reads a `NULL`.
    ///
    /// # Errors
    /// See [`Reader::expect`]; [`ErrorKind::BadNull`] when it has content.
    pub fn null(&mut self) -> Result<(), Error> {
        let t = self.expect(tag::NULL, "NULL")?;
        if t.value.is_empty() {
            Ok(())
        } else {
            Err(Error {
                at: t.at,
                kind: ErrorKind::BadNull,
            })
        }
    }

    /// Reads an optional `[number] EXPLICIT` field: `None` when the next element is not
    /// context-specific `[number]`, else a reader over its content (which must be constructed;
    /// the caller reads the one inner element and calls [`Reader::finish`]).
    ///
    /// # Errors
    /// A malformed next element; [`ErrorKind::BadConstructedBit`] for a primitive `[number]`.
    pub fn explicit(&mut self, number: u32) -> Result<Option<Reader<'a>>, Error> {
        self.implicit(number, true)
            .map(|t| t.map(|t| Reader::nested(&t)))
    }

    /// Reads an optional `[number] IMPLICIT` field whose base type is `constructed` or not:
    /// `None` when the next element is not context-specific `[number]`.
    ///
    /// # Errors
    /// A malformed next element; [`ErrorKind::BadConstructedBit`] when the constructed bit is not
    /// the base type's.
    pub fn implicit(&mut self, number: u32, constructed: bool) -> Result<Option<Tlv<'a>>, Error> {
        match self.peek_tag()? {
            Some(t) if t.is_context(number) => {
                let tlv = self.read_tlv()?;
                if tlv.tag.constructed() != constructed {
                    return Err(Error {
                        at: tlv.at,
                        kind: ErrorKind::BadConstructedBit,
                    });
                }
                Ok(Some(tlv))
            }
            _ => Ok(None),
        }
    }

    /// Checks that nothing follows (`what` names the structure for the error).
    ///
    /// # Errors
    /// [`ErrorKind::Trailing`] with the count of bytes left.
    pub fn finish(&self, what: &'static str) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.err(
                self.pos,
                ErrorKind::Trailing(self.data.len() - self.pos, what),
            ))
        }
    }
}

/// Reads a whole input that must be exactly one `SEQUENCE` (`what` names it for errors), and
/// returns a reader over its content.
///
/// # Errors
/// See [`Reader::sequence`]; [`ErrorKind::Trailing`] when bytes follow it.
pub fn outer_sequence<'a>(input: &'a [u8], what: &'static str) -> Result<Reader<'a>, Error> {
    let mut r = Reader::new(input);
    let seq = r.sequence()?;
    r.finish(what)?;
    Ok(seq)
}

/// DER writing for the few structures jwt-doctor emits (the SPKI and PKCS#1 forms of a key).
pub mod write {
    /// Appends a tag-length-value with the length in the fewest octets.
    pub fn tlv(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
        out.push(tag);
        let len = value.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let be = (len as u64).to_be_bytes();
            let skip = be.iter().take_while(|b| **b == 0).count();
            let digits = be.get(skip..).unwrap_or(&[]);
            out.push(0x80 | digits.len() as u8);
            out.extend_from_slice(digits);
        }
        out.extend_from_slice(value);
    }

    /// Appends a non-negative `INTEGER` from big-endian magnitude bytes (leading zeros
    /// dropped, a sign octet added when the top bit is set).
    pub fn unsigned(out: &mut Vec<u8>, magnitude: &[u8]) {
        let skip = magnitude
            .iter()
            .take_while(|b| **b == 0)
            .count()
            .min(magnitude.len().saturating_sub(1));
        let m = magnitude.get(skip..).unwrap_or(&[]);
        let mut v = Vec::with_capacity(m.len() + 1);
        if m.first().is_some_and(|b| *b >= 0x80) {
            v.push(0);
        }
        v.extend_from_slice(m);
        tlv(out, super::tag::INTEGER, &v);
    }

    /// Appends a `BIT STRING` with no unused bits.
    pub fn bit_string(out: &mut Vec<u8>, bytes: &[u8]) {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.push(0);
        v.extend_from_slice(bytes);
        tlv(out, super::tag::BIT_STRING, &v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(r: Result<impl fmt::Debug, Error>) -> ErrorKind {
        r.expect_err("should fail").kind
    }

    #[test]
    fn short_and_long_lengths() {
        let mut r = Reader::new(&[0x04, 0x02, 0xAA, 0xBB]);
        assert_eq!(r.octet_string(), Ok(&[0xAA, 0xBB][..]));
        assert!(r.is_empty());
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([7u8; 0x80]);
        assert_eq!(Reader::new(&long).octet_string().map(<[u8]>::len), Ok(0x80));
        let mut two = vec![0x04, 0x82, 0x01, 0x00];
        two.extend([7u8; 0x100]);
        assert_eq!(Reader::new(&two).octet_string().map(<[u8]>::len), Ok(0x100));
    }

    #[test]
    fn indefinite_length_is_refused() {
        let e = Reader::new(&[0x30, 0x80, 0x00, 0x00]).read_tlv();
        assert_eq!(e.clone().map_err(|e| e.at), Err(1));
        assert_eq!(kind(e), ErrorKind::IndefiniteLength);
    }

    #[test]
    fn non_minimal_lengths_are_refused() {
        // 5 in long form; 0x80 in two octets; a five-octet length; 0xFF.
        for bytes in [
            &[0x04, 0x81, 0x05, 1, 2, 3, 4, 5][..],
            &[0x04, 0x82, 0x00, 0x80],
            &[0x04, 0x85, 0, 0, 0, 0, 1, 0],
            &[0x04, 0xFF],
        ] {
            assert_eq!(kind(Reader::new(bytes).read_tlv()), ErrorKind::LongLength);
        }
    }

    #[test]
    fn lengths_past_the_input_are_refused() {
        let e = Reader::new(&[0x04, 0x03, 1, 2])
            .read_tlv()
            .expect_err("short");
        assert_eq!(
            e.to_string(),
            "the element at byte 0 declares 3 content bytes but only 2 follow"
        );
        assert_eq!(
            kind(Reader::new(&[0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0]).read_tlv()),
            ErrorKind::PastTheEnd {
                declared: 0xFFFF_FFFF,
                remaining: 1
            }
        );
        // Inside a SEQUENCE, the SEQUENCE's end is the limit (offsets stay absolute).
        let mut s = outer_sequence(&[0x30, 0x03, 0x04, 0x02, 1], "SEQUENCE").expect("seq");
        assert_eq!(
            s.octet_string().map_err(|e| e.to_string()),
            Err("the element at byte 2 declares 2 content bytes but only 1 follows".into())
        );
        let e = Reader::new(&[0x04, 0x82, 0x01])
            .read_tlv()
            .expect_err("cut");
        assert_eq!(e.to_string(), "input ends inside the length at byte 3");
    }

    #[test]
    fn integers_must_be_minimal() {
        for bytes in [
            &[0x02, 0x00][..],
            &[0x02, 0x02, 0x00, 0x7F],
            &[0x02, 0x02, 0xFF, 0x80],
        ] {
            let e = Reader::new(bytes).integer().expect_err("non-minimal");
            assert_eq!(e.kind, ErrorKind::NonMinimalInteger);
            assert_eq!(
                e.to_string(),
                "the INTEGER at byte 0 is not minimally encoded"
            );
        }
        assert_eq!(Reader::new(&[0x02, 0x01, 0x00]).unsigned(), Ok(&[0][..]));
        assert_eq!(
            Reader::new(&[0x02, 0x02, 0x00, 0x80]).unsigned(),
            Ok(&[0x80][..])
        );
        assert_eq!(
            Reader::new(&[0x02, 0x02, 0xFF, 0x7F]).integer(),
            Ok(&[0xFF, 0x7F][..])
        );
    }

    #[test]
    fn negative_integers_are_refused_as_unsigned() {
        assert_eq!(
            kind(Reader::new(&[0x02, 0x01, 0x80]).unsigned()),
            ErrorKind::NegativeInteger
        );
        assert_eq!(
            kind(Reader::new(&[0x02, 0x02, 0x01, 0x00]).small_unsigned()),
            ErrorKind::Value("the version number is too large")
        );
        assert_eq!(
            Reader::new(&[0x02, 0x02, 0x00, 0xFF]).small_unsigned(),
            Ok(255)
        );
    }

    #[test]
    fn bit_string_unused_bits() {
        let bs = Reader::new(&[0x03, 0x02, 0x00, 0xAB])
            .bit_string()
            .expect("bs");
        assert_eq!(bs.whole_bytes(), Some(&[0xAB][..]));
        let bs = Reader::new(&[0x03, 0x02, 0x04, 0xA0])
            .bit_string()
            .expect("bs");
        assert_eq!((bs.unused_bits, bs.whole_bytes()), (4, None));
        for bytes in [
            &[0x03, 0x00][..],
            &[0x03, 0x01, 0x01],
            &[0x03, 0x02, 0x08, 0x00],
        ] {
            assert_eq!(
                kind(Reader::new(bytes).bit_string()),
                ErrorKind::BadBitString
            );
        }
        assert_eq!(
            Reader::new(&[0x03, 0x01, 0x00])
                .bit_string()
                .map(|b| b.bytes.len()),
            Ok(0)
        );
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let e = outer_sequence(&[0x30, 0x00, 1, 2, 3], "SEQUENCE").expect_err("trailing");
        assert_eq!(
            e.to_string(),
            "3 bytes follow the end of the SEQUENCE at byte 2"
        );
        let mut r = outer_sequence(&[0x30, 0x03, 0x05, 0x00, 0x00], "SEQUENCE").expect("seq");
        r.null().expect("null");
        assert_eq!(
            kind(r.finish("SEQUENCE")),
            ErrorKind::Trailing(1, "SEQUENCE")
        );
        assert_eq!(
            kind(Reader::new(&[0x05, 0x01, 0x00]).null()),
            ErrorKind::BadNull
        );
    }

    #[test]
    fn tags() {
        // Unknown universal tags, long-form universal, primitive SEQUENCE, constructed INTEGER.
        for b in [0x00u8, 0x07, 0x10, 0x1F, 0x22, 0x24] {
            assert!(matches!(
                kind(Reader::new(&[b, 0x00]).read_tlv()),
                ErrorKind::BadTag(_)
            ));
        }
        // Long-form context tag [31], [200]; non-minimal [0x80 0x1F]; a long form below 31.
        let t = Reader::new(&[0x9F, 0x1F, 0x00]).read_tlv().expect("[31]");
        assert_eq!(t.tag.number, 31);
        let t = Reader::new(&[0xBF, 0x81, 0x48, 0x00])
            .read_tlv()
            .expect("[200]");
        assert_eq!((t.tag.number, t.tag.constructed()), (200, true));
        assert!(Reader::new(&[0x9F, 0x80, 0x1F, 0x00]).read_tlv().is_err());
        assert!(Reader::new(&[0x9F, 0x05, 0x00]).read_tlv().is_err());
        // Explicit needs constructed, implicit the base type's bit.
        assert_eq!(
            kind(Reader::new(&[0x80, 0x00]).explicit(0)),
            ErrorKind::BadConstructedBit
        );
        assert_eq!(
            Reader::new(&[0xA1, 0x00]).explicit(0).map(|r| r.is_none()),
            Ok(true)
        );
        assert!(Reader::new(&[0x81, 0x01, 0x00])
            .implicit(1, false)
            .is_ok_and(|t| t.is_some()));
    }

    #[test]
    fn oids() {
        let rsa = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
        let oid = Oid::from_value(&rsa, 0).expect("oid");
        assert_eq!(oid.dotted(), "1.2.840.113549.1.1.1");
        assert_eq!(
            Oid::from_value(&[0x2B, 0x65, 0x70], 0).map(|o| o.dotted()),
            Ok("1.3.101.112".into())
        );
        assert_eq!(
            Oid::from_value(&[0x77], 0).map(|o| o.dotted()),
            Ok("2.39".into())
        );
        // Empty, first byte ≥ 120, unterminated, an arc over 32 bits, too long.
        for bad in [
            &[][..],
            &[0x78],
            &[0x2A, 0x86],
            &[0x2A, 0x90, 0x80, 0x80, 0x80, 0x00],
            &[0x2A; 40],
        ] {
            assert_eq!(kind(Oid::from_value(bad, 0)), ErrorKind::BadOid);
        }
        // Non-minimal arcs are accepted (as const-oid does) but match no constant.
        assert!(Oid::from_value(&[0x2A, 0x80, 0x01], 0).is_ok());
        assert_eq!(kind(Reader::new(&[0x06, 0x00]).oid()), ErrorKind::BadOid);
    }

    #[test]
    fn truncation_at_every_position() {
        // SEQUENCE { INTEGER 1, OCTET STRING "ab", [0] { NULL } }
        let full = [
            0x30, 0x0B, 0x02, 0x01, 0x01, 0x04, 0x02, b'a', b'b', 0xA0, 0x02, 0x05, 0x00,
        ];
        let read = |bytes: &[u8]| -> Result<(), Error> {
            let mut s = outer_sequence(bytes, "SEQUENCE")?;
            s.unsigned()?;
            s.octet_string()?;
            let mut e = s.explicit(0)?.ok_or(Error {
                at: 0,
                kind: ErrorKind::Missing("SEQUENCE", "[0]"),
            })?;
            e.null()?;
            e.finish("[0]")?;
            s.finish("SEQUENCE")
        };
        assert_eq!(read(&full), Ok(()));
        for cut in 0..full.len() {
            assert!(read(&full[..cut]).is_err(), "accepted a cut at {cut}");
        }
    }

    #[test]
    fn writes_minimal_der() {
        let mut out = Vec::new();
        write::unsigned(&mut out, &[0, 0, 0x80]);
        write::unsigned(&mut out, &[0, 0]);
        assert_eq!(out, [0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x00]);
        let mut out = Vec::new();
        write::tlv(&mut out, 0x04, &[0u8; 300]);
        assert_eq!(out.get(..4), Some(&[0x04, 0x82, 0x01, 0x2C][..]));
        assert_eq!(Reader::new(&out).octet_string().map(<[u8]>::len), Ok(300));
    }
}
