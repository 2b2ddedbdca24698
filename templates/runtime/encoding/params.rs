//! Values sent as path segments, query values or header values.

use std::borrow::Cow;

/// A value that can be sent as a path segment, query value or header value.
pub(crate) trait ParamValue {
    fn to_param(&self) -> Cow<'_, str>;
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for crate::SecretString {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose_secret())
    }
}

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_param!(i32, i64, f32, f64, bool, chrono::NaiveDate);
