//! Every operation against a local server: the method, exact path, query, headers and body sent,
//! and the response decoded.

use genesys_cloud_oauth::models::{
    ApiUsageClientQuery, ClientId, ClientState, ExecutionId, GrantType, Granularity, OAuthClientRequest, QueryStatus,
    RoleDivision, UsageGroupBy, UsageMetric,
};
use genesys_cloud_oauth::{Client, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-access-token";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn oauth_client_json() -> Value {
    json!({
        "id": "c-1",
        "name": "billing sync",
        "accessTokenValiditySeconds": 86400,
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "secret": "s3cr3t-value",
        "roleDivisions": [{"roleId": "r-1", "divisionId": "d-1"}],
        "state": "active",
        "dateCreated": "2024-01-02T03:04:05Z",
        "dateModified": "2024-01-02T03:04:05.123+00:00",
        "createdBy": {"id": "u-1", "selfUri": "/api/v2/users/u-1"},
        "selfUri": "/api/v2/oauth/clients/c-1"
    })
}

async fn mount(server: &MockServer, verb: &str, route: &str, status: u16, body: Value) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// What every call sends: the bearer token, JSON accepted, and a body type only with a body.
fn assert_common_headers(request: &Request, has_body: bool) {
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(
        header(request, "content-type").is_some(),
        has_body,
        "content-type only with a body"
    );
    let agent = header(request, "user-agent").unwrap();
    assert!(agent.starts_with("genesys-cloud-oauth/"), "{agent}");
}

fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn get_oauth_client() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/api/v2/oauth/clients/c-1",
        200,
        oauth_client_json(),
    )
    .await;

    let found = client(&server).get_oauth_client("c-1").await.unwrap();

    assert_eq!(found.id, "c-1");
    assert_eq!(found.name, "billing sync");
    assert_eq!(found.authorized_grant_type, GrantType::ClientCredentials);
    assert_eq!(found.state, Some(ClientState::Active));
    assert_eq!(found.access_token_validity_seconds, Some(86_400));
    assert_eq!(
        found.secret.as_ref().unwrap().expose_secret(),
        "s3cr3t-value"
    );
    assert_eq!(
        found.role_divisions.as_ref().unwrap()[0],
        RoleDivision::new("r-1", "d-1")
    );
    // Both offset forms, with and without fractions, are real date-times.
    assert_eq!(
        found.date_created.unwrap().to_rfc3339(),
        "2024-01-02T03:04:05+00:00"
    );
    assert_eq!(found.date_modified.unwrap().timestamp_subsec_millis(), 123);
    let request = only_request(&server).await;
    assert_common_headers(&request, false);
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_oauth_clients() {
    let server = MockServer::start().await;
    // Since 2026-02 a listed client is a whole `OAuthClient`, its grant type included.
    let listing = json!({"entities": [oauth_client_json()], "pageSize": 25, "pageNumber": 1, "total": 1, "pageCount": 1});
    mount(&server, "GET", "/api/v2/oauth/clients", 200, listing).await;

    let page = client(&server).get_oauth_clients().await.unwrap();

    let entities = page.entities.unwrap();
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0].name, "billing sync");
    let listed: &genesys_cloud_oauth::models::OAuthClient = &entities[0];
    assert_eq!(listed.authorized_grant_type, GrantType::ClientCredentials);
    assert_eq!(
        (page.page_size, page.page_number, page.total),
        (Some(25), Some(1), Some(1))
    );
    assert_common_headers(&only_request(&server).await, false);
}

