//! Unit tests of the encoding files (`encoding/`), as they are before they are copied.

use std::borrow::Cow;

use crate::encoding::{ParamValue, push_segment, string_enum};

#[test]
fn a_path_value_is_one_segment_whatever_it_holds() {
    let mut path = "/things/".to_owned();
    push_segment(&mut path, "id", &"a/b?c#d %e é~-_.".to_owned()).unwrap();
    assert_eq!(path, "/things/a%2Fb%3Fc%23d%20%25e%20%C3%A9~-_.");
    for parent in ["", ".", ".."] {
        let error = push_segment(&mut String::new(), "id", &parent.to_owned()).unwrap_err();
        assert_eq!(error.invalid_argument(), Some("id"), "{parent:?}");
    }
    // `...` is a name, not the parent.
    let mut path = String::new();
    push_segment(&mut path, "id", &"...".to_owned()).unwrap();
    assert_eq!(path, "...");
}

#[test]
fn parameter_values_are_written_as_the_api_reads_them() {
    let instant = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    assert_eq!(instant.to_param(), "2024-01-01T00:00:00Z");
    assert_eq!(7_i32.to_param(), "7");
    assert_eq!(true.to_param(), "true");
    assert_eq!(crate::SecretString::new("s").to_param(), "s");
    assert!(matches!("x".to_owned().to_param(), Cow::Borrowed(_)));
}

/// An enum as `models.rs` writes one.
#[derive(Debug, Clone, PartialEq)]
enum Colour {
    Red,
    Unknown(String),
}

impl Colour {
    fn as_str(&self) -> &str {
        match self {
            Colour::Red => "red",
            Colour::Unknown(other) => other,
        }
    }

    const KNOWN: &[(&str, Self)] = &[("red", Colour::Red)];
}

string_enum!(Colour);

#[test]
fn a_string_enum_keeps_values_it_does_not_know() {
    assert_eq!(Colour::from("red"), Colour::Red);
    assert_eq!(
        Colour::from("teal".to_owned()),
        Colour::Unknown("teal".to_owned())
    );
    assert_eq!("red".parse::<Colour>().unwrap(), Colour::Red);
    assert_eq!(Colour::Unknown("teal".to_owned()).to_string(), "teal");
    assert_eq!(serde_json::to_string(&Colour::Red).unwrap(), "\"red\"");
    let back: Vec<Colour> = serde_json::from_str(r#"["red", "teal"]"#).unwrap();
    assert_eq!(back, [Colour::Red, Colour::Unknown("teal".to_owned())]);
    let error = serde_json::from_str::<Colour>("1").unwrap_err().to_string();
    assert!(error.contains("a string value of Colour"), "{error}");
    assert_eq!(
        Colour::from("RED"),
        Colour::Red,
        "another case of a case-unique value"
    );
    assert_eq!(Colour::Red.to_param(), "red");
}

#[test]
fn a_value_in_another_case_is_known_only_where_no_other_differs_by_case() {
    let table = [("on", 1), ("ON", 2), ("off", 3)];
    assert_eq!(crate::encoding::known(&table, "on"), Some(1));
    assert_eq!(crate::encoding::known(&table, "ON"), Some(2));
    assert_eq!(crate::encoding::known(&table, "On"), None);
    assert_eq!(crate::encoding::known(&table, "OFF"), Some(3));
    assert_eq!(crate::encoding::known(&table, "dim"), None);
}

/// An id type as `models.rs` writes one.
#[derive(Debug, Clone, PartialEq)]
struct TicketId(String);

crate::encoding::id_type!(TicketId);

#[test]
fn an_id_type_converts_from_and_to_text_and_by_reference() {
    let id = TicketId::new("t-1");
    assert_eq!(id.as_str(), "t-1");
    assert_eq!(TicketId::from("t-1"), id);
    assert_eq!(TicketId::from("t-1".to_owned()), id);
    assert_eq!(TicketId::from(&id), id);
    assert_eq!(id, "t-1");
    assert_eq!(id.len(), 3, "derefs to str");
    assert_eq!(id.to_string(), "t-1");
    assert_eq!(id.to_param(), "t-1");
    assert_eq!(String::from(id.clone()), "t-1");
    assert_eq!(id.into_string(), "t-1");
}
