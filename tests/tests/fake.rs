//! The fake server of the `testing` feature, driven through the generated client as a user's tests
//! would drive it.

use std::time::Duration;

use genesys_cloud_oauth::models::{
    ApiUsageClientQuery, ApiUsageQueryResult, ApiUsageRow, AuthorizationState, ClientId, ClientState, DomainEntityRef,
    GrantType, Granularity, OAuthAuthorization, OAuthClient, OAuthClientRequest, OAuthScope, QueryStatus, UsageGroupBy, UsageMetric,
};
use genesys_cloud_oauth::testing::{FakeApp, FakeGenesys, Fault};
use genesys_cloud_oauth::{Client, Error, RetryPolicy, WaitPolicy};

fn quick(fake: &FakeGenesys) -> Client {
    fake.client_builder()
        .retry_policy(
            RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_client_lives_and_dies_as_in_the_service() {
    let fake = FakeGenesys::start().await;
    let client = quick(&fake);

    let created = client
        .post_oauth_clients(
            OAuthClientRequest::new("nightly export", GrantType::ClientCredentials)
                .with_description("exports"),
        )
        .await
        .unwrap();
    let id = created.id.clone();
    assert_eq!(created.state, Some(ClientState::Active));
    let first_secret = created.secret.clone().unwrap();

    let listed = client.get_oauth_clients().await.unwrap().entities.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    // A listed client is the whole client, grant type included, as the service answers since
    // 2026-02.
    assert_eq!(listed[0], created);
    assert_eq!(listed[0].authorized_grant_type, GrantType::ClientCredentials);
    assert_eq!(client.get_oauth_client(id.clone()).await.unwrap(), created);

    let renamed = client
        .put_oauth_client(
            id.clone(),
            OAuthClientRequest::new("nightly export v2", GrantType::ClientCredentials),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "nightly export v2");
    assert_eq!(
        renamed.secret.as_ref(),
        Some(&first_secret),
        "a PUT keeps the secret"
    );
    assert_eq!(
        client.get_oauth_client(id.clone()).await.unwrap().name,
        "nightly export v2"
    );

    let rotated = client.post_oauth_client_secret(id.clone()).await.unwrap();
    assert_ne!(rotated.secret.as_ref(), Some(&first_secret));
    assert_eq!(
        client.get_oauth_client(id.clone()).await.unwrap().secret,
        rotated.secret
    );

    let refused = client.delete_oauth_client(id.clone()).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(refused.code(), Some("cannot.delete.client"));

    let inactive = OAuthClientRequest::new("nightly export v2", GrantType::ClientCredentials)
        .with_state(ClientState::Inactive);
    client.put_oauth_client(id.clone(), inactive).await.unwrap();
    client.delete_oauth_client(id.clone()).await.unwrap();
    assert!(
        client
            .get_oauth_client(id.clone())
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        client
            .delete_oauth_client(id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(fake.stored_clients().is_empty());
}

#[tokio::test]
async fn tokens_are_checked() {
    let fake = FakeGenesys::start().await;

    let wrong_secret = Client::builder()
        .base_url(fake.base_url())
        .login_url(fake.base_url())
        .client_credentials("fake-client-id", "wrong")
        .build()
        .unwrap();
    let error = wrong_secret.get_oauth_scopes().await.unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("expected a login failure, got {error:?}")
    };
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));

    let wrong_token = Client::builder()
        .base_url(fake.base_url())
        .access_token("not-issued")
        .build()
        .unwrap();
    let error = wrong_token.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.code(), Some("bad.credentials"));

    let custom = FakeGenesys::builder()
        .credentials("my-id", "my-secret")
        .start()
        .await;
    custom.client().get_oauth_scopes().await.unwrap();
}

