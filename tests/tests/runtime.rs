//! The client's behaviour around the operations: path safety, errors, retries, login, redaction.

use std::time::Duration;

use genesys_cloud_oauth::models::{ClientId, ExecutionId, GrantType, OAuthClientRequest};
use genesys_cloud_oauth::{Client, Error, Region, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token("t")
        .retry_policy(retry)
        .build()
        .unwrap()
}

/// Fast retries, so tests that retry take milliseconds.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

async fn any_ok(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "c-1", "name": "n", "authorizedGrantType": "CODE"})),
        )
        .mount(server)
        .await;
}

async fn requested_paths(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect()
}

#[tokio::test]
async fn hostile_ids_stay_one_path_segment() {
    let server = MockServer::start().await;
    any_ok(&server).await;
    let client = client(&server, RetryPolicy::disabled());
    for id in [
        "../../users",
        "...",
        ".%2E",
        "a/b?c=d#e",
        "100%",
        "sp ace",
        "é",
    ] {
        client.get_oauth_client(id).await.unwrap();
    }
    assert_eq!(
        requested_paths(&server).await,
        [
            "/api/v2/oauth/clients/..%2F..%2Fusers",
            "/api/v2/oauth/clients/...",
            "/api/v2/oauth/clients/.%252E",
            "/api/v2/oauth/clients/a%2Fb%3Fc%3Dd%23e",
            "/api/v2/oauth/clients/100%25",
            "/api/v2/oauth/clients/sp%20ace",
            "/api/v2/oauth/clients/%C3%A9",
        ]
    );
}

#[tokio::test]
async fn a_base_url_with_a_path_keeps_it() {
    // A proxy or gateway in front of the API, given with and without a trailing slash.
    let server = MockServer::start().await;
    any_ok(&server).await;
    for base in [
        format!("{}/proxy/v1", server.uri()),
        format!("{}/proxy/v1/", server.uri()),
    ] {
        let client = Client::builder()
            .base_url(base)
            .access_token("t")
            .build()
            .unwrap();
        client.get_oauth_client("a/b").await.unwrap();
    }
    assert_eq!(
        requested_paths(&server).await,
        ["/proxy/v1/api/v2/oauth/clients/a%2Fb"; 2]
    );
}

#[tokio::test]
async fn empty_and_dot_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    any_ok(&server).await;
    let client = client(&server, RetryPolicy::disabled());
    for id in ["", ".", ".."] {
        let error = client.delete_oauth_client(id).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidArgument {
                    name: "client_id",
                    ..
                }
            ),
            "{id:?}: {error:?}"
        );
        assert!(error.is_invalid_argument());
        assert_eq!(error.invalid_argument(), Some("client_id"));
    }
    let error = client
        .get_oauth_client_usage_query_result(ExecutionId::from("e-1"), ClientId::from(".."))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                name: "client_id",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn api_errors_carry_the_error_body_and_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("inin-correlation-id", "corr-123")
                .set_body_json(json!({"status": 400, "code": "cannot.delete.client", "message": "Client must be inactive"})),
        )
        .mount(&server)
        .await;

    let error = client(&server, RetryPolicy::disabled())
        .delete_oauth_client("c-1")
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.code(), Some("cannot.delete.client"));
    assert_eq!(error.correlation_id(), Some("corr-123"));
    let api = error.api_error().unwrap();
    assert_eq!(api.body.as_ref().unwrap().status, Some(400));
    let shown = error.to_string();
    for part in [
        "deleteOauthClient",
        "400",
        "cannot.delete.client",
        "Client must be inactive",
        "corr-123",
    ] {
        assert!(shown.contains(part), "`{shown}` lacks `{part}`");
    }
}

#[tokio::test]
async fn an_html_error_page_keeps_its_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_string("<html><body>Not Found</body></html>"),
        )
        .mount(&server)
        .await;
    let error = client(&server, RetryPolicy::disabled())
        .get_oauth_client("c-1")
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    let api = error.api_error().unwrap();
    assert!(api.body.is_none());
    assert!(api.raw_body.contains("Not Found"));
}

