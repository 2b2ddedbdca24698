//! Spec text → `openapiv3` model, with the YAML error's position when it does not parse.

use openapiv3::OpenAPI;
use yaml_rust2::parser::{Event, MarkedEventReceiver};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Errors, pointer};

/// Parses the spec: YAML first (syntax errors carry their position), then the OpenAPI model from
/// the equivalent JSON data, recording the path to a value of the wrong shape so the caller can
/// locate it. Besides the model, returns the problems of the raw document that the model cannot
/// show (see `raw_problems`): they are errors too, but lowering still runs so that every problem
/// is reported in one run.
///
/// Going through JSON data also avoids a panic in `openapiv3`: it parses a failing `$ref`-or-item
/// a second time to build its error message and expects that to fail too, which is not so when the
/// first parse saw YAML (duplicate keys, for one) and the second JSON.
pub fn load(file: &str, text: &str) -> Result<(OpenAPI, Vec<Diagnostic>), Errors> {
    let diagnostic = |position, pointer, message: String| Diagnostic {
        file: file.to_owned(),
        position,
        pointer,
        message,
    };
    let error = |position, pointer, message| Errors(vec![diagnostic(position, pointer, message)]);
    if let Some(position) = crate::locate::too_deep(text) {
        return Err(error(
            Some(position),
            None,
            "brackets nested deeper than the YAML reader allows (128 levels)".to_owned(),
        ));
    }
    if let Some(position) = alias_bomb(text) {
        return Err(error(
            Some(position),
            None,
            format!(
                "expanding the YAML aliases (`*name`) would give more than {MAX_EXPANDED_NODES} nodes; this alias goes past that"
            ),
        ));
    }
    // serde_yaml's own mapping type refuses duplicate keys.
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
    let mut found = Vec::new();
    raw_problems(&yaml, &json, &mut Vec::new(), &mut found);
    let mut problems: Vec<Diagnostic> = found
        .into_iter()
        .map(|(pointer, message)| diagnostic(None, Some(pointer), message.to_owned()))
        .collect();
    // Only the JSON data is needed from here on; a large document's YAML tree is tens of megabytes.
    drop(yaml);
    // Read from a borrow, so that a refused document's data is still there to refine where the
    // problem is (`refine`), without reading the text again.
    let parsed = std::panic::catch_unwind(|| serde_path_to_error::deserialize::<_, OpenAPI>(&json));
    match parsed {
        Ok(Ok(spec)) => Ok((spec, problems)),
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
            let pointer = refine(&json, &pointer, &message).unwrap_or(pointer);
            problems.push(diagnostic(None, Some(pointer), message));
            Err(Errors(problems))
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

/// A step of the path from the document's root to a node.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer of `path`, built only for what is reported.
fn path_pointer(path: &[Segment]) -> String {
    let tokens: Vec<String> = path
        .iter()
        .map(|segment| match segment {
            Segment::Key(key) => (*key).to_owned(),
            Segment::Index(index) => index.to_string(),
        })
        .collect();
    pointer(tokens.iter().map(String::as_str))
}

/// Walks the YAML document and its JSON data side by side for what the OpenAPI model cannot show:
/// `enum: []`, which the model cannot tell from no `enum` at all (and would make a plain string
/// of); and keys of one mapping that differ in YAML but not in JSON (`200` and `"200"`), of which
/// the JSON data silently keeps one. Pointers are built only for what is found.
fn raw_problems<'a>(
    yaml: &serde_yaml::Value,
    json: &'a serde_json::Value,
    path: &mut Vec<Segment<'a>>,
    out: &mut Vec<(String, &'static str)>,
) {
    match (yaml, json) {
        (serde_yaml::Value::Mapping(map), serde_json::Value::Object(object)) => {
            if map.len() != object.len() {
                out.push((
                    path_pointer(path),
                    "two keys of this mapping are the same once read as text; YAML readers keep only one of them",
                ));
                return;
            }
            // No key was lost, so both list the entries in the document's order (serde_json's
            // `preserve_order` is on) and can be paired.
            for ((_, yaml_child), (key, child)) in map.iter().zip(object) {
                path.push(Segment::Key(key));
                if key == "enum" && child.as_array().is_some_and(|values| values.is_empty()) {
                    out.push((path_pointer(path), "an enum needs at least one value"));
                }
                raw_problems(yaml_child, child, path, out);
                path.pop();
            }
        }
        (serde_yaml::Value::Sequence(items), serde_json::Value::Array(json_items)) => {
            for (i, (item, json_item)) in items.iter().zip(json_items).enumerate() {
                path.push(Segment::Index(i));
                raw_problems(item, json_item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
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

/// The most nodes a document may have with its aliases expanded. Real specs, even 1 MB ones,
/// have a few hundred thousand; a "billion laughs" document has billions, and the YAML reader
/// would build them all before refusing.
const MAX_EXPANDED_NODES: u64 = 1_000_000;

/// Where a document's aliases first make it larger than `MAX_EXPANDED_NODES`, found in one pass
/// over its events without expanding anything: each anchored node's expanded size is recorded,
/// and an alias counts as that many nodes.
fn alias_bomb(text: &str) -> Option<(usize, usize)> {
    // No alias without a `*`; most specs have none, and skip the pass.
    if !text.contains('*') {
        return None;
    }
    #[derive(Default)]
    struct Counter {
        anchors: std::collections::HashMap<usize, u64>,
        /// Open collections: their anchor and expanded size so far.
        open: Vec<(usize, u64)>,
        total: u64,
        over: Option<(usize, usize)>,
    }
    impl Counter {
        fn add(&mut self, size: u64, anchor: usize, mark: Marker) {
            if anchor != 0 {
                self.anchors.insert(anchor, size);
            }
            let sum = match self.open.last_mut() {
                Some((_, open)) => open,
                None => &mut self.total,
            };
            *sum = sum.saturating_add(size);
            if *sum > MAX_EXPANDED_NODES && self.over.is_none() {
                self.over = Some((mark.line(), mark.col() + 1));
            }
        }
    }
    impl MarkedEventReceiver for Counter {
        fn on_event(&mut self, event: Event, mark: Marker) {
            match event {
                Event::Scalar(_, _, anchor, _) => self.add(1, anchor, mark),
                Event::Alias(id) => {
                    let size = self.anchors.get(&id).copied().unwrap_or(1);
                    self.add(size, 0, mark);
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    self.open.push((anchor, 1));
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((anchor, size)) = self.open.pop() {
                        self.add(size, anchor, mark);
                    }
                }
                _ => {}
            }
        }
    }
    let mut counter = Counter::default();
    // A syntax error stops the count; the YAML reader reports it.
    crate::locate::feed_events(text, &mut counter);
    counter.over
}
