//! Unit tests of the fake's engine (`testing/`), serving the stand-in tables of
//! `testing/tables.rs` to plain HTTP requests: what a generated crate's fake does with its own
//! spec's tables is tested end to end in `tests/tests/fake*.rs`.

use std::time::Duration;

use serde_json::{Value, json};

use crate::testing::{FakeGenesys, FakeGenesysBuilder, Fault, Thing};

/// A running fake, an HTTP client and a token the fake handed out.
struct Session {
    fake: FakeGenesys,
    http: reqwest::Client,
    token: String,
}

impl Session {
    async fn start(builder: FakeGenesysBuilder) -> Self {
        let fake = builder.start().await;
        let http = reqwest::Client::new();
        let answer = http
            .post(format!("{}/oauth/token", fake.base_url()))
            .basic_auth("fake-client-id", Some("fake-client-secret"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let body: Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        let token = body["access_token"].as_str().unwrap().to_owned();
        Session { fake, http, token }
    }

    /// Sends a call with the session's token: the status and the JSON body (`Null` if none).
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let url = format!("{}{path}", self.fake.base_url());
        let mut request = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let bytes = answer.bytes().await.unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }
}

#[tokio::test]
async fn items_are_created_listed_read_and_deleted_as_the_tables_say() {
    let session = Session::start(FakeGenesys::builder()).await;
    let (status, created) = session
        .call(
            "POST",
            "/api/v2/things",
            Some(json!({"name": "first", "size": 3})),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"]
        .as_str()
        .expect("the server sets the id")
        .to_owned();
    assert_eq!(created["name"], "first");

    let (status, listing) = session.call("GET", "/api/v2/things", None).await;
    assert_eq!(status, 200);
    assert_eq!(listing["entities"].as_array().map(Vec::len), Some(1));
    assert_eq!(listing["entities"][0]["id"], id.as_str());

    let (status, read) = session
        .call("GET", &format!("/api/v2/things/{id}"), None)
        .await;
    assert_eq!((status, &read["name"]), (200, &json!("first")));

    // `x-fake.requires`: only an inactive thing can be deleted.
    let (status, refused) = session
        .call("DELETE", &format!("/api/v2/things/{id}"), None)
        .await;
    assert_eq!(
        (status, &refused["code"]),
        (400, &json!("cannot.delete.thing"))
    );

    let (_, inactive) = session
        .call(
            "POST",
            "/api/v2/things",
            Some(json!({"name": "second", "state": "inactive"})),
        )
        .await;
    let gone = inactive["id"].as_str().unwrap();
    let (status, _) = session
        .call("DELETE", &format!("/api/v2/things/{gone}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, missing) = session
        .call("GET", &format!("/api/v2/things/{gone}"), None)
        .await;
    assert_eq!((status, &missing["code"]), (404, &json!("not.found")));

    let names: Vec<String> = session
        .fake
        .stored_things()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["first"]);
}

#[tokio::test]
async fn listings_are_paged_by_page_size_and_number() {
    let things = (1..=5).map(|n| Thing {
        id: Some(format!("t{n}")),
        name: format!("thing {n}"),
        state: None,
    });
    let session = Session::start(FakeGenesys::builder().seed_things(things)).await;
    let (status, page) = session
        .call("GET", "/api/v2/things?pageSize=2&pageNumber=3", None)
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["entities"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["entities"][0]["id"], "t5");
    assert_eq!(page["total"], 5);

    let (status, refused) = session
        .call("GET", "/api/v2/things?pageSize=many", None)
        .await;
    assert_eq!(status, 400);
    assert!(
        refused["message"].as_str().unwrap().contains("pageSize"),
        "{refused}"
    );
}

#[tokio::test]
async fn requests_are_checked_against_the_tables() {
    let session = Session::start(FakeGenesys::builder()).await;
    let cases = [
        (json!({"size": 3}), "name"),
        (json!({"name": 7}), "name"),
        (json!({"name": "n", "size": 11}), "at most 10"),
        (json!({"name": "n", "size": 0}), "at least 1"),
        (json!({"name": "n", "state": "gone"}), "gone"),
    ];
    for (body, named) in cases {
        let (status, answer) = session
            .call("POST", "/api/v2/things", Some(body.clone()))
            .await;
        assert_eq!(status, 400, "{body} was taken: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.contains(named),
            "{body}: {message:?} does not name {named:?}"
        );
    }
    assert!(session.fake.stored_things().is_empty());

    let (status, _) = session.call("GET", "/api/v2/nowhere", None).await;
    assert_eq!(status, 404);
    let (status, _) = session.call("PUT", "/api/v2/things", None).await;
    assert_eq!(status, 405);

    let unauthorized = session
        .http
        .get(format!("{}/api/v2/things", session.fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
}

#[tokio::test]
async fn the_journal_keeps_every_call_and_prints_no_secret() {
    let session = Session::start(FakeGenesys::builder()).await;
    let body = json!({"name": "with a secret", "secret": "hunter2-secret"});
    let (status, _) = session
        .call("POST", "/api/v2/things", Some(body.clone()))
        .await;
    assert_eq!(status, 200);

    let journal = session.fake.journal();
    assert_eq!(journal.len(), 1);
    let exchange = &journal[0];
    assert_eq!(exchange.operation_id.as_deref(), Some("postThings"));
    assert_eq!((exchange.method.as_str(), exchange.status), ("POST", 200));
    let request = exchange.request.as_ref().unwrap();
    assert_eq!(request.value(), &body, "the body as it was, on purpose");
    for printed in [
        format!("{journal:?}"),
        request.to_string(),
        format!("{:?}", session.fake),
    ] {
        assert!(!printed.contains("hunter2"), "{printed}");
    }
    assert!(format!("{request:?}").contains("<redacted>"));
}

#[tokio::test]
async fn answers_are_examples_unless_set_and_seeded_items_are_served() {
    let plain = Session::start(FakeGenesys::builder()).await;
    let (status, status_body) = plain.call("GET", "/api/v2/status", None).await;
    assert_eq!(
        (status, &status_body["healthy"]),
        (200, &json!(true)),
        "the field's example"
    );

    let seeded = Thing {
        id: Some("seeded-1".into()),
        name: "seeded".into(),
        state: None,
    };
    let set = Session::start(
        FakeGenesys::builder()
            .answer_get_status(json!({"healthy": false, "version": "9"}))
            .seed_things([seeded]),
    )
    .await;
    let (_, status_body) = set.call("GET", "/api/v2/status", None).await;
    assert_eq!(status_body, json!({"healthy": false, "version": "9"}));
    let (status, item) = set.call("GET", "/api/v2/things/seeded-1", None).await;
    assert_eq!((status, &item["name"]), (200, &json!("seeded")));
}

#[tokio::test]
async fn queued_faults_are_answered_before_the_call_is_served() {
    let session = Session::start(FakeGenesys::builder()).await;
    session.fake.fail_next(
        1,
        Fault::RateLimited {
            retry_after: Duration::from_secs(2),
        },
    );
    session.fake.fail_next(1, Fault::Unavailable);

    let url = format!("{}/api/v2/status", session.fake.base_url());
    let limited = session
        .http
        .get(&url)
        .bearer_auth(&session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "2");
    let (status, _) = session.call("GET", "/api/v2/status", None).await;
    assert_eq!(status, 503);
    let (status, _) = session.call("GET", "/api/v2/status", None).await;
    assert_eq!(status, 200);
    let statuses: Vec<u16> = session.fake.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [429, 503, 200]);
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let session = Session::start(FakeGenesys::builder()).await;
    let (status, _) = session.call("GET", "/api/v2/status", None).await;
    assert_eq!(status, 200);
    session.fake.expire_access_tokens();
    let (status, _) = session.call("GET", "/api/v2/status", None).await;
    assert_eq!(status, 401);
}
