//! Spec text → `openapiv3` model, with the YAML error's position when it does not parse.

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Errors};

/// Parses the spec: YAML first (syntax errors carry their position), then the OpenAPI model from
/// the equivalent JSON data, recording the path to a value of the wrong shape so the caller can
/// locate it.
///
/// Going through JSON data also avoids a panic in `openapiv3`: it parses a failing `$ref`-or-item
/// a second time to build its error message and expects that to fail too, which is not so when the
/// first parse saw YAML (duplicate keys, for one) and the second JSON.
pub fn load(file: &str, text: &str) -> Result<OpenAPI, Errors> {
    let error = |position, pointer, message: String| {
        Errors(vec![Diagnostic {
            file: file.to_owned(),
            position,
            pointer,
            message,
        }])
    };
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let position = e.location().map(|l| (l.line(), l.column()));
        // The position is shown before the message; serde_yaml also appends it to the message.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) if position.is_some() => message[..at].to_owned(),
            _ => message,
        };
        error(position, None, message)
    })?;
    let json = serde_json::to_value(&yaml).map_err(|e| {
        error(
            None,
            Some("#".to_owned()),
            format!("the document is not JSON-compatible data: {e}"),
        )
    })?;
    let json_for_search = json.clone();
    let parsed = std::panic::catch_unwind(|| serde_path_to_error::deserialize::<_, OpenAPI>(json));
    match parsed {
        Ok(Ok(spec)) => Ok(spec),
        Ok(Err(e)) => {
            let mut pointer = String::from("#");
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&crate::diagnostics::escape_token(key));
                    }
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push_str(&format!("/{index}"))
                    }
                    _ => {}
                }
            }
            let message = e.into_inner().to_string();
            let pointer = refine(&json_for_search, &pointer, &message).unwrap_or(pointer);
            Err(error(None, Some(pointer), message))
        }
        Err(_) => Err(error(
            None,
            Some("#".to_owned()),
            "the OpenAPI reader (openapiv3) failed on this document".to_owned(),
        )),
    }
}

/// The path serde reports stops where `openapiv3` flattens or tries alternatives (`#/paths`, say).
/// When the message names the offending scalar (``invalid type: integer `42` ``), the first node
/// below `pointer` with that value is the better place to point at.
fn refine(document: &serde_json::Value, pointer: &str, message: &str) -> Option<String> {
    // serde writes `invalid type: <value>, expected <what>`, the value as integer `42`,
    // floating point `0.5`, boolean `true` or string "text" (quoted, which JSON reads as is).
    let (value, _) = message
        .strip_prefix("invalid type: ")?
        .rsplit_once(", expected")?;
    let literal = ["integer ", "floating point ", "boolean "]
        .iter()
        .find_map(|kind| value.strip_prefix(kind))
        .map(|v| v.trim_matches('`'))
        .or_else(|| value.strip_prefix("string "))?;
    let wanted: serde_json::Value = serde_json::from_str(literal).ok()?;
    fn find(value: &serde_json::Value, at: String, wanted: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Object(map) => map.iter().find_map(|(key, child)| {
                find(
                    child,
                    format!("{at}/{}", crate::diagnostics::escape_token(key)),
                    wanted,
                )
            }),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, child)| find(child, format!("{at}/{i}"), wanted)),
            scalar => (scalar == wanted).then_some(at),
        }
    }
    find(
        document.pointer(pointer.strip_prefix('#')?)?,
        pointer.to_owned(),
        &wanted,
    )
}

/// `enum: []`, which the OpenAPI model cannot tell from no `enum` at all (and would make a plain
/// string of), found in the raw document.
pub fn empty_enums(file: &str, text: &str) -> Vec<Diagnostic> {
    fn walk(value: &serde_yaml::Value, pointer: &str, out: &mut Vec<String>) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (key, child) in map {
                    let Some(key) = key.as_str() else { continue };
                    let child_pointer =
                        format!("{pointer}/{}", crate::diagnostics::escape_token(key));
                    if key == "enum" && child.as_sequence().is_some_and(|s| s.is_empty()) {
                        out.push(child_pointer.clone());
                    }
                    walk(child, &child_pointer, out);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let Ok(document) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&document, "#", &mut found);
    found
        .into_iter()
        .map(|pointer| Diagnostic {
            file: file.to_owned(),
            position: None,
            pointer: Some(pointer),
            message: "an enum needs at least one value".to_owned(),
        })
        .collect()
}
