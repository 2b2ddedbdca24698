//! The seam that lets the runtime files compile on their own. Each module below is a file the
//! generator copies verbatim (after its `@generated` header) into every crate it writes, as
//! `src/<name>.rs`; this file is not copied, and neither is the `error_body` stand-in below, whose
//! generated counterpart comes from `templates/error_body.rs.txt`.
//!
//! In a generated crate the client calls the crate-private items; here only the tests do, so a
//! build without tests finds them unused.

#[cfg_attr(
    not(test),
    expect(dead_code, reason = "the generated client builds and calls it")
)]
mod auth;
pub mod error;
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

pub use error::{ApiError, AuthError, Error};
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
mod tests;