#[tokio::test]
async fn malformed_truncated_and_empty_bodies_are_decode_errors() {
    for body in [
        "{not json",
        "{\"name\": \"n\", \"authorizedGrantType\": \"CO",
        "",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
        // A scope carries no secret: the error quotes the body.
        let error = client(&server, RetryPolicy::disabled())
            .get_oauth_scope("s-1")
            .await
            .unwrap_err();
        match &error {
            Error::Decode {
                status, snippet, ..
            } => {
                assert_eq!(status.as_u16(), 200);
                assert_eq!(snippet, body);
            }
            other => panic!("expected a decode error for {body:?}, got {other:?}"),
        }
        // An OAuth client carries its secret: the error says why, but quotes nothing.
        let error = client(&server, RetryPolicy::disabled())
            .get_oauth_client("c-1")
            .await
            .unwrap_err();
        match &error {
            Error::Decode { snippet, .. } => {
                assert!(snippet.starts_with("<withheld"), "{snippet}");
                assert!(error.is_decode() && !error.is_server_error());
            }
            other => panic!("expected a decode error for {body:?}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "c-1", "name": "n", "authorizedGrantType": "CODE"})),
        )
        .mount(&server)
        .await;

    let body = OAuthClientRequest::new("n", GrantType::Code);
    client(&server, quick_retries())
        .post_oauth_clients(body)
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server, quick_retries().with_max_attempts(3))
        .get_oauth_client("c-1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_not_waited() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let error = client(&server, quick_retries())
        .get_oauth_client("c-1")
        .await
        .unwrap_err();
    assert!(error.is_rate_limited());
    assert_eq!(
        error.api_error().unwrap().retry_after,
        Some(Duration::from_secs(3600))
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn server_errors_and_unsafe_retries_are_not_retried() {
    // 500 is not retried, even for GET.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    client(&server, quick_retries())
        .get_oauth_client("c-1")
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // A POST answered 502 may have been carried out: not retried.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    client(&server, quick_retries())
        .post_oauth_client_secret("c-1")
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // The same 502 on a GET is retried.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    any_ok(&server).await;
    client(&server, quick_retries())
        .get_oauth_client("c-1")
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("t")
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client.get_oauth_client("c-1").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .access_token("t")
        .retry_policy(quick_retries().with_max_attempts(2))
        .build()
        .unwrap();
    let error = client.get_oauth_client("c-1").await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "getOauthClient",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn client_credentials_share_one_token_and_refresh_after_401() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", "Basic aWQ6c2VjcmV0")) // base64("id:secret")
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok-1", "token_type": "bearer", "expires_in": 86399}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials("id", "secret")
        .build()
        .unwrap();

    let calls = (0..10).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_oauth_scopes().await })
    });
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let token_requests = |requests: &[wiremock::Request]| {
        requests
            .iter()
            .filter(|r| r.url.path() == "/oauth/token")
            .count()
    };
    assert_eq!(
        token_requests(&server.received_requests().await.unwrap()),
        1,
        "one token for ten concurrent calls"
    );

    // A 401 means the token went bad: one refresh, one retry.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-2", "expires_in": 86399})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .mount(&server)
        .await;
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(
        token_requests(&server.received_requests().await.unwrap()),
        1
    );
}

#[tokio::test]
async fn a_refused_login_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_client", "error_description": "client not found"}),
        ))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials("id", "wrong")
        .build()
        .unwrap();

    let error = client.get_oauth_scopes().await.unwrap_err();

    let Error::Auth(auth) = &error else {
        panic!("expected an auth error, got {error:?}")
    };
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));
    assert_eq!(auth.description.as_deref(), Some("client not found"));
    assert!(error.to_string().contains("invalid_client"));
    assert!(!error.to_string().contains("wrong"));
}

#[tokio::test]
async fn secrets_are_redacted() {
    let client = Client::builder()
        .client_credentials("id", "very-secret-value")
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("very-secret-value"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");

    let token_client = Client::builder()
        .access_token("token-value-xyz")
        .build()
        .unwrap();
    assert!(!format!("{token_client:?}").contains("token-value-xyz"));

    let created: genesys_cloud_oauth::models::OAuthClient = serde_json::from_value(
        json!({"id": "c-1", "name": "n", "authorizedGrantType": "CODE", "secret": "client-secret-abc"}),
    )
    .unwrap();
    let shown = format!("{created:?}");
    assert!(!shown.contains("client-secret-abc"), "{shown}");
    assert_eq!(created.secret.unwrap().expose_secret(), "client-secret-abc");
}

#[test]
fn regions_come_from_the_spec() {
    assert_eq!(Region::ALL.len(), 18);
    assert_eq!(Region::default().api_url(), "https://api.mypurecloud.com");
    assert_eq!(
        Region::default().login_url(),
        "https://login.mypurecloud.com"
    );
    let frankfurt: Region = "eu-central-1".parse().unwrap();
    assert_eq!(frankfurt.api_url(), "https://api.mypurecloud.de");
    assert_eq!("api.mypurecloud.de".parse::<Region>().unwrap(), frankfurt);
    assert!("mars-1".parse::<Region>().is_err());
    let sovereign: Region = "eusc-de-east-1".parse().unwrap();
    assert_eq!(sovereign.login_url(), "https://login.edee1.eusc-pure.cloud");
    assert_eq!("api.mxc1.pure.cloud".parse::<Region>().unwrap().name(), "mx-central-1");
}

#[test]
fn every_region_has_distinct_well_formed_urls_and_parses_back() {
    let mut seen = std::collections::BTreeSet::new();
    for region in Region::ALL.iter().copied() {
        for url in [region.api_url(), region.login_url()] {
            let parsed = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("{region}: {url}: {e}"));
            assert_eq!(parsed.scheme(), "https", "{region}: {url}");
            assert_eq!(parsed.path(), "/", "{region}: {url} has a path");
            assert!(!url.ends_with('/'), "{region}: {url} ends with `/`");
            assert!(seen.insert(url), "{region}: {url} is another region's too");
            assert_eq!(url.parse::<Region>().unwrap(), region, "{url}");
        }
        assert_eq!(
            region.login_url(),
            region.api_url().replacen("//api.", "//login.", 1),
            "{region}"
        );
        assert_eq!(region.name().parse::<Region>().unwrap(), region);
        assert!(seen.insert(region.name()), "{region}: name used twice");
    }
}

