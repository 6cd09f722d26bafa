//! Time values in transcripts: clock times (`01:02:03.5`), seconds, ISO 8601 date-times.

/// A time read from a source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Time {
    /// Seconds from the start of the conversation.
    Offset(f64),
    /// Seconds since the Unix epoch (an absolute date-time).
    Absolute(f64),
}

/// Parses `ss(.fff)`, `mm:ss(.fff)`, `hh:mm:ss(.fff)` (a comma is accepted as the decimal
/// separator) into seconds.
pub(crate) fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 32 {
        return None;
    }
    let mut secs = 0.0;
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let ok = !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_digit() || (last && (b == b'.' || b == b',')));
        if !ok {
            return None;
        }
        let v: f64 = if last {
            p.replace(',', ".").parse().ok()?
        } else {
            p.parse().ok()?
        };
        secs = secs * 60.0 + v;
    }
    Some(secs)
}

/// Parses a time cell: seconds (`12.5`), a clock time (`00:01:23`), or an ISO 8601
/// date-time (`2024-05-01T10:00:00Z`, `2024-05-01 10:00:00.250+02:00`).
pub(crate) fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim();
    if let Some(t) = parse_clock(s) {
        return Some(Time::Offset(t));
    }
    parse_iso(s).map(Time::Absolute)
}

/// Parses an ISO 8601 date-time into seconds since the Unix epoch. Without a zone, UTC.
pub(crate) fn parse_iso(s: &str) -> Option<f64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, mo, d) as f64 * 86_400.0;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(secs);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // Split off the zone.
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    secs += parse_clock(clock)?;
    match zone {
        "" | "Z" | "z" => {}
        z => {
            let sign = if z.starts_with('-') { 1.0 } else { -1.0 };
            let z = z.get(1..)?.replace(':', "");
            if z.len() != 4 || !z.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let h: f64 = z.get(..2)?.parse().ok()?;
            let m: f64 = z.get(2..)?.parse().ok()?;
            secs += sign * (h * 3600.0 + m * 60.0);
        }
    }
    Some(secs)
}

/// Rounds a difference of epoch times to milliseconds (epoch seconds in `f64` carry
/// noise below a microsecond).
pub(crate) fn round_ms(secs: f64) -> f64 {
    (secs * 1000.0).round() / 1000.0
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_dates() {
        assert_eq!(parse_clock("01:02:03.5"), Some(3723.5));
        assert_eq!(parse_clock("02:03,25"), Some(123.25));
        assert_eq!(parse_clock("7"), Some(7.0));
        assert_eq!(parse_clock("1:2:3:4"), None);
        assert_eq!(parse_clock("-1"), None);
        assert_eq!(parse_iso("1970-01-02T00:00:01Z"), Some(86_401.0));
        let d = parse_iso("2022-10-27T03:31:53.390Z").unwrap()
            - parse_iso("2022-10-27T03:31:50.735Z").unwrap();
        assert!((d - 2.655).abs() < 1e-6, "{d}");
        assert_eq!(
            parse_iso("2024-01-01T02:00:00+02:00"),
            parse_iso("2024-01-01T00:00:00Z")
        );
        assert_eq!(parse_iso("2024-13-01"), None);
        assert_eq!(parse_time("12.5"), Some(Time::Offset(12.5)));
    }
}
