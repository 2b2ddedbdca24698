//! The fields of a starting response that a wait needs to poll.

use crate::{ApiResponse, Error};

/// A response field the wait needs to poll; its absence is a decode error of that response.
pub(crate) fn required<T, B>(
    value: Option<T>,
    response: &ApiResponse<B>,
    operation: &'static str,
    field: &str,
) -> Result<T, Error> {
    value.ok_or_else(|| Error::Decode {
        operation,
        status: response.status,
        message: format!("the response has no `{field}` to poll the result with"),
        snippet: String::new(),
        correlation_id: response.correlation_id.clone(),
    })
}