#[tokio::test]
async fn seeded_scopes_and_authorizations_are_served() {
    let authorized = OAuthClient::new("c-9", "partner app", GrantType::Code);
    let fake = FakeGenesys::builder()
        .seed_scopes([
            OAuthScope::default()
                .with_id("users:readonly")
                .with_description("View users"),
            OAuthScope::default()
                .with_id("analytics")
                .with_description("Analytics"),
        ])
        .seed_authorizations([OAuthAuthorization::default()
            .with_client(authorized)
            .with_resource_owner(DomainEntityRef::new().with_id(FakeGenesys::DEFAULT_USER))
            .with_state(AuthorizationState::Authorized)])
        .app(FakeApp::code("cli", "http://127.0.0.1:9/callback"))
        .start()
        .await;
    let client = quick(&fake);

    assert_eq!(
        client
            .get_oauth_scopes()
            .accept_language("fr-ca")
            .await
            .unwrap()
            .total,
        Some(2)
    );
    let scope = client.get_oauth_scope("users:readonly").await.unwrap();
    assert_eq!(scope.description.as_deref(), Some("View users"));
    assert!(
        client
            .get_oauth_scope("nope")
            .await
            .unwrap_err()
            .is_not_found()
    );

    // The authorizations are the calling user's: a client-credentials token has no user.
    let refused = client.get_oauth_authorizations().await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400), "{refused}");
    assert!(refused.to_string().contains("requires a user context"), "{refused}");
    let user = fake.user_client(&FakeApp::code("cli", "http://127.0.0.1:9/callback")).await.unwrap();
    assert_eq!(user.get_oauth_authorizations().await.unwrap().total, Some(1));
    let authorization = user.get_oauth_authorization("c-9").await.unwrap();
    assert_eq!(authorization.state, Some(AuthorizationState::Authorized));
    assert!(
        user.get_oauth_authorization("c-0")
            .await
            .unwrap_err()
            .is_not_found()
    );
    // Another user sees none of them.
    fake.log_in_as(Some("someone-else"));
    let other = fake.user_client(&FakeApp::code("cli", "http://127.0.0.1:9/callback")).await.unwrap();
    assert_eq!(other.get_oauth_authorizations().await.unwrap().total, Some(0));
    assert!(other.get_oauth_authorization("c-9").await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn usage_queries_run_then_complete() {
    let fake = FakeGenesys::builder()
        .pending_polls(2)
        .answer_get_oauth_client_usage_query_result(ApiUsageQueryResult::default().with_results(
            vec![ApiUsageRow::default()
                .with_requests(7)
                .with_client_id("c-1")
                .with_template_uri("/api/v2/users")],
        ))
        .seed_clients([OAuthClient::new(
            "c-1",
            "reporting",
            GrantType::ClientCredentials,
        )])
        .start()
        .await;
    let client = quick(&fake);

    let client_id = ClientId::from("c-1");
    let handle = client
        .post_oauth_client_usage_query(
            &client_id,
            ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00"),
        )
        .send_with_response()
        .await
        .unwrap();
    // The success status the spec documents for the operation.
    assert_eq!(handle.status.as_u16(), 200);
    let execution = handle.body.execution_id.unwrap();
    for _ in 0..2 {
        let result = client
            .get_oauth_client_usage_query_result(&execution, &client_id)
            .await
            .unwrap();
        assert_eq!(result.query_status, Some(QueryStatus::Running));
    }
    let result = client
        .get_oauth_client_usage_query_result(execution, client_id)
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));
    let rows = result.results.unwrap();
    assert_eq!(
        (rows[0].requests, rows[0].client_id.as_deref()),
        (Some(7), Some("c-1"))
    );

    // The generated waiter does the same polling.
    let policy = WaitPolicy::new(Duration::from_secs(5))
        .with_delays(Duration::from_millis(1), Duration::from_millis(5));
    let result = client
        .get_oauth_client_usage_summary("c-1")
        .days(7)
        .wait_for_query_result(policy)
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));

    assert!(
        client
            .get_oauth_client_usage_summary("c-404")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn faults_are_served_in_turn() {
    let fake = FakeGenesys::start().await;
    let client = quick(&fake);

    fake.fail_next(
        2,
        Fault::RateLimited {
            retry_after: Duration::ZERO,
        },
    );
    client.get_oauth_clients().await.unwrap();

    fake.fail_next(1, Fault::Unavailable);
    client.get_oauth_clients().await.unwrap();

    let no_retries = fake
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    fake.fail_next(
        1,
        Fault::RateLimited {
            retry_after: Duration::from_secs(7),
        },
    );
    let error = no_retries.get_oauth_clients().await.unwrap_err();
    assert!(error.is_rate_limited());
    assert_eq!(
        error.api_error().unwrap().retry_after,
        Some(Duration::from_secs(7))
    );

    let impatient = fake
        .client_builder()
        .timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    fake.fail_next(1, Fault::Delay(Duration::from_millis(500)));
    assert!(
        impatient
            .get_oauth_clients()
            .await
            .unwrap_err()
            .is_timeout()
    );
}

/// The generated client's types cannot send a body without a required field, so this one request
/// is written by hand, as a client in another language might send it.
#[tokio::test]
async fn a_body_without_a_required_field_is_a_400_naming_it() {
    let fake = FakeGenesys::start().await;
    let (status, body) = raw(
        &fake,
        reqwest::Method::POST,
        "/api/v2/oauth/clients",
        Some(r#"{"authorizedGrantType": "CODE"}"#),
    )
    .await;
    assert_eq!(status, 400);
    let body: genesys_cloud_oauth::models::ErrorBody = serde_json::from_value(body).unwrap();
    assert!(
        body.message
            .as_deref()
            .unwrap()
            .contains("missing field `name`"),
        "{body:?}"
    );
    assert_eq!(body.status, Some(400));
}

/// Read, change one field, write back: every other field survives, because the body is built
/// from what was read (`x-rust-from` in the spec), not field by field by hand.
#[tokio::test]
async fn read_modify_write_keeps_every_field() {
    let fake = FakeGenesys::start().await;
    let client = quick(&fake);
    let created = client
        .post_oauth_clients(
            OAuthClientRequest::new("nightly export", GrantType::ClientCredentials)
                .with_description("exports")
                .with_access_token_validity_seconds(3600)
                .with_role_divisions(vec![genesys_cloud_oauth::models::RoleDivision::new(
                    "role-1", "div-1",
                )]),
        )
        .await
        .unwrap();
    let id = created.id.clone();

    let current = client.get_oauth_client(id.clone()).await.unwrap();
    let body = OAuthClientRequest::from(current).with_state(ClientState::Inactive);
    client.put_oauth_client(id.clone(), body).await.unwrap();

    let after = client.get_oauth_client(id).await.unwrap();
    assert_eq!(after.state, Some(ClientState::Inactive));
    assert_eq!(after.description.as_deref(), Some("exports"));
    assert_eq!(after.access_token_validity_seconds, Some(3600));
    assert_eq!(after.role_divisions, created.role_divisions);
    assert_eq!(after.name, "nightly export");
}

/// Sends a request as a client in another language might, with a valid token. This test's own
/// reqwest has no TLS feature; the crate's give it rustls with a provider (see `tls_provider.rs`).
async fn raw(
    fake: &FakeGenesys,
    method: reqwest::Method,
    target: &str,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/oauth/token", fake.base_url()))
        .basic_auth("fake-client-id", Some("fake-client-secret"))
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut request = http
        .request(method, format!("{}{target}", fake.base_url()))
        .bearer_auth(token["access_token"].as_str().unwrap());
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// Requests are checked against the spec's parameters and schemas, as the service checks them:
/// each refusal is a 400 whose message names what is wrong.
#[tokio::test]
async fn requests_are_checked_against_the_spec() {
    let fake = FakeGenesys::builder()
        .seed_clients([OAuthClient::new(
            "c-1",
            "reporting",
            GrantType::ClientCredentials,
        )])
        .start()
        .await;
    let post = reqwest::Method::POST;
    for (method, target, body, message) in [
        (
            post.clone(),
            "/api/v2/oauth/clients",
            Some(r#"{"name": "x", "authorizedGrantType": "CODE", "state": "sleeping"}"#),
            "`state`: `sleeping` is not one of `active`, `disabled`, `inactive`",
        ),
        (
            post.clone(),
            "/api/v2/oauth/clients",
            Some(
                r#"{"name": "x", "authorizedGrantType": "CODE", "accessTokenValiditySeconds": "soon"}"#,
            ),
            "`accessTokenValiditySeconds` must be an integer",
        ),
        (
            post.clone(),
            "/api/v2/oauth/clients",
            Some(
                r#"{"name": "x", "authorizedGrantType": "CODE", "roleDivisions": [{"roleId": "r"}]}"#,
            ),
            "missing field `roleDivisions[0].divisionId`",
        ),
        (
            post.clone(),
            "/api/v2/oauth/clients",
            Some("{not json"),
            "the body is not JSON",
        ),
        (
            post.clone(),
            "/api/v2/oauth/clients",
            None,
            "the request needs a JSON body",
        ),
        (
            reqwest::Method::GET,
            "/api/v2/oauth/clients/c-1/usage/summary?days=seven",
            None,
            "query parameter `days`: `seven` is not a 32-bit integer",
        ),
        (
            post,
            "/api/v2/oauth/clients/c-1/usage/query",
            Some(
                r#"{"interval": "2024-01-01T00:00:00/2024-01-08T00:00:00", "granularity": "Hour"}"#,
            ),
            "`granularity`: `Hour` is not one of `Day`, `Week`, `Month`",
        ),
    ] {
        let (status, error) = raw(&fake, method, target, body).await;
        assert_eq!(status, 400, "{target} {body:?}: {error}");
        let said = error["message"].as_str().unwrap_or_default();
        assert!(said.contains(message), "{target} {body:?}: {said}");
        assert_eq!(error["code"], "bad.request");
    }
    // Nothing refused was stored.
    assert_eq!(fake.stored_clients().len(), 1);
    // A path the API does not have is a 404; a method it does not have there, a 405.
    assert_eq!(
        raw(&fake, reqwest::Method::GET, "/api/v2/oauth/nothing", None)
            .await
            .0,
        404
    );
    assert_eq!(
        raw(&fake, reqwest::Method::PATCH, "/api/v2/oauth/clients", None)
            .await
            .0,
        405
    );
}

/// Ids are matched after percent-decoding, as the client encodes them: an id with a `/` is one
/// path segment.
#[tokio::test]
async fn ids_with_reserved_characters_find_their_item() {
    let fake = FakeGenesys::builder()
        .seed_scopes([OAuthScope::default()
            .with_id("a/b c")
            .with_description("odd")])
        .start()
        .await;
    let scope = fake.client().get_oauth_scope("a/b c").await.unwrap();
    assert_eq!(scope.description.as_deref(), Some("odd"));
    let journal = fake.journal();
    assert_eq!(journal[0].target, "/api/v2/oauth/scopes/a%2Fb%20c");
}

/// A body past the fake's limit is refused as the service refuses it, not read into memory.
#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let fake = FakeGenesys::start().await;
    let huge = format!(r#"{{"name": "{}"}}"#, "x".repeat(17 << 20));
    let (status, body) = raw(
        &fake,
        reqwest::Method::POST,
        "/api/v2/oauth/clients",
        Some(&huge),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert!(fake.stored_clients().is_empty());
}

/// Issue 22, point 1: an id the API returned is passed on by reference, by value, or as a
/// string, to every operation that takes one kind of id.
#[tokio::test]
async fn ids_pass_by_reference_by_value_and_as_strings() {
    let fake = FakeGenesys::start().await;
    let client = quick(&fake);
    let created = client
        .post_oauth_clients(OAuthClientRequest::new("ids", GrantType::ClientCredentials))
        .await
        .unwrap();
    let by_reference = client.get_oauth_client(&created.id).await.unwrap();
    let as_string = client.get_oauth_client(created.id.as_str()).await.unwrap();
    let by_value = client.get_oauth_client(created.id.clone()).await.unwrap();
    assert_eq!(by_reference, as_string);
    assert_eq!(as_string, by_value);
    client.post_oauth_client_secret(&created.id).await.unwrap();
}

/// Issue 22, point 4: a refused login has the OAuth `error` as its `code()`, and the login
/// host's correlation id.
#[tokio::test]
async fn a_refused_login_has_a_code_and_a_correlation_id() {
    let fake = FakeGenesys::start().await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .client_credentials("fake-client-id", "not-the-secret")
        .build()
        .unwrap();
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert_eq!(error.code(), Some("invalid_client"));
    assert_eq!(error.correlation_id(), Some("fake-correlation-id"));
    assert!(error.to_string().contains("[invalid_client]"), "{error}");
}

/// Issue 22, point 7: the journal prints secrets as `<redacted>`, as the rest of the crate does,
/// and the test can still read them on purpose.
#[tokio::test]
async fn the_journal_redacts_secrets_when_printed() {
    let fake = FakeGenesys::start().await;
    let client = quick(&fake);
    let created = client
        .post_oauth_clients(OAuthClientRequest::new("journal", GrantType::ClientCredentials))
        .await
        .unwrap();
    let rotated = client.post_oauth_client_secret(&created.id).await.unwrap();
    let secrets = [created.secret.unwrap(), rotated.secret.unwrap()];
    let journal = fake.journal();
    let printed = format!("{journal:?} {}", journal[1].response.as_ref().unwrap());
    for secret in &secrets {
        assert!(!printed.contains(secret.expose_secret()), "{printed}");
    }
    assert!(printed.contains("<redacted>"), "{printed}");
    let answered = journal[1].response.as_ref().unwrap().value();
    assert_eq!(answered["secret"], secrets[1].expose_secret());
}

/// Issue 22, points 6 and 7: the constraints the service documents are schema facts the fake
/// checks (a 400 naming the field), and a typed `Interval` is what the API reads.
#[tokio::test]
async fn documented_constraints_are_checked_and_a_typed_interval_passes() {
    let fake = FakeGenesys::start().await;
    let client = quick(&fake);
    let short = OAuthClientRequest::new("short", GrantType::ClientCredentials)
        .with_access_token_validity_seconds(5);
    let error = client.post_oauth_clients(short).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert!(
        error.to_string().contains("`accessTokenValiditySeconds` must be at least 300"),
        "{error}"
    );
    let long = OAuthClientRequest::new("long", GrantType::ClientCredentials)
        .with_access_token_validity_seconds(172_801);
    assert!(client.post_oauth_clients(long).await.unwrap_err().to_string().contains("at most 172800"));
    let created = client
        .post_oauth_clients(
            OAuthClientRequest::new("ok", GrantType::ClientCredentials)
                .with_access_token_validity_seconds(300),
        )
        .await
        .unwrap();

    let error = client
        .post_oauth_client_usage_query(&created.id, ApiUsageClientQuery::new("last week"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("`interval` must match"), "{error}");
    let week = genesys_cloud_oauth::Interval::last_days(7);
    client
        .post_oauth_client_usage_query(&created.id, ApiUsageClientQuery::new(week))
        .await
        .unwrap();
    // The documented form without fractions or offset is taken too.
    client
        .post_oauth_client_usage_query(
            &created.id,
            ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00"),
        )
        .await
        .unwrap();
}

/// Issue 22, point 7: a usage result is built from its query (interval, granularity, metrics,
/// group-by), not one canned row.
#[tokio::test]
async fn usage_results_follow_the_query() {
    use chrono::TimeZone;
    let fake = FakeGenesys::builder()
        .pending_polls(0)
        .seed_clients([OAuthClient::new("c-7", "usage", GrantType::ClientCredentials)])
        .start()
        .await;
    let client = quick(&fake);
    let start = chrono::Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let week = genesys_cloud_oauth::Interval::new(start, start + chrono::TimeDelta::days(7)).unwrap();
    let query = ApiUsageClientQuery::new(week)
        .with_granularity(Granularity::Day)
        .with_metrics(vec![UsageMetric::Requests, UsageMetric::Status429])
        .with_group_by(vec![UsageGroupBy::TemplateUri, UsageGroupBy::OAuthClientId]);
    let client_id = ClientId::from("c-7");
    let policy = WaitPolicy::new(Duration::from_secs(10))
        .with_delays(Duration::from_millis(1), Duration::from_millis(5));
    let result = client
        .post_oauth_client_usage_query(&client_id, query)
        .wait_for_query_result(policy)
        .await
        .unwrap();
    let rows = result.results.unwrap();
    assert_eq!(rows.len(), 7, "one row per day of the week");
    assert_eq!(rows[0].date, Some(start));
    assert_eq!(rows[6].date, Some(start + chrono::TimeDelta::days(6)));
    for row in &rows {
        assert!(row.requests.is_some() && row.status429.is_some(), "{row:?}");
        assert!(row.status200.is_none() && row.status500.is_none(), "only the metrics asked for: {row:?}");
        assert!(row.template_uri.is_some() && row.http_method.is_none(), "{row:?}");
        assert_eq!(row.client_id.as_deref(), Some("c-7"));
    }
    // A month by week: five buckets, the last one partial.
    let month = ApiUsageClientQuery::new("2024-01-01T00:00:00Z/2024-02-01T00:00:00Z")
        .with_granularity(Granularity::Week);
    let result = client
        .post_oauth_client_usage_query(&client_id, month)
        .wait_for_query_result(policy)
        .await
        .unwrap();
    let rows = result.results.unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].status200.is_some() && rows[0].requests.is_some(), "every metric when none is named");
}
