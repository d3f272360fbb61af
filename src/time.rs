//! Time wording: ISO 8601 from seconds since the epoch, and relative durations
//! ("3 h 12 min"). The core never reads a clock: `now` always comes from the caller.

/// Formats seconds since the epoch as ISO 8601 UTC (`2026-11-24T10:00:00Z`, with milliseconds
/// when the value has a fraction). Out-of-range values give `None`.
pub fn iso8601(secs: f64) -> Option<String> {
    // Years 0000-9999 only: beyond that ISO 8601 needs an expanded form nobody reads.
    if !secs.is_finite() || !(-62_167_219_200.0..253_402_300_800.0).contains(&secs) {
        return None;
    }
    let whole = secs.floor();
    let millis = ((secs - whole) * 1000.0).round() as i64;
    let (whole, millis) = if millis >= 1000 {
        (whole as i64 + 1, 0)
    } else {
        (whole as i64, millis)
    };
    let days = whole.div_euclid(86_400);
    let rem = whole.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // written digit by digit: `format!` costs ten times as much, and inspect() formats four
    let mut out = String::with_capacity(24);
    for (value, width, after) in [
        (y, 4, '-'),
        (m, 2, '-'),
        (d, 2, 'T'),
        (hh, 2, ':'),
        (mm, 2, ':'),
        (ss, 2, if millis == 0 { 'Z' } else { '.' }),
    ] {
        push_digits(&mut out, value, width);
        out.push(after);
    }
    if millis != 0 {
        push_digits(&mut out, millis, 3);
        out.push('Z');
    }
    Some(out)
}

/// Appends the last `width` decimal digits of `value` (non-negative), zero-padded.
fn push_digits(out: &mut String, value: i64, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10_i64.pow(place) % 10;
        out.push(char::from(b'0' + digit.unsigned_abs() as u8));
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A duration in words with its two largest units: "45 s", "3 h 12 min", "2 d 5 h",
/// "1 y 20 d".
pub fn duration(secs: f64) -> String {
    let s = secs.abs();
    if s < 1.0 {
        return if s == 0.0 {
            "0 s".to_string()
        } else {
            format!("{:.0} ms", s * 1000.0)
        };
    }
    let total = s.round() as u64;
    let units: [(u64, &str); 5] = [
        (31_536_000, "y"),
        (86_400, "d"),
        (3600, "h"),
        (60, "min"),
        (1, "s"),
    ];
    let mut parts = Vec::new();
    let mut rest = total;
    for (size, name) in units {
        if rest >= size {
            parts.push(format!("{} {name}", rest / size));
            rest %= size;
        } else if !parts.is_empty() {
            // keep the two units adjacent: "1 h 0 min" reads worse than "1 h"
            break;
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(" ")
}

/// "3 h 12 min ago" for a past instant, "in 3 h 12 min" for a future one, "now" within half
/// a second.
pub fn relative(delta_from_now: f64) -> String {
    if delta_from_now.abs() < 0.5 {
        "now".to_string()
    } else if delta_from_now < 0.0 {
        format!("{} ago", duration(delta_from_now))
    } else {
        format!("in {}", duration(delta_from_now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso() {
        assert_eq!(iso8601(0.0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            iso8601(1_300_819_380.0).as_deref(),
            Some("2011-03-22T18:43:00Z")
        );
        assert_eq!(
            iso8601(1_680_300_000.5).as_deref(),
            Some("2023-03-31T22:00:00.500Z")
        );
        assert_eq!(
            iso8601(951_782_400.0).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(iso8601(1e20), None);
        assert_eq!(iso8601(f64::NAN), None);
        // the ends of the range, before the epoch, and a fraction below 10 ms
        assert_eq!(
            iso8601(-62_167_219_200.0).as_deref(),
            Some("0000-01-01T00:00:00Z")
        );
        assert_eq!(
            iso8601(253_402_300_799.0).as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
        assert_eq!(iso8601(253_402_300_800.0), None);
        assert_eq!(iso8601(-1.0).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(
            iso8601(86_399.007).as_deref(),
            Some("1970-01-01T23:59:59.007Z")
        );
        assert_eq!(iso8601(59.9996).as_deref(), Some("1970-01-01T00:01:00Z"));
    }

    #[test]
    fn durations() {
        assert_eq!(duration(30.0), "30 s");
        assert_eq!(duration(11_520.0), "3 h 12 min");
        assert_eq!(duration(3600.0), "1 h");
        assert_eq!(duration(3661.0), "1 h 1 min");
        assert_eq!(duration(86_400.0 * 2.0 + 3600.0 * 5.0), "2 d 5 h");
        assert_eq!(relative(-11_520.0), "3 h 12 min ago");
        assert_eq!(relative(45.0), "in 45 s");
    }
}
