//! Time intervals as the API writes them: ISO-8601 `start/end`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeDelta, Utc};

/// A time interval from a start to an end instant, sent as the API's ISO-8601 `start/end`
/// (`2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z`).
///
/// It goes wherever the API takes an interval string (`String: From<Interval>`), such as the
/// `interval` of a query: `Interval::last_days(7)`. A string in that form still works, and
/// [`FromStr`] reads one back (an offset is taken into account; none means UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interval {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// Why an interval was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid interval: {0}")]
pub struct IntervalError(String);

impl Interval {
    /// From `start` to `end`, which must come after it.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, IntervalError> {
        if end <= start {
            return Err(IntervalError(format!(
                "the end ({end}) is not after the start ({start})"
            )));
        }
        Ok(Self { start, end })
    }

    /// The `days` days up to now (at least one second, for `days` of 0).
    pub fn last_days(days: u32) -> Self {
        let end = Utc::now();
        Self::ending_at(end, TimeDelta::days(i64::from(days)))
    }

    /// The `length` up to `end` (at least one second; a length that would start before the
    /// earliest representable instant starts there).
    pub fn ending_at(end: DateTime<Utc>, length: TimeDelta) -> Self {
        let length = length.max(TimeDelta::seconds(1));
        let start = end
            .checked_sub_signed(length)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        Self {
            start,
            end: end.max(start + TimeDelta::seconds(1)),
        }
    }

    /// When it starts.
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// When it ends.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (start, end) = (
            self.start.to_rfc3339_opts(SecondsFormat::Millis, true),
            self.end.to_rfc3339_opts(SecondsFormat::Millis, true),
        );
        write!(f, "{start}/{end}")
    }
}

impl From<Interval> for String {
    fn from(interval: Interval) -> Self {
        interval.to_string()
    }
}

impl FromStr for Interval {
    type Err = IntervalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let Some((start, end)) = text.split_once('/') else {
            return Err(IntervalError(format!("`{text}` is not `start/end`")));
        };
        Self::new(instant(start)?, instant(end)?)
    }
}

/// An instant with an offset (RFC 3339), or without one, taken as UTC.
fn instant(text: &str) -> Result<DateTime<Utc>, IntervalError> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|naive| naive.and_utc())
        .map_err(|_| IntervalError(format!("`{text}` is not an ISO-8601 date and time")))
}
