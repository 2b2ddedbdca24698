//! JSON values as the spec shapes them: examples made up, values checked, fields found by path.

use serde_json::{Map, Value, json};

use super::schema::{Field, Shape};
use super::tables::MODELS;

/// The string (or number) at `path` in an item.
pub(super) fn key_of(item: &Value, path: &[&str]) -> Option<String> {
    let value = path.iter().try_fold(item, |value, name| value.get(name))?;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Sets the value at `path`, making the objects on the way.
pub(super) fn set_at(item: &mut Value, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = item;
    for name in parents {
        if !at.get(name).is_some_and(Value::is_object)
            && let Value::Object(fields) = at
        {
            fields.insert((*name).to_owned(), json!({}));
        }
        match at.get_mut(name) {
            Some(next) => at = next,
            None => return,
        }
    }
    if let Value::Object(fields) = at {
        fields.insert((*last).to_owned(), value);
    }
}

/// An item as another model of its family sees it: only that model's fields, and its required
/// fields made up where the item lacks them.
pub(super) fn project(item: &Value, model: usize) -> Value {
    let mut out = Map::new();
    for field in MODELS[model].fields {
        match item.get(field.name) {
            Some(value) => {
                out.insert(field.name.to_owned(), value.clone());
            }
            None if field.required => {
                out.insert(field.name.to_owned(), field_example(field, 1));
            }
            None => {}
        }
    }
    Value::Object(out)
}

/// How deep examples go into optional fields (models can contain themselves).
pub(super) const EXAMPLE_DEPTH: usize = 3;

/// A value of the shape: the spec's example where it gives one, else a made-up one.
pub(super) fn example(shape: &Shape, depth: usize) -> Value {
    match shape {
        Shape::Text => json!("example"),
        Shape::Secret => json!("example-secret"),
        Shape::Int32 | Shape::Int64 => json!(1),
        Shape::Number => json!(1.5),
        Shape::Bool => json!(true),
        Shape::DateTime => json!("2024-01-01T00:00:00.000Z"),
        Shape::Date => json!("2024-01-01"),
        Shape::Any => json!({}),
        Shape::OneOf(values) => json!(values.first().copied().unwrap_or_default()),
        Shape::List(inner) if depth < EXAMPLE_DEPTH => json!([example(inner, depth + 1)]),
        Shape::List(_) => json!([]),
        Shape::Map(_) => json!({}),
        Shape::Model(model) => {
            if let Some(given) = MODELS[*model]
                .example
                .and_then(|text| serde_json::from_str(text).ok())
            {
                return given;
            }
            let mut out = Map::new();
            for field in MODELS[*model]
                .fields
                .iter()
                .filter(|f| f.required || depth < EXAMPLE_DEPTH)
            {
                out.insert(field.name.to_owned(), field_example(field, depth + 1));
            }
            Value::Object(out)
        }
    }
}

/// Only the required fields of a model.
pub(super) fn required_example(model: usize, depth: usize) -> Value {
    let fields = MODELS[model].fields.iter().filter(|f| f.required);
    Value::Object(
        fields
            .map(|f| (f.name.to_owned(), field_example(f, depth + 1)))
            .collect(),
    )
}

pub(super) fn field_example(field: &Field, depth: usize) -> Value {
    let given = field
        .example
        .or(field.default)
        .and_then(|text| serde_json::from_str(text).ok());
    given.unwrap_or_else(|| match &field.shape {
        // A model that requires itself has no finite example: stop at null.
        Shape::Model(_) if depth > 2 * EXAMPLE_DEPTH => Value::Null,
        shape => example(shape, depth),
    })
}

/// Checks a parameter's text.
pub(super) fn check_text(shape: &Shape, text: &str) -> Result<(), String> {
    let ok = match shape {
        Shape::Int32 => text.parse::<i32>().is_ok(),
        Shape::Int64 => text.parse::<i64>().is_ok(),
        Shape::Number => text.parse::<f64>().is_ok(),
        Shape::Bool => text == "true" || text == "false",
        Shape::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        Shape::Date => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        Shape::OneOf(values) => {
            return values
                .contains(&text)
                .then_some(())
                .ok_or_else(|| not_one_of(text, values));
        }
        Shape::List(inner) => return check_text(inner, text),
        _ => true,
    };
    ok.then_some(())
        .ok_or_else(|| format!("`{text}` is not {}", expected(shape)))
}

pub(super) fn not_one_of(text: &str, values: &[&str]) -> String {
    let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    format!("`{text}` is not one of {}", listed.join(", "))
}

pub(super) fn expected(shape: &Shape) -> &'static str {
    match shape {
        Shape::Text | Shape::Secret | Shape::OneOf(_) => "a string",
        Shape::Int32 => "a 32-bit integer",
        Shape::Int64 => "an integer",
        Shape::Number => "a number",
        Shape::Bool => "a boolean",
        Shape::DateTime => "an ISO-8601 date and time",
        Shape::Date => "an ISO-8601 date",
        Shape::Any => "a value",
        Shape::List(_) => "an array",
        Shape::Map(_) | Shape::Model(_) => "an object",
    }
}

/// Checks a body value against its shape; the error names the field (`roleDivisions[0].roleId`).
pub(super) fn check(shape: &Shape, value: &Value, at: &str) -> Result<(), String> {
    let place = |at: &str| {
        if at.is_empty() {
            "the body".to_owned()
        } else {
            format!("`{at}`")
        }
    };
    let wrong = || Err(format!("{} must be {}", place(at), expected(shape)));
    match (shape, value) {
        (Shape::Any, _) => Ok(()),
        (Shape::Text | Shape::Secret, Value::String(_)) => Ok(()),
        (Shape::Int32, Value::Number(n))
            if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) =>
        {
            Ok(())
        }
        (Shape::Int64, Value::Number(n)) if n.is_i64() => Ok(()),
        (Shape::Number, Value::Number(_)) => Ok(()),
        (Shape::Bool, Value::Bool(_)) => Ok(()),
        (Shape::DateTime | Shape::Date, Value::String(text)) => {
            check_text(shape, text).map_err(|p| format!("{}: {p}", place(at)))
        }
        (Shape::OneOf(values), Value::String(text)) => {
            if values.contains(&text.as_str()) {
                Ok(())
            } else {
                Err(format!("{}: {}", place(at), not_one_of(text, values)))
            }
        }
        (Shape::List(inner), Value::Array(items)) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check(inner, item, &format!("{at}[{i}]"))),
        (Shape::Map(inner), Value::Object(entries)) => entries
            .iter()
            .try_for_each(|(key, item)| check(inner, item, &join(at, key))),
        (Shape::Model(model), Value::Object(fields)) => {
            for field in MODELS[*model].fields {
                match fields.get(field.name) {
                    None if field.required => {
                        return Err(format!("missing field `{}`", join(at, field.name)));
                    }
                    None => {}
                    // An optional field sent as null is taken as not sent, as the service does.
                    Some(Value::Null) if field.nullable || !field.required => {}
                    Some(value) => {
                        check(&field.shape, value, &join(at, field.name))?;
                        field.check_limits(value, &join(at, field.name))?;
                    }
                }
            }
            Ok(())
        }
        _ => wrong(),
    }
}

pub(super) fn join(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}
