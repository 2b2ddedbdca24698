//! Unit tests of waiting (`wait/`), as the files are before they are copied. The end-to-end
//! tests against slow servers are `tests/tests/waiting.rs`.

use std::cell::Cell;
use std::time::Duration;

use reqwest::StatusCode;

use crate::wait::{Progress, WaitPolicy, poll, required};
use crate::{ApiResponse, Error};

fn quick(timeout: Duration) -> WaitPolicy {
    WaitPolicy::new(timeout).with_delays(Duration::from_millis(1), Duration::from_millis(2))
}

fn progress(status: &&str) -> Progress {
    match *status {
        "Running" => Progress::Pending,
        "Failed" => Progress::Failed("Failed".to_owned()),
        _ => Progress::Done,
    }
}

#[tokio::test]
async fn polls_until_the_result_is_final() {
    let policy = quick(Duration::from_secs(60));
    let calls = Cell::new(0);
    let call = || {
        calls.set(calls.get() + 1);
        let status = if calls.get() < 3 {
            "Running"
        } else {
            "Complete"
        };
        async move { Ok::<_, Error>(status) }
    };
    let result = poll(&policy, policy.start(), "getResult", call, progress)
        .await
        .unwrap();
    assert_eq!(result, "Complete");
    assert_eq!(calls.get(), 3);
}

#[tokio::test]
async fn a_failed_status_ends_the_wait_naming_the_operation() {
    let policy = quick(Duration::from_secs(60));
    let call = || async { Ok::<_, Error>("Failed") };
    let error = poll(&policy, policy.start(), "getResult", call, progress)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::WaitFailed { operation: "getResult", status } if status == "Failed"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_call_still_in_flight_at_the_deadline_is_dropped_and_named() {
    let policy = quick(Duration::from_millis(50));
    let deadline = policy.start();
    let never = std::future::pending::<Result<(), Error>>();
    let error = deadline.run("startWork", 0, never).await.unwrap_err();
    assert!(
        matches!(error, Error::WaitTimeout { operation: "startWork", polls: 0, timeout, .. } if timeout == Duration::from_millis(50)),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("covers the request that starts the work and every poll")
    );
}

#[tokio::test]
async fn a_time_out_too_large_for_the_clock_is_no_deadline() {
    let policy = quick(Duration::MAX);
    let call = || async { Ok::<_, Error>("Complete") };
    assert_eq!(
        poll(&policy, policy.start(), "getResult", call, progress)
            .await
            .unwrap(),
        "Complete"
    );
}

#[test]
fn a_missing_field_to_poll_with_is_a_decode_error_of_its_response() {
    let response = ApiResponse {
        status: StatusCode::ACCEPTED,
        headers: Default::default(),
        correlation_id: Some("corr-1".to_owned()),
        body: (),
    };
    assert_eq!(
        required(Some(7), &response, "startWork", "executionId").unwrap(),
        7
    );
    let error = required::<u8, ()>(None, &response, "startWork", "executionId").unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.correlation_id(), Some("corr-1"));
    assert!(error.to_string().contains("`executionId`"), "{error}");
}
