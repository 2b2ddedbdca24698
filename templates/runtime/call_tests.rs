//! Unit tests of the call path (`call.rs`): requests built as the generated operations build them,
//! sent to the fake's engine serving its stand-in tables (`testing/tables.rs`).

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::call::Request;
use crate::testing::{FakeGenesys, Fault, Thing};
use crate::{Error, RetryPolicy};

fn get(operation: &'static str, path: &str) -> Request {
    Request::new(
        operation,
        Method::GET,
        "/api/v2/things/{thingId}",
        path.to_owned(),
    )
}

/// A request to a route without placeholders, which is its own path.
fn at_route(operation: &'static str, method: Method, route: &'static str) -> Request {
    Request::new(operation, method, route, route.to_owned())
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(2))
}

#[tokio::test]
async fn a_body_query_and_headers_reach_the_server_and_the_answer_is_decoded() {
    let fake = FakeGenesys::start().await;
    let client = fake.client();

    let mut create = at_route("postThings", Method::POST, "/api/v2/things");
    create
        .json_body("body", &json!({"name": "sent", "size": 2}))
        .unwrap();
    let created = client.send_json::<Thing>(create).await.unwrap();
    assert_eq!(created.status, 200);
    assert_eq!(created.body.name, "sent");
    assert_eq!(
        created.correlation_id.as_deref(),
        Some("fake-correlation-id")
    );

    let mut list = at_route("getThings", Method::GET, "/api/v2/things");
    list.query("pageSize", &"1".to_owned());
    list.query("pageNumber", &"1".to_owned());
    let listing = client.send_json::<Value>(list).await.unwrap();
    assert_eq!(listing.body["pageSize"], 1);

    let mut status = at_route("getStatus", Method::GET, "/api/v2/status");
    status.header("X-Trace", "trace", &"abc".to_owned());
    client.send_json::<Value>(status).await.unwrap();

    let targets: Vec<String> = fake.journal().into_iter().map(|e| e.target).collect();
    assert_eq!(
        targets,
        [
            "/api/v2/things",
            "/api/v2/things?pageSize=1&pageNumber=1",
            "/api/v2/status"
        ]
    );
}

#[tokio::test]
async fn a_header_value_that_http_cannot_carry_is_refused_before_sending() {
    let fake = FakeGenesys::start().await;
    let mut status = at_route("getStatus", Method::GET, "/api/v2/status");
    status.header("X-Trace", "trace", &"line\nbreak".to_owned());
    let error = fake.client().send_json::<Value>(status).await.unwrap_err();
    assert!(
        matches!(error, Error::InvalidArgument { name: "trace", .. }),
        "{error:?}"
    );
    assert!(fake.journal().is_empty());
}

#[tokio::test]
async fn an_idempotent_call_is_retried_after_a_503_and_a_429() {
    let fake = FakeGenesys::builder()
        .seed_things([Thing {
            id: Some("t1".into()),
            name: "one".into(),
            state: None,
        }])
        .start()
        .await;
    fake.fail_next(1, Fault::Unavailable);
    fake.fail_next(
        1,
        Fault::RateLimited {
            retry_after: Duration::ZERO,
        },
    );
    let client = fake
        .client_builder()
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let thing = client
        .send_json::<Thing>(get("getThing", "/api/v2/things/t1"))
        .await
        .unwrap();
    assert_eq!(thing.body.name, "one");
    let statuses: Vec<u16> = fake.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [503, 429, 200]);
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_503() {
    let fake = FakeGenesys::start().await;
    fake.fail_next(1, Fault::Unavailable);
    let client = fake
        .client_builder()
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let mut create = at_route("postThings", Method::POST, "/api/v2/things");
    create.json_body("body", &json!({"name": "once"})).unwrap();
    let error = client.send_json::<Thing>(create).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(fake.journal().len(), 1);
}

#[tokio::test]
async fn a_401_with_a_cached_token_gets_a_new_token_and_one_more_try() {
    let fake = FakeGenesys::start().await;
    let client = fake.client();
    client
        .send_json::<Value>(at_route("getStatus", Method::GET, "/api/v2/status"))
        .await
        .unwrap();
    fake.expire_access_tokens();
    client
        .send_json::<Value>(at_route("getStatus", Method::GET, "/api/v2/status"))
        .await
        .unwrap();
    let statuses: Vec<u16> = fake.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [200, 401, 200]);
}

#[tokio::test]
async fn an_error_status_is_an_api_error_with_the_code_and_the_correlation_id() {
    let fake = FakeGenesys::start().await;
    let error = fake
        .client()
        .send_json::<Thing>(get("getThing", "/api/v2/things/missing"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some("not.found"));
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.operation, "getThing");
    assert_eq!(api.correlation_id.as_deref(), Some("fake-correlation-id"));
}

#[tokio::test]
async fn a_body_that_does_not_decode_is_quoted_unless_it_may_hold_secrets() {
    let fake = FakeGenesys::builder()
        .answer_get_status(json!({"healthy": "secret-looking"}))
        .start()
        .await;
    let client = fake.client();
    #[derive(Debug, serde::Deserialize)]
    struct Status {
        #[expect(dead_code, reason = "only decoding is tested")]
        healthy: bool,
    }
    let status = || at_route("getStatus", Method::GET, "/api/v2/status");

    let quoted = client.send_json::<Status>(status()).await.unwrap_err();
    let Error::Decode { snippet, .. } = &quoted else {
        panic!("{quoted:?}")
    };
    assert!(snippet.contains("secret-looking"), "{snippet}");

    let mut secret = status();
    secret.secret_output();
    let withheld = client.send_json::<Status>(secret).await.unwrap_err();
    let Error::Decode { snippet, .. } = &withheld else {
        panic!("{withheld:?}")
    };
    assert!(
        !snippet.contains("secret-looking") && snippet.contains("withheld"),
        "{snippet}"
    );
    assert!(!format!("{withheld:?} {withheld}").contains("secret-looking"));
}

#[tokio::test]
async fn an_empty_answer_is_a_unit_body() {
    let fake = FakeGenesys::builder()
        .seed_things([Thing {
            id: Some("t1".into()),
            name: "one".into(),
            state: Some("inactive".into()),
        }])
        .start()
        .await;
    let delete = Request::new(
        "deleteThing",
        Method::DELETE,
        "/api/v2/things/{thingId}",
        "/api/v2/things/t1".to_owned(),
    );
    let answer = fake.client().send_empty(delete).await.unwrap();
    assert_eq!(answer.status, 204);
    assert!(fake.stored_things().is_empty());
}

#[tokio::test]
async fn an_answer_over_the_limit_is_refused() {
    let fake = FakeGenesys::builder()
        .answer_get_status(json!({"healthy": true, "version": "x".repeat(4096)}))
        .start()
        .await;
    let client = fake
        .client_builder()
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let status = at_route("getStatus", Method::GET, "/api/v2/status");
    let error = client.send_json::<Value>(status).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                operation: "getStatus",
                limit: 1024
            }
        ),
        "{error:?}"
    );
}
