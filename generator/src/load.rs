//! Spec bytes → text → `openapiv3` model, keeping where each node is for the diagnostics.

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Errors, pointer};
use crate::read::{self, Places};

/// A spec read and fitted to the OpenAPI model.
pub struct Loaded {
    /// The model, or where and why the data does not fit it.
    pub spec: Result<OpenAPI, Diagnostic>,
    /// The problems of the document that the model cannot show (`read::Document::problems`):
    /// errors too, but lowering still runs so that every problem is reported in one run.
    pub problems: Vec<Diagnostic>,
    /// Where each node is, for the diagnostics of the stages after this one.
    pub places: Places,
}

/// Reads the spec (see `read`: a text that is not a readable document is refused here, each
/// problem where it is), then fits its data to the OpenAPI model.
pub fn load(file: &str, text: &str) -> Result<Loaded, Errors> {
    let diagnostic = |position, pointer, message: String| Diagnostic {
        file: file.to_owned(),
        position,
        pointer,
        message,
    };
    let document = read::read(text).map_err(|refusal| {
        Errors(
            refusal
                .into_iter()
                .map(|(position, pointer, message)| diagnostic(position, pointer, message))
                .collect(),
        )
    })?;
    let problems = document
        .problems
        .into_iter()
        .map(|(pointer, message)| diagnostic(None, Some(pointer), message.to_owned()))
        .collect();
    let spec = openapi(&document.data)
        .map_err(|(pointer, message)| diagnostic(None, Some(pointer), message));
    Ok(Loaded {
        spec,
        problems,
        places: document.places,
    })
}

/// The OpenAPI model of the data, or the pointer of the value that does not fit and why, with
/// the path serde_path_to_error records.
///
/// Reading from JSON data also avoids a panic in `openapiv3`: it parses a failing `$ref`-or-item
/// a second time to build its error message and expects that to fail too, which is not so when
/// the first parse saw YAML (duplicate keys, for one) and the second JSON.
fn openapi(data: &serde_json::Value) -> Result<OpenAPI, (String, String)> {
    let parsed = std::panic::catch_unwind(|| serde_path_to_error::deserialize::<_, OpenAPI>(data));
    match parsed {
        Ok(Ok(spec)) => Ok(spec),
        Ok(Err(e)) => {
            let tokens: Vec<String> = e
                .path()
                .iter()
                .filter_map(|segment| match segment {
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    _ => None,
                })
                .collect();
            let pointer = pointer(tokens.iter().map(String::as_str));
            let message = e.into_inner().to_string();
            let pointer = refine(data, &pointer, &message).unwrap_or(pointer);
            Err((pointer, message))
        }
        Err(_) => Err((
            "#".to_owned(),
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

/// Spec bytes → text: a UTF-8 byte-order mark is dropped, and bytes that are not UTF-8 are an
/// error at their line, column and byte offset.
pub fn decode<'t>(file: &str, bytes: &'t [u8]) -> Result<&'t str, Errors> {
    let error = |position, message: String| {
        Errors(vec![Diagnostic {
            file: file.to_owned(),
            position,
            pointer: None,
            message,
        }])
    };
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(error(
            Some((1, 1)),
            "the spec is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
                .to_owned(),
        ));
    }
    let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = &bytes[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Valid up to `offset`, so the line so far is text; columns count characters.
        let column = std::str::from_utf8(&before[line_start..]).map_or(0, |t| t.chars().count()) + 1;
        error(
            Some((line, column)),
            // The byte offset counts in the file, byte-order mark included; columns do not.
            format!("the spec is not UTF-8: byte {} (0x{:02X}) does not start or continue a UTF-8 character", bom + offset, bytes[offset]),
        )
    })
}

/// Text without a leading byte-order mark (which YAML readers would take for content).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}