#[tokio::test]
async fn post_oauth_clients() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/api/v2/oauth/clients",
        200,
        oauth_client_json(),
    )
    .await;

    let body = OAuthClientRequest::new("billing sync", GrantType::ClientCredentials)
        .with_role_divisions(vec![RoleDivision::new("r-1", "d-1")])
        .with_access_token_validity_seconds(3600);
    let created = client(&server).post_oauth_clients(body).await.unwrap();

    assert_eq!(created.id, "c-1");
    let request = only_request(&server).await;
    assert_common_headers(&request, true);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    // Absent optional fields are not sent at all.
    assert_eq!(
        body_json(&request),
        json!({
            "name": "billing sync",
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "accessTokenValiditySeconds": 3600,
            "roleDivisions": [{"roleId": "r-1", "divisionId": "d-1"}]
        })
    );
}

#[tokio::test]
async fn put_oauth_client() {
    let server = MockServer::start().await;
    mount(
        &server,
        "PUT",
        "/api/v2/oauth/clients/c-1",
        200,
        oauth_client_json(),
    )
    .await;

    let body = OAuthClientRequest::new("renamed", GrantType::Code)
        .with_state(ClientState::Inactive)
        .with_registered_redirect_uri(vec!["https://app.example/callback".to_owned()]);
    client(&server).put_oauth_client("c-1", body).await.unwrap();

    let request = only_request(&server).await;
    assert_common_headers(&request, true);
    assert_eq!(
        body_json(&request),
        json!({
            "name": "renamed",
            "authorizedGrantType": "CODE",
            "state": "inactive",
            "registeredRedirectUri": ["https://app.example/callback"]
        })
    );
}

#[tokio::test]
async fn delete_oauth_client() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_oauth_client("c-1")
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 200);
    assert_common_headers(&only_request(&server).await, false);
}

#[tokio::test]
async fn post_oauth_client_secret_sends_no_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/api/v2/oauth/clients/c-1/secret",
        200,
        oauth_client_json(),
    )
    .await;

    let rotated = client(&server)
        .post_oauth_client_secret("c-1")
        .await
        .unwrap();

    assert_eq!(rotated.secret.unwrap().expose_secret(), "s3cr3t-value");
    let request = only_request(&server).await;
    assert_common_headers(&request, false);
    assert!(request.body.is_empty(), "no body, not even `null`");
}

#[tokio::test]
async fn get_oauth_authorizations_with_language() {
    let server = MockServer::start().await;
    let listing = json!({
        "total": 1,
        "entities": [{"client": oauth_client_json(), "scope": ["users:readonly"], "pending": false, "state": "Authorized"}],
        "selfUri": "/api/v2/oauth/authorizations"
    });
    mount(&server, "GET", "/api/v2/oauth/authorizations", 200, listing).await;

    let listing = client(&server)
        .get_oauth_authorizations()
        .accept_language("fr-ca")
        .await
        .unwrap();

    let entity = &listing.entities.unwrap()[0];
    assert_eq!(
        entity.state,
        Some(genesys_cloud_oauth::models::AuthorizationState::Authorized)
    );
    assert_eq!(entity.client.as_ref().unwrap().name, "billing sync");
    let request = only_request(&server).await;
    assert_common_headers(&request, false);
    assert_eq!(header(&request, "accept-language"), Some("fr-ca"));
}

#[tokio::test]
async fn get_oauth_authorization_without_language_sends_none() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/api/v2/oauth/authorizations/c-1",
        200,
        json!({"state": "Revoked"}),
    )
    .await;

    let authorization = client(&server)
        .get_oauth_authorization("c-1")
        .await
        .unwrap();

    assert_eq!(
        authorization.state,
        Some(genesys_cloud_oauth::models::AuthorizationState::Revoked)
    );
    let request = only_request(&server).await;
    assert_common_headers(&request, false);
    assert_eq!(header(&request, "accept-language"), None);
}

