//! The usage-query waiter, rendered from the spec's response links and `x-poll`.

use std::time::Duration;

use genesys_cloud_oauth::models::{ApiUsageClientQuery, QueryStatus};
use genesys_cloud_oauth::{Client, Error, RetryPolicy, WaitPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RESULT: &str = "/api/v2/oauth/clients/c-1/usage/query/results/e-1";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token("t")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn quick(timeout: Duration) -> WaitPolicy {
    WaitPolicy::new(timeout).with_delays(Duration::from_millis(5), Duration::from_millis(20))
}

async fn started(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients/c-1/usage/query"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"executionId": "e-1"})))
        .expect(1)
        .mount(server)
        .await;
}

async fn status(server: &MockServer, status: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path(RESULT))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"queryStatus": status, "results": [{"requests": 7}]})),
        )
        .up_to_n_times(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn polls_until_the_query_is_complete() {
    let server = MockServer::start().await;
    started(&server).await;
    status(&server, "Running", 2).await;
    status(&server, "Complete", 1).await;

    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00");
    let result = client(&server)
        .post_oauth_client_usage_query("c-1", query)
        .wait_for_query_result(quick(Duration::from_secs(10)))
        .await
        .unwrap();

    assert_eq!(result.query_status, Some(QueryStatus::Complete));
    assert_eq!(result.results.unwrap()[0].requests, Some(7));
    let polls = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == RESULT)
        .count();
    assert_eq!(polls, 3);
}

#[tokio::test]
async fn a_summary_can_be_waited_for_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/c-1/usage/summary"))
        .and(query_param("days", "7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"executionId": "e-1"})))
        .mount(&server)
        .await;
    status(&server, "Complete", 1).await;

    let result = client(&server)
        .get_oauth_client_usage_summary("c-1")
        .days(7)
        .wait_for_query_result(quick(Duration::from_secs(10)))
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));
}

#[tokio::test]
async fn a_failed_query_is_an_error() {
    let server = MockServer::start().await;
    started(&server).await;
    status(&server, "Running", 1).await;
    status(&server, "Failed", 1).await;

    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00");
    let error = client(&server)
        .post_oauth_client_usage_query("c-1", query)
        .wait_for_query_result(quick(Duration::from_secs(10)))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, Error::WaitFailed { status, .. } if status == "Failed"),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_deadline_is_kept() {
    let server = MockServer::start().await;
    started(&server).await;
    status(&server, "Running", u64::MAX).await;

    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00");
    let error = client(&server)
        .post_oauth_client_usage_query("c-1", query)
        .wait_for_query_result(quick(Duration::from_millis(200)))
        .await
        .unwrap_err();

    let Error::WaitTimeout { waited, .. } = error else {
        panic!("expected a wait time-out, got {error:?}")
    };
    // Not before the deadline less one pause (the longest is 20 ms: a pause that would end past
    // the deadline is not taken); after it only by the time to notice (the margin holds on a
    // loaded machine: nothing here sleeps past the deadline).
    assert!(waited >= Duration::from_millis(180), "{waited:?}");
    assert!(waited < Duration::from_millis(200) + MARGIN, "{waited:?}");
}

/// How late past its deadline a wait may end on a busy machine. The servers below take ten
/// times longer to answer, so a deadline that is not hard fails by a wide margin.
const MARGIN: Duration = Duration::from_secs(3);

/// A server that answers only after `SLOW`.
const SLOW: Duration = Duration::from_secs(30);

#[tokio::test]
async fn a_slow_first_request_counts_against_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({"executionId": "e-1"}))
                .set_delay(SLOW),
        )
        .mount(&server)
        .await;
    let error = wait_300_ms(&server).await;
    // The error names the slow call, the one that starts the work, and what the time-out covered.
    assert!(
        matches!(
            error,
            Error::WaitTimeout { polls: 0, operation: "postOauthClientUsageQuery", timeout, .. }
                if timeout == Duration::from_millis(300)
        ),
        "{error:?}"
    );
    let shown = error.to_string();
    assert!(shown.starts_with("postOauthClientUsageQuery: the wait ran out"), "{shown}");
    assert!(shown.contains("covers the request that starts the work and every poll"), "{shown}");
}

/// Waits for a query result with a 300 ms deadline, which must hold: the wait ends, with an
/// error, within the margin of it.
async fn wait_300_ms(server: &MockServer) -> Error {
    let begun = std::time::Instant::now();
    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00");
    let error = client(server)
        .post_oauth_client_usage_query("c-1", query)
        .wait_for_query_result(quick(Duration::from_millis(300)))
        .await
        .unwrap_err();
    let elapsed = begun.elapsed();
    assert!(elapsed < Duration::from_millis(300) + MARGIN, "{elapsed:?}");
    error
}

#[tokio::test]
async fn a_poll_in_flight_is_cut_off_at_the_deadline() {
    let server = MockServer::start().await;
    started(&server).await;
    Mock::given(method("GET"))
        .and(path(RESULT))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"queryStatus": "Running"}))
                .set_delay(SLOW),
        )
        .mount(&server)
        .await;
    let error = wait_300_ms(&server).await;
    assert!(
        matches!(error, Error::WaitTimeout { operation: "getOauthClientUsageQueryResult", .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_endless_time_out_does_not_overflow_the_clock() {
    let server = MockServer::start().await;
    started(&server).await;
    status(&server, "Complete", 1).await;
    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00");
    let policy =
        WaitPolicy::new(Duration::MAX).with_delays(Duration::from_millis(1), Duration::MAX);
    let result = client(&server)
        .post_oauth_client_usage_query("c-1", query)
        .wait_for_query_result(policy)
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));
}

#[tokio::test]
async fn a_start_without_an_execution_id_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"resultsUri": "/somewhere"})))
        .mount(&server)
        .await;
    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00");
    let error = client(&server)
        .post_oauth_client_usage_query("c-1", query)
        .wait_for_query_result(quick(Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { message, .. } if message.contains("executionId")),
        "{error:?}"
    );
}
