//! The seam that lets the runtime files compile on their own. Each module below is a file the
//! generator copies verbatim (after its `@generated` header) into every crate it writes, as
//! `src/<name>.rs`; this file is not copied, and neither is the `error_body` stand-in below, whose
//! generated counterpart comes from `templates/error_body.rs.txt`.
//!
//! In a generated crate the operations call the crate-private items; here only the tests do, so
//! a build without tests finds some of them unused.

pub mod auth;
pub mod builder;
/// Its tests send calls to the fake's engine, so they need the `testing` feature.
#[cfg_attr(
    not(all(test, feature = "testing")),
    expect(
        dead_code,
        reason = "the generated operations build and send the requests"
    )
)]
pub mod call;
pub mod client;
/// `templates/encoding_mod.rs.txt` declares these in a generated crate, each where the API needs
/// it; here all four are compiled and tested.
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
    mod ids;
    mod params;
    mod segment;
    pub(crate) use enums::{EnumVisitor, known, string_enum};
    pub(crate) use ids::id_type;
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
pub mod retry;
pub mod secret;
mod wire;

pub use auth::{BoxFuture, OAuthApp, TokenSource, Tokens};
pub use builder::{ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use client::Client;
pub use error::{ApiError, AuthError, Error};
pub use interval::{Interval, IntervalError};
pub use login::{AuthorizationCodeLogin, LoopbackLogin, PendingLogin};
pub use response::ApiResponse;
pub use retry::RetryPolicy;
pub use seam::Region;
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

/// The fake server, as `templates/testing_mod.rs.txt` declares it in a generated crate (feature
/// `testing`): the engine's files, and the typed methods that crate generates for its spec's
/// resources and operations, here for the stand-in tables of `testing/tables.rs`.
#[cfg(feature = "testing")]
pub mod testing {
    mod dispatch;
    mod login_host;
    mod schema;
    mod server;
    mod state;
    mod tables;
    mod values;

    pub use login_host::FakeApp;
    pub use server::{Exchange, FakeGenesys, FakeGenesysBuilder, Fault, JsonBody};
    use tables::{operation, resource};

    /// A thing, as the stand-in spec describes it.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Thing {
        /// Its id, set by the server.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        /// Its name.
        pub name: String,
        /// `active` or `inactive`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
    }

    impl FakeGenesysBuilder {
        /// Things that exist from the start.
        pub fn seed_things(self, items: impl IntoIterator<Item = Thing>) -> Self {
            self.seed(resource::THINGS, items)
        }

        /// What `getStatus` answers.
        pub fn answer_get_status(self, answer: serde_json::Value) -> Self {
            self.answer(operation::GET_STATUS, answer)
        }
    }

    impl FakeGenesys {
        /// The things the fake holds now, oldest first.
        pub fn stored_things(&self) -> Vec<Thing> {
            self.stored(resource::THINGS)
        }
    }
}

#[cfg(test)]
mod auth_tests;
#[cfg(test)]
mod builder_tests;
#[cfg(all(test, feature = "testing"))]
mod call_tests;
#[cfg(test)]
mod encoding_tests;
#[cfg(test)]
mod wait_tests;
/// A stand-in for what the generated part of a crate defines and the runtime uses: the regions
/// (`templates/region.rs.txt`), with the items the runtime calls.
pub mod seam {
    /// A region: here, one test region.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub enum Region {
        /// The only one.
        #[default]
        Test,
    }

    impl Region {
        /// The API's base URL.
        pub fn api_url(&self) -> &'static str {
            "https://api.example.test"
        }

        /// The login host's base URL.
        pub fn login_url(&self) -> &'static str {
            "https://login.example.test"
        }
    }
}

#[cfg(all(test, feature = "testing"))]
mod testing_tests;
#[cfg(test)]
mod tests;