#[tokio::test]
async fn get_oauth_scopes_and_scope() {
    let server = MockServer::start().await;
    let scope = json!({"id": "users:readonly", "description": "Voir les utilisateurs", "selfUri": "/api/v2/oauth/scopes/users:readonly"});
    mount(
        &server,
        "GET",
        "/api/v2/oauth/scopes",
        200,
        json!({"total": 1, "entities": [scope.clone()]}),
    )
    .await;
    let scopes = client(&server)
        .get_oauth_scopes()
        .accept_language("fr-ca")
        .await
        .unwrap();
    assert_eq!(scopes.total, Some(1));
    assert_eq!(
        header(&only_request(&server).await, "accept-language"),
        Some("fr-ca")
    );

    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/api/v2/oauth/scopes/users%3Areadonly",
        200,
        scope,
    )
    .await;
    let found = client(&server)
        .get_oauth_scope("users:readonly")
        .await
        .unwrap();
    assert_eq!(found.description.as_deref(), Some("Voir les utilisateurs"));
    assert_common_headers(&only_request(&server).await, false);
}

#[tokio::test]
async fn usage_summary_with_days_and_202() {
    let server = MockServer::start().await;
    let handle = json!({"executionId": "e-1", "resultsUri": "/api/v2/oauth/clients/c-1/usage/query/results/e-1"});
    mount(
        &server,
        "GET",
        "/api/v2/oauth/clients/c-1/usage/summary",
        202,
        handle,
    )
    .await;

    let response = client(&server)
        .get_oauth_client_usage_summary("c-1")
        .days(30)
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 202);
    assert_eq!(response.body.execution_id.as_deref(), Some("e-1"));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("days=30"));
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn usage_query_and_result() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/api/v2/oauth/clients/c-1/usage/query",
        200,
        json!({"executionId": "e-1"}),
    )
    .await;
    let query = ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00")
        .with_granularity(Granularity::Day)
        .with_metrics(vec![UsageMetric::Status200, UsageMetric::Status429])
        .with_group_by(vec![UsageGroupBy::TemplateUri]);
    let handle = client(&server)
        .post_oauth_client_usage_query("c-1", query)
        .await
        .unwrap();
    assert_eq!(handle.execution_id.as_deref(), Some("e-1"));
    let request = only_request(&server).await;
    assert_common_headers(&request, true);
    assert_eq!(
        body_json(&request),
        json!({
            "interval": "2024-01-01T00:00:00/2024-01-08T00:00:00",
            "granularity": "Day",
            "metrics": ["Status200", "Status429"],
            "groupBy": ["TemplateUri"]
        })
    );

    let server = MockServer::start().await;
    let result = json!({
        "queryStatus": "Complete",
        "results": [{"clientId": "c-1", "status200": 9_000_000_000_i64, "requests": 9_000_000_001_i64, "date": "2024-01-01T00:00:00Z"}],
        "cursors": {"after": "abc"}
    });
    mount(
        &server,
        "GET",
        "/api/v2/oauth/clients/c-1/usage/query/results/e-1",
        200,
        result,
    )
    .await;
    // The execution id comes first, as in the official SDKs; both are typed, so a swap does not
    // compile (the method's `compile_fail` doctest).
    let result = client(&server)
        .get_oauth_client_usage_query_result(ExecutionId::from("e-1"), ClientId::from("c-1"))
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));
    assert_eq!(result.results.unwrap()[0].status200, Some(9_000_000_000));
    assert_eq!(result.cursors.unwrap().after.as_deref(), Some("abc"));
}

#[tokio::test]
async fn unknown_enum_values_are_kept_and_written_back() {
    let server = MockServer::start().await;
    let mut body = oauth_client_json();
    body["authorizedGrantType"] = json!("PKCE-CODE");
    body["state"] = json!("archived");
    mount(&server, "GET", "/api/v2/oauth/clients/c-1", 200, body).await;

    let found = client(&server).get_oauth_client("c-1").await.unwrap();

    assert_eq!(
        found.authorized_grant_type,
        GrantType::Unknown("PKCE-CODE".to_owned())
    );
    assert_eq!(
        found.state,
        Some(ClientState::Unknown("archived".to_owned()))
    );
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json["authorizedGrantType"], "PKCE-CODE");
    assert_eq!(json["state"], "archived");
}
