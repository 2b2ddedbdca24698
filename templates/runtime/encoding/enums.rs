//! String enums: every enum of the API gets its conversions, serde and `Display` from one macro.

/// Implements what every string enum of the API has, from its `as_str` function and its table
/// of `KNOWN` values: `From<&str>` and `From<String>` (a value it does not know becomes
/// `Unknown`), `FromStr`, `Display`, serde, and its use as a query or header value. One
/// definition instead of the same impls written out for each enum keeps the crate short to read
/// and quick to compile.
macro_rules! string_enum {
    ($name:ident) => {
        impl $name {
            /// The variant for a value this version knows: spelled as the spec spells it, or,
            /// like the official SDKs, in another ASCII case where no other value differs only
            /// by case.
            fn known(value: &str) -> Option<Self> {
                $crate::encoding::known(Self::KNOWN, value)
            }
        }

        impl $crate::encoding::ParamValue for $name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::known(&value) {
                    Some(known) => known,
                    None => Self::Unknown(value),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::encoding::EnumVisitor::<Self>::new(
                    stringify!($name),
                ))
            }
        }
    };
}

pub(crate) use string_enum;

/// The value of a table of known values (`(spelling, value)`) that `text` is: spelled exactly so,
/// or in another ASCII case where that is one spelling only (no other spelling of the table
/// differs from it only by case, so the text cannot mean two values).
pub(crate) fn known<T: Clone>(table: &[(&str, T)], text: &str) -> Option<T> {
    if let Some((_, value)) = table.iter().find(|(spelling, _)| *spelling == text) {
        return Some(value.clone());
    }
    let mut folded = table
        .iter()
        .filter(|(spelling, _)| spelling.eq_ignore_ascii_case(text));
    match (folded.next(), folded.next()) {
        (Some((_, value)), None) => Some(value.clone()),
        _ => None,
    }
}

/// Decodes an enum from a JSON string without allocating for the values it knows.
pub(crate) struct EnumVisitor<T> {
    name: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> EnumVisitor<T> {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a string value of {}", self.name)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}
