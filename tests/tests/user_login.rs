//! Users log in, end to end against the fake: the authorization code grant with PKCE (through a
//! loopback listener and as a web server would), refresh tokens with rotation, a stored refresh
//! token, SAML2 bearer, a program's own token source, and the answers of a login that fails.
//! The same flows against raw servers that misbehave are the runtime's unit tests
//! (`templates/runtime/auth_tests.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use genesys_cloud_oauth::models::{AuthorizationState, DomainEntityRef, GrantType, OAuthAuthorization, OAuthClient, OAuthClientRequest};
use genesys_cloud_oauth::testing::{FakeApp, FakeGenesys};
use genesys_cloud_oauth::{BoxFuture, Client, Error, OAuthApp, SecretString, TokenSource, Tokens};

const CALLBACK: &str = "https://admin-tool.example/callback";

/// A fake whose default user has authorized one client, with a public code client (`cli`,
/// loopback) and a confidential one (`web`).
async fn fake() -> FakeGenesys {
    FakeGenesys::builder()
        .seed_authorizations([authorization("partner-1", FakeGenesys::DEFAULT_USER)])
        .app(FakeApp::code("cli", "http://127.0.0.1/callback"))
        .app(FakeApp::code("web", CALLBACK).with_secret("web-secret-0123456789"))
        .start()
        .await
}

fn authorization(client_id: &str, user: &str) -> OAuthAuthorization {
    OAuthAuthorization::default()
        .with_client(OAuthClient::new(client_id, "partner app", GrantType::Code))
        .with_resource_owner(DomainEntityRef::new().with_id(user))
        .with_state(AuthorizationState::Authorized)
}

/// What a browser does with the redirect: one GET to the loopback listener.
async fn follow(redirect: &str) -> u16 {
    reqwest::Client::new().get(redirect).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_command_line_program_logs_in_through_the_loopback_and_lists_its_authorizations() {
    let fake = fake().await;
    let login = fake
        .login_builder()
        .authorization_code(OAuthApp::public("cli"))
        .scopes(genesys_cloud_oauth::scopes::minimal([genesys_cloud_oauth::scopes::Operation::GetOauthAuthorizations]))
        .loopback()
        .await
        .unwrap();
    assert!(login.authorize_url().contains("scope=oauth%3Areadonly"), "{}", login.authorize_url());
    // The user's browser: the fake's login page approves, then comes back to the listener.
    let redirect = fake.authorize(login.authorize_url()).await.unwrap();
    assert!(redirect.starts_with(login.redirect_uri()), "{redirect}");
    let waiting = tokio::spawn(login.finish(Duration::from_secs(60)));
    assert_eq!(follow(&redirect).await, 200);
    let user = waiting.await.unwrap().unwrap();
    let listed = user.get_oauth_authorizations().await.unwrap();
    assert_eq!(listed.total, Some(1));
    assert_eq!(listed.entities.unwrap()[0].client.as_ref().unwrap().id.to_string(), "partner-1");
}

#[tokio::test]
async fn a_web_server_exchanges_the_code_and_the_refresh_token_rotates() {
    let fake = fake().await;
    let stored = Arc::new(Mutex::new(Vec::<String>::new()));
    let hook = stored.clone();
    let login = fake
        .login_builder()
        .on_tokens(move |tokens: &Tokens| {
            hook.lock().unwrap().push(tokens.refresh_token.as_ref().unwrap().expose_secret().to_owned())
        })
        .authorization_code(OAuthApp::confidential("web", "web-secret-0123456789"))
        .redirect_uri(CALLBACK)
        .start()
        .unwrap();
    // The web server sends the browser to the login page, which comes back with a code.
    let redirect = fake.authorize(login.authorize_url()).await.unwrap();
    let query: Vec<(String, String)> =
        reqwest::Url::parse(&redirect).unwrap().query_pairs().map(|(n, v)| (n.into(), v.into())).collect();
    let get = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap();
    let user = login.exchange(&get("code"), &get("state")).await.unwrap();
    user.get_oauth_authorization("partner-1").await.unwrap();
    assert_eq!(stored.lock().unwrap().len(), 1, "the hook heard of the login's tokens");

    // The access token stops working: one 401, one refresh, and the call succeeds.
    fake.expire_access_tokens();
    user.get_oauth_authorizations().await.unwrap();
    let refresh_tokens = stored.lock().unwrap().clone();
    assert_eq!(refresh_tokens.len(), 2);
    assert_ne!(refresh_tokens[0], refresh_tokens[1], "the refresh token rotated");

    // The first refresh token was spent by the rotation: a program that stored it fails clearly.
    let stale = fake
        .login_builder()
        .refresh_token(OAuthApp::confidential("web", "web-secret-0123456789"), refresh_tokens[0].clone())
        .build()
        .unwrap();
    let error = stale.get_oauth_authorizations().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error}");
    // The latest one starts a new run.
    let resumed = fake
        .login_builder()
        .refresh_token(OAuthApp::confidential("web", "web-secret-0123456789"), refresh_tokens[1].clone())
        .build()
        .unwrap();
    assert_eq!(resumed.get_oauth_authorizations().await.unwrap().total, Some(1));
}

