//! Path parameters: each value is exactly one path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::ParamValue;
use crate::Error;

/// Everything but RFC 3986's unreserved characters is escaped, so a value is always exactly one
/// path segment: `/`, `?`, `#`, `%`, spaces and non-ASCII can never change which route is called.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends `value` to `path` as one percent-encoded segment, so that `get("../../users")` can only
/// ever reach the route it names.
///
/// An empty value, `.` and `..` are refused: they would address the parent route, and no escaping
/// helps, because URL parsers (the WHATWG rules that `reqwest::Url` follows) read `%2E%2E` as `..`
/// and resolve it.
pub(crate) fn push_segment(
    path: &mut String,
    name: &'static str,
    value: &impl ParamValue,
) -> Result<(), Error> {
    let value = value.to_param();
    let reason = match &*value {
        "" => "must not be empty",
        "." | ".." => "must not be `.` or `..`, which address another route",
        _ => {
            path.extend(utf8_percent_encode(&value, SEGMENT));
            return Ok(());
        }
    };
    Err(Error::InvalidArgument {
        name,
        reason: reason.to_owned(),
    })
}
