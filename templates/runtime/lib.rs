//! The seam that lets the runtime files compile on their own. Each module below is a file the
//! generator copies verbatim (after its `@generated` header) into every crate it writes, as
//! `src/<name>.rs`; this file is not copied.
//!
//! In a generated crate the client calls the crate-private items; here only the tests do, so a
//! build without tests finds them unused.

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

#[cfg(test)]
mod tests;