#[tokio::test]
async fn revoked_sessions_end_in_one_clear_error() {
    let fake = fake().await;
    let user = fake.user_client(&FakeApp::code("cli", "http://127.0.0.1/callback")).await.unwrap();
    user.get_oauth_authorizations().await.unwrap();
    fake.revoke_refresh_tokens();
    fake.expire_access_tokens();
    for _ in 0..2 {
        let error = user.get_oauth_authorizations().await.unwrap_err();
        assert_eq!(error.code(), Some("invalid_grant"), "{error}");
        assert!(error.is_auth());
    }
    // One 401 from the API, then nothing more: the refused refresh token is not sent again.
    let calls = fake.journal().iter().filter(|e| e.status == 401).count();
    assert_eq!(calls, 1);
}

#[tokio::test]
async fn a_code_client_created_through_the_api_logs_its_user_in() {
    let fake = fake().await;
    let admin = fake.client();
    let created = admin
        .post_oauth_clients(
            OAuthClientRequest::new("admin tool", GrantType::Code).with_registered_redirect_uri(vec![CALLBACK.to_owned()]),
        )
        .await
        .unwrap();
    let app = FakeApp::code(created.id.to_string(), CALLBACK).with_secret(created.secret.clone().unwrap());
    let user = fake.user_client(&app).await.unwrap();
    assert_eq!(user.get_oauth_authorizations().await.unwrap().total, Some(1));
    // Its registered redirect URI is checked: another one is not redirected to at all.
    let elsewhere = FakeApp::code(created.id.to_string(), "https://attacker.example/cb");
    let error = fake.user_client(&elsewhere).await.unwrap_err();
    assert!(error.to_string().contains("is not a redirect URI"), "{error}");
    // A client-credentials client cannot log users in.
    let service = admin.post_oauth_clients(OAuthClientRequest::new("service", GrantType::ClientCredentials)).await.unwrap();
    let service = FakeApp::code(service.id.to_string(), CALLBACK);
    let error = fake.user_client(&service).await.unwrap_err();
    assert!(error.to_string().contains("is not a redirect URI"), "{error}");
}

#[tokio::test]
async fn a_user_who_refuses_ends_the_login_with_access_denied() {
    let fake = fake().await;
    fake.log_in_as(None);
    let error = fake.user_client(&FakeApp::code("cli", "http://127.0.0.1/callback")).await.unwrap_err();
    assert_eq!(error.code(), Some("access_denied"), "{error}");
}

#[tokio::test]
async fn saml2_bearer_acts_as_the_assertions_user() {
    let fake = FakeGenesys::builder()
        .seed_authorizations([authorization("partner-1", "saml-user"), authorization("partner-2", "someone")])
        .app(FakeApp::saml2_bearer("saml-app", "saml-secret-0123456789"))
        .start()
        .await;
    fake.accept_saml2_assertion("PHNhbWw+dXNlcjwvc2FtbD4=", "saml-user");
    let user = fake
        .login_builder()
        .saml2_bearer(OAuthApp::confidential("saml-app", "saml-secret-0123456789"), "my-org", "PHNhbWw+dXNlcjwvc2FtbD4=")
        .build()
        .unwrap();
    let listed = user.get_oauth_authorizations().await.unwrap();
    assert_eq!(listed.total, Some(1));
    let forged = fake
        .login_builder()
        .saml2_bearer(OAuthApp::confidential("saml-app", "saml-secret-0123456789"), "my-org", "Zm9yZ2Vk")
        .build()
        .unwrap();
    let error = forged.get_oauth_authorizations().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"));
    for shown in [error.to_string(), format!("{error:?}"), format!("{forged:?}")] {
        assert!(!shown.contains("Zm9yZ2Vk") && !shown.contains("saml-secret"), "{shown}");
    }
}

/// A program's own source: here, a token another part of the program got from the login host.
#[derive(Debug)]
struct Broker {
    fake_url: String,
    fetched: Arc<Mutex<u32>>,
}

impl TokenSource for Broker {
    fn fetch(&self) -> BoxFuture<'_, Result<Tokens, Error>> {
        Box::pin(async move {
            *self.fetched.lock().unwrap() += 1;
            let answer: serde_json::Value = reqwest::Client::new()
                .post(format!("{}/oauth/token", self.fake_url))
                .basic_auth("fake-client-id", Some("fake-client-secret"))
                .body("grant_type=client_credentials")
                .send()
                .await
                .map_err(|e| Error::token_source(e.to_string()))?
                .json()
                .await
                .map_err(|e| Error::token_source(e.to_string()))?;
            Ok(Tokens::new(answer["access_token"].as_str().unwrap_or_default()).with_expires_in(Duration::from_secs(3600)))
        })
    }
}

#[tokio::test]
async fn a_programs_own_token_source_is_cached_and_asked_again_after_a_401() {
    let fake = fake().await;
    let fetched = Arc::new(Mutex::new(0));
    let client = Client::builder()
        .base_url(fake.base_url())
        .token_source(Broker { fake_url: fake.base_url(), fetched: fetched.clone() })
        .build()
        .unwrap();
    client.get_oauth_scopes().await.unwrap();
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(*fetched.lock().unwrap(), 1);
    fake.expire_access_tokens();
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(*fetched.lock().unwrap(), 2);
}

#[test]
fn no_login_secret_prints() {
    let app = OAuthApp::confidential("id", SecretString::new("app-secret-0123456789"));
    let tokens = Tokens::new("access-0123456789").with_refresh_token("refresh-0123456789");
    for shown in [format!("{app:?}"), format!("{tokens:?}")] {
        assert!(!shown.contains("0123456789"), "{shown}");
    }
}
