//! Unit tests of the runtime files, as they are before they are copied. The end-to-end tests of
//! the generated client (`tests/tests/runtime.rs`) check the same behaviour through the client.

use std::time::Duration;

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::retry::{Failure, RetryPolicy, parse_retry_after};
use crate::secret::SecretString;

fn status(code: u16, retry_after: Option<u64>) -> Failure {
    Failure::Status {
        status: StatusCode::from_u16(code).unwrap(),
        retry_after: retry_after.map(Duration::from_secs),
    }
}

#[test]
fn a_secret_never_prints() {
    let secret = SecretString::new("hunter2");
    assert_eq!(format!("{secret:?}"), "\"<redacted>\"");
    assert_eq!(format!("{:?}", Some(&secret)), "Some(\"<redacted>\")");
    assert_eq!(secret.expose_secret(), "hunter2");
    assert_eq!(SecretString::from("a"), SecretString::from("a".to_owned()));
    // On the wire it is the plain string.
    assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
    let back: SecretString = serde_json::from_str("\"x\"").unwrap();
    assert_eq!(back.expose_secret(), "x");
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    note: Option<Option<String>>,
}

#[test]
fn absent_null_and_a_value_are_three_things() {
    let cases = [
        ("{}", None),
        ("{\"note\":null}", Some(None)),
        ("{\"note\":\"x\"}", Some(Some("x".to_owned()))),
    ];
    for (json, note) in cases {
        let patch = Patch { note };
        assert_eq!(serde_json::to_string(&patch).unwrap(), json);
        assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
    }
}

#[test]
fn retry_after_is_seconds_or_an_http_date() {
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-04T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
    assert_eq!(
        parse_retry_after("Fri, 04 Dec 2026 10:00:30 GMT", now),
        Some(Duration::from_secs(30))
    );
    // A date in the past means now, not a negative wait.
    assert_eq!(
        parse_retry_after("Fri, 04 Dec 2026 09:00:00 GMT", now),
        Some(Duration::ZERO)
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-1", now), None);
}

#[test]
fn the_server_says_when_and_the_policy_bounds_it() {
    let policy = RetryPolicy::default();
    let start = Duration::ZERO;
    // 429 and 503 with Retry-After: that wait, for any method, within max_retry_after.
    for code in [429, 503] {
        let failure = status(code, Some(3));
        assert_eq!(
            policy.delay(&failure, false, 1, start),
            Some(Duration::from_secs(3))
        );
        assert_eq!(policy.delay(&status(code, Some(31)), true, 1, start), None);
    }
    // Not past the attempts or the elapsed budget.
    assert_eq!(policy.delay(&status(429, Some(1)), true, 4, start), None);
    assert_eq!(
        policy.delay(&status(429, Some(1)), true, 1, Duration::from_secs(59)),
        None
    );
    // Other client errors are final.
    assert_eq!(policy.delay(&status(400, None), true, 1, start), None);
}

#[test]
fn backoff_is_for_idempotent_calls_only_and_stays_in_its_step() {
    let policy = RetryPolicy::default()
        .with_max_attempts(10)
        .with_backoff(Duration::from_millis(100), Duration::from_millis(800));
    for failure in [
        status(502, None),
        status(504, None),
        status(429, None),
        Failure::Connection,
        Failure::Timeout,
    ] {
        assert_eq!(
            policy.delay(&failure, false, 1, Duration::ZERO),
            None,
            "{failure:?}"
        );
        for attempt in 1..=8 {
            let step = Duration::from_millis(100 << (attempt - 1).min(3));
            let delay = policy
                .delay(&failure, true, attempt, Duration::ZERO)
                .unwrap();
            assert!(
                delay >= step / 2 && delay <= step,
                "{failure:?} attempt {attempt}: {delay:?}"
            );
        }
    }
    assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
    assert_eq!(
        RetryPolicy::default().with_max_attempts(0).max_attempts(),
        1
    );
    let patient = RetryPolicy::default().with_max_retry_after(Duration::from_secs(60));
    assert_eq!(
        patient.delay(&status(429, Some(45)), true, 1, Duration::ZERO),
        Some(Duration::from_secs(45))
    );
    let quick = RetryPolicy::default().with_max_elapsed(Duration::from_secs(1));
    assert_eq!(
        quick.delay(&status(429, Some(2)), true, 1, Duration::ZERO),
        None
    );
}

#[test]
fn an_interval_is_written_as_the_api_reads_it_and_read_back() {
    use crate::interval::Interval;
    use chrono::{TimeDelta, TimeZone, Utc};

    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2024, 1, 8, 0, 0, 0).unwrap();
    let week = Interval::new(start, end).unwrap();
    let text = String::from(week);
    assert_eq!(text, "2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z");
    assert_eq!(text.parse::<Interval>().unwrap(), week);
    // The documented form without an offset is UTC; an offset is taken into account.
    assert_eq!(
        "2024-01-01T00:00:00/2024-01-08T00:00:00"
            .parse::<Interval>()
            .unwrap(),
        week
    );
    assert_eq!(
        "2024-01-01T01:00:00+01:00/2024-01-08T00:00:00Z"
            .parse::<Interval>()
            .unwrap(),
        week
    );
    for bad in [
        "last week",
        "2024-01-08T00:00:00/2024-01-01T00:00:00",
        "2024-01-01/2024-01-08",
        "",
    ] {
        assert!(bad.parse::<Interval>().is_err(), "{bad}");
    }
    assert!(Interval::new(end, start).is_err());
    assert_eq!(Interval::ending_at(end, TimeDelta::days(7)), week);
    let recent = Interval::last_days(7);
    assert_eq!(recent.end() - recent.start(), TimeDelta::days(7));
    // Never empty, never a panic at the ends of time.
    assert!(Interval::last_days(0).end() > Interval::last_days(0).start());
    let earliest = Interval::ending_at(chrono::DateTime::<Utc>::MIN_UTC, TimeDelta::days(1));
    assert!(earliest.end() > earliest.start());
}
