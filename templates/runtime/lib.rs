//! The seam that lets the runtime files compile on their own. Each module below is a file the
//! generator copies verbatim (after its `@generated` header) into every crate it writes, as
//! `src/<name>.rs`; this file is not copied, and neither is the `error_body` stand-in below, whose
//! generated counterpart comes from `templates/error_body.rs.txt`.
//!
//! In a generated crate the client calls the crate-private items; here only the tests do, so a
//! build without tests finds them unused.

#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the generated client calls the crate-private items"
    )
)]
pub mod auth;
/// `templates/encoding_mod.rs.txt` declares these in a generated crate, each where the API needs
/// it; here all three are compiled and tested.
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        unused_imports,
        unused_macros,
        reason = "the generated models and requests call them"
    )
)]
pub mod encoding {
    mod enums;
    mod params;
    mod segment;
    pub(crate) use enums::{EnumVisitor, string_enum};
    pub(crate) use params::ParamValue;
    pub(crate) use segment::push_segment;
}
pub mod error;
pub mod interval;
pub mod response;
/// `templates/wait_mod.rs.txt` declares these in a generated crate that has waiters; here both are
/// compiled and tested.
#[cfg_attr(
    not(test),
    expect(dead_code, unused_imports, reason = "the generated waiters call them")
)]
pub mod wait {
    mod polling;
    mod required;
    pub use polling::WaitPolicy;
    pub(crate) use polling::{Progress, poll};
    pub(crate) use required::required;
}
pub mod login;
#[cfg_attr(
    not(test),
    expect(dead_code, reason = "the generated client's serde attributes use it")
)]
pub mod nullable;
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the generated client calls the crate-private items"
    )
)]
pub mod retry;
pub mod secret;
mod wire;

pub use auth::{BoxFuture, OAuthApp, TokenSource, Tokens};
pub use error::{ApiError, AuthError, Error};
pub use interval::{Interval, IntervalError};
pub use login::{AuthorizationCodeLogin, LoopbackLogin, PendingLogin};
pub use response::ApiResponse;
pub use seam::{Client, ClientBuilder};
pub use secret::SecretString;

/// A stand-in for what a spec says an error response carries: a code and a message.
pub mod error_body {
    /// The body of an error response, as a spec might describe it.
    #[derive(Debug, Clone, serde::Deserialize)]
    pub struct ErrorBody {
        /// The API's error code.
        pub code: Option<String>,
        /// The API's message.
        pub message: Option<String>,
    }

    pub(crate) fn code(body: &ErrorBody) -> Option<&str> {
        body.code.as_deref()
    }

    pub(crate) fn message(body: &ErrorBody) -> Option<&str> {
        body.message.as_deref()
    }
}

#[cfg(test)]
mod auth_tests;
#[cfg(test)]
mod encoding_tests;
#[cfg(test)]
mod wait_tests;
/// Stand-ins for the generated client and its builder, with the crate-private methods the runtime
/// calls (`templates/client.rs.txt` has the real ones): enough to log in and read the tokens.
pub mod seam {
    use std::time::Duration;

    use crate::auth::{Auth, LoginHost, TokenHook};
    use crate::{Error, Tokens};

    /// A client: here, only its credentials.
    #[derive(Debug)]
    pub struct Client {
        #[cfg_attr(not(test), expect(dead_code, reason = "the tests read it"))]
        pub(crate) auth: Auth,
    }

    /// A builder: here, the login host's URL and the token hook.
    #[derive(Debug, Clone)]
    pub struct ClientBuilder {
        login_url: String,
        on_tokens: Option<std::sync::Arc<HookBox>>,
    }

    struct HookBox(TokenHook);

    impl std::fmt::Debug for HookBox {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("HookBox(..)")
        }
    }

    impl ClientBuilder {
        /// A builder whose login host is at `login_url`.
        pub fn new(login_url: impl Into<String>) -> Self {
            Self {
                login_url: login_url.into(),
                on_tokens: None,
            }
        }

        /// Calls `hook` with every set of tokens.
        pub fn on_tokens(mut self, hook: impl Fn(&Tokens) + Send + Sync + 'static) -> Self {
            self.on_tokens = Some(std::sync::Arc::new(HookBox(std::sync::Arc::new(hook))));
            self
        }

        /// Starts a user's login.
        pub fn authorization_code(self, app: crate::OAuthApp) -> crate::AuthorizationCodeLogin {
            crate::AuthorizationCodeLogin::new(self, app)
        }

        pub(crate) fn login_host(&self) -> Result<LoginHost, Error> {
            Ok(LoginHost {
                http: reqwest::Client::new(),
                url: self.login_url.clone(),
                timeout: Duration::from_secs(30),
                max_response_bytes: 1 << 20,
            })
        }

        pub(crate) fn token_hook(&self) -> Option<TokenHook> {
            self.on_tokens.as_ref().map(|hook| hook.0.clone())
        }

        pub(crate) fn build_with(self, _host: LoginHost, auth: Auth) -> Result<Client, Error> {
            Ok(Client { auth })
        }
    }
}

#[cfg(test)]
mod tests;
