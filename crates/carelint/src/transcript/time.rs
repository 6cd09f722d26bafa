//! Time values in transcripts: clock times (`01:02:03.5`), seconds, ISO 8601 date-times,
//! and the checks that keep nonsense (`00:99:99`, negative or huge times, an end before its
//! start) away from the timing rules.
//!
//! ISO 8601 date-times are parsed and formatted with `jiff`; clock times are written by
//! hand because they are durations in caption and transcript notations (`mm:ss.ttt`, a
//! comma before the fraction), which no date-time crate parses.

use jiff::civil;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The largest time, in seconds from the start of a conversation, that a reader accepts:
/// 10⁹ seconds (about 31 years). Larger values (`1e308`) are errors, never timings.
pub(crate) const MAX_SECONDS: f64 = 1e9;

/// A time read from a source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Time {
    /// Seconds from the start of the conversation.
    Offset(f64),
    /// Seconds since the Unix epoch (an absolute date-time).
    Absolute(f64),
}

/// Why a seconds value is not a time: `None` when it is one.
pub(crate) fn seconds_problem(secs: f64) -> Option<String> {
    if !secs.is_finite() {
        Some(format!("the time {secs} is not a finite number of seconds"))
    } else if secs < 0.0 {
        Some(format!("the time {secs} is negative"))
    } else if secs > MAX_SECONDS {
        Some(format!(
            "the time {secs} is beyond the largest accepted ({MAX_SECONDS:e} seconds)"
        ))
    } else {
        None
    }
}

/// Why an end time before its start is nonsense: `None` when the order is fine.
pub(crate) fn order_problem(start: Option<f64>, end: Option<f64>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Some(format!(
            "this ends ({}) before it starts ({})",
            show_seconds(e),
            show_seconds(s)
        )),
        _ => None,
    }
}

/// Seconds as `12.5 s`, for messages.
pub(crate) fn show_seconds(secs: f64) -> String {
    format!("{} s", round_ms(secs))
}

/// Parses `ss(.fff)`, `mm:ss(.fff)`, `hh:mm:ss(.fff)` (a comma is accepted as the decimal
/// separator) into seconds. The leading unit may be any size (`75:30` is 75 minutes);
/// minutes and seconds after it must be below 60.
pub(crate) fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 32 {
        return None;
    }
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    let mut secs = 0.0;
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
        if i > 0 && v >= 60.0 {
            return None;
        }
        secs = secs * 60.0 + v;
    }
    seconds_problem(secs).is_none().then_some(secs)
}