#[test]
fn building_without_credentials_fails_clearly() {
    let error = Client::builder().build().unwrap_err();
    assert!(error.to_string().contains("no credentials"), "{error}");
}

#[tokio::test]
async fn an_expiring_token_is_refreshed_before_use() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "short-lived", "expires_in": 1})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials("id", "secret")
        .build()
        .unwrap();

    client.get_oauth_scopes().await.unwrap();
    client.get_oauth_scopes().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client.get_oauth_scopes().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let tokens = requests
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count();
    assert_eq!(
        tokens, 2,
        "one token for the first two calls, a new one once it was about to expire"
    );
}

/// A server that sends headers promising a body, part of the body, then closes the connection.
async fn truncating_server() -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        // Bounded: serves a few connections (one per attempt), then stops by itself.
        for _ in 0..8 {
            let Ok(Ok((mut socket, _))) =
                tokio::time::timeout(Duration::from_secs(5), listener.accept()).await
            else {
                return;
            };
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"name\": \"par")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{address}"), task)
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_a_transport_error() {
    let (url, server) = truncating_server().await;
    let client = Client::builder()
        .base_url(url)
        .access_token("t")
        .retry_policy(quick_retries().with_max_attempts(2))
        .build()
        .unwrap();

    let error = client.get_oauth_client("c-1").await.unwrap_err();

    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "getOauthClient",
                ..
            }
        ),
        "{error:?}"
    );
    server.abort();
}

#[tokio::test]
async fn retry_after_may_be_an_http_date() {
    let server = MockServer::start().await;
    // A date already past means "retry now".
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    any_ok(&server).await;
    client(&server, quick_retries())
        .get_oauth_client("c-1")
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // A date far ahead is beyond the cap: the error is returned with the wait the server asked for.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "Fri, 01 Jan 2100 00:00:00 GMT"),
        )
        .mount(&server)
        .await;
    let error = client(&server, quick_retries())
        .post_oauth_client_secret("c-1")
        .await
        .unwrap_err();
    assert!(error.api_error().unwrap().retry_after.unwrap() > Duration::from_secs(86_400));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[test]
fn the_date_types_of_the_api_are_reexported() {
    let when: genesys_cloud_oauth::chrono::DateTime<genesys_cloud_oauth::chrono::Utc> =
        "2024-01-01T00:00:00Z".parse().unwrap();
    let client = genesys_cloud_oauth::models::OAuthClient::new(
        "c-1",
        "n",
        genesys_cloud_oauth::models::GrantType::Code,
    )
    .with_date_created(when);
    assert_eq!(client.date_created, Some(when));
}

#[test]
fn enum_values_in_another_case_are_the_known_ones() {
    use genesys_cloud_oauth::models::GrantType;
    assert_eq!(
        GrantType::from("client-credentials"),
        GrantType::ClientCredentials
    );
    assert_eq!(GrantType::from("Code"), GrantType::Code);
    let decoded: GrantType = serde_json::from_str("\"saml2-bearer\"").unwrap();
    assert_eq!(decoded, GrantType::Saml2Bearer);
    // Written back as the spec spells it.
    assert_eq!(serde_json::to_string(&decoded).unwrap(), "\"SAML2-BEARER\"");
    // Anything else is kept as it came.
    assert_eq!(
        GrantType::from("client_credentials"),
        GrantType::Unknown("client_credentials".to_owned())
    );
}