/// Parses a time cell: seconds (`12.5`), a clock time (`00:01:23`), or an ISO 8601
/// date-time (`2024-05-01T10:00:00Z`, `2024-05-01 10:00:00.250+02:00`).
///
/// `Ok(None)` for text that does not look like a time at all (a wall-clock `10:30 AM`, a
/// word); `Err` with the reason for text that looks like one but is not valid
/// (`00:99:99`, `-5`, `1e308`, `2024-02-31`).
pub(crate) fn parse_time(s: &str) -> Result<Option<Time>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(t) = parse_clock(s) {
        return Ok(Some(Time::Offset(t)));
    }
    if let Some(t) = parse_iso(s) {
        return Ok(Some(Time::Absolute(t)));
    }
    let clock_like = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b','));
    if clock_like && s.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{}` is not a valid time: write seconds (`12.5`) or a clock time (`00:01:23.5`) with minutes and seconds below 60",
            crate::error::excerpt(s)
        ));
    }
    if let Ok(n) = s.parse::<f64>() {
        return Err(seconds_problem(n).unwrap_or_else(|| format!("`{s}` is not a valid time")));
    }
    if looks_like_date(s) {
        return Err(format!(
            "`{}` is not a valid ISO 8601 date-time (such as `2024-05-01T10:00:00Z`)",
            crate::error::excerpt(s)
        ));
    }
    Ok(None)
}

/// Whether `s` starts like an ISO 8601 date (`dddd-dd-dd`).
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Parses an ISO 8601 date-time or date into seconds since the Unix epoch. Without an
/// offset, UTC. Invalid dates (`2024-02-31`) and times (`25:00`) are `None`.
pub(crate) fn parse_iso(s: &str) -> Option<f64> {
    let ts = parse_timestamp(s)?;
    Some(ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9)
}

/// Parses an ISO 8601 date-time or date as an instant; without an offset, UTC.
fn parse_timestamp(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if !looks_like_date(s) {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = s.parse::<civil::DateTime>() {
        return TimeZone::UTC.to_timestamp(dt).ok();
    }
    let date = s.parse::<civil::Date>().ok()?;
    TimeZone::UTC
        .to_timestamp(date.to_datetime(civil::Time::midnight()))
        .ok()
}

/// Whether `s` is an ISO 8601 date or date-time (with or without an offset).
pub(crate) fn is_iso(s: &str) -> bool {
    parse_timestamp(s).is_some()
}

/// An epoch time as an RFC 3339 date-time in UTC (`2024-05-01T10:00:00Z`), for
/// [`Metadata::date`](super::Metadata::date). `unit` is the number of units per second
/// (1 for seconds, 1000 for milliseconds, 1 000 000 for microseconds).
pub(crate) fn epoch_to_iso(value: f64, unit: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let micros = value * (1e6 / unit);
    if micros.abs() > 1e17 {
        return None;
    }
    Timestamp::from_microsecond(micros.round() as i64)
        .ok()
        .map(|t| t.to_string())
}

/// Rounds a difference of epoch times to milliseconds (epoch seconds in `f64` carry
/// noise below a microsecond).
pub(crate) fn round_ms(secs: f64) -> f64 {
    (secs * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_dates() {
        assert_eq!(parse_clock("01:02:03.5"), Some(3723.5));
        assert_eq!(parse_clock("02:03,25"), Some(123.25));
        assert_eq!(parse_clock("7"), Some(7.0));
        assert_eq!(parse_clock("75:30"), Some(4530.0));
        assert_eq!(parse_clock("1:2:3:4"), None);
        assert_eq!(parse_clock("-1"), None);
        assert_eq!(parse_clock("00:99:99.999"), None);
        assert_eq!(parse_clock("00:00:60"), None);
        assert_eq!(parse_iso("1970-01-02T00:00:01Z"), Some(86_401.0));
        let d = parse_iso("2022-10-27T03:31:53.390Z").unwrap()
            - parse_iso("2022-10-27T03:31:50.735Z").unwrap();
        assert!((d - 2.655).abs() < 1e-6, "{d}");
        assert_eq!(
            parse_iso("2024-01-01T02:00:00+02:00"),
            parse_iso("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            parse_iso("2024-01-01 00:00:00"),
            parse_iso("2024-01-01T00:00:00Z")
        );
        assert_eq!(parse_iso("2024-01-01"), parse_iso("2024-01-01T00:00:00Z"));
        assert_eq!(parse_iso("2024-13-01"), None);
        assert_eq!(parse_iso("2024-02-31T00:00:00Z"), None);
        assert_eq!(parse_time("12.5"), Ok(Some(Time::Offset(12.5))));
        assert_eq!(parse_time("10:30 AM"), Ok(None));
        assert!(parse_time("00:99:99").is_err());
        assert!(parse_time("-5").is_err());
        assert!(parse_time("1e308").is_err());
        assert!(parse_time("2024-02-31T10:00:00Z").is_err());
    }

    #[test]
    fn epoch_dates() {
        assert_eq!(
            epoch_to_iso(1_734_537_511.0, 1.0).as_deref(),
            Some("2024-12-18T15:58:31Z")
        );
        assert_eq!(
            epoch_to_iso(1_675_230_581_000_000.0, 1e6).as_deref(),
            Some("2023-02-01T05:49:41Z")
        );
        assert_eq!(epoch_to_iso(1e300, 1.0), None);
        assert!(seconds_problem(-1.0).is_some());
        assert!(seconds_problem(1e308).is_some());
        assert!(seconds_problem(f64::NAN).is_some());
        assert!(seconds_problem(3.5).is_none());
        assert!(order_problem(Some(2.0), Some(1.0)).is_some());
        assert!(order_problem(Some(2.0), Some(2.0)).is_none());
    }
}
