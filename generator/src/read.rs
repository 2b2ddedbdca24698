//! Spec text → JSON data and where each of its nodes is, in one pass over the YAML reader's
//! events.
//!
//! One reader builds both, so a spec is read once whether it generates or not, and every
//! diagnostic can name a line. Scalars are resolved as serde_yaml 0.9 resolves them (YAML 1.2's
//! core schema: `~`, `null`, `true`, `0x1F`, `.inf`, with numbers written with leading zeros read
//! as text), so the data is what the spec's authors get from other YAML tools.

use std::hash::{Hash, Hasher};
use std::num::ParseIntError;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{escape_token, unescape_token};

/// A 1-based line and column.
pub type Position = (usize, usize);

/// A spec read into data.
pub struct Document {
    pub data: Value,
    pub places: Places,
    /// Problems the data cannot show, with the pointer of the node: `enum: []`, which the OpenAPI
    /// model cannot tell from no `enum` at all (and would make a plain string of). They are errors
    /// too, but lowering still runs so that every problem is reported in one run.
    pub problems: Vec<(String, &'static str)>,
}

/// What makes a text unreadable as a spec, each where it is: the first syntax error, every
/// duplicate key before it, or a construct the data cannot hold.
pub type Refusal = Vec<(Option<Position>, Option<String>, String)>;

/// The most nodes a document may have with its aliases expanded. Real specs, even 1 MB ones,
/// have a few hundred thousand; a "billion laughs" document has billions, and would be built in
/// full before anything could refuse it.
const MAX_EXPANDED_NODES: u64 = 1_000_000;

/// How deep collections may nest. Later stages (the OpenAPI model's reader, dropping the data)
/// recurse once per level, so a document indented fifty thousand levels deep must stop here;
/// serde_yaml stops at the same depth.
const MAX_NESTING: usize = 128;

/// Reads the first and only document of `text`.
pub fn read(text: &str) -> Result<Document, Refusal> {
    if let Some((position, c)) = unprintable(text) {
        return Err(vec![(
            Some(position),
            None,
            format!(
                "the character U+{:04X} is not allowed in YAML; write it as an escape in a double-quoted string (`\\u{:04X}`)",
                u32::from(c),
                u32::from(c)
            ),
        )]);
    }
    if let Some(position) = too_deep(text) {
        return Err(vec![(
            Some(position),
            None,
            "brackets nested deeper than the YAML reader allows (128 levels)".to_owned(),
        )]);
    }
    let mut reader = Reader::default();
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    loop {
        let outcome = match parser.next_token() {
            Err(e) => Err(Fault::at(*e.marker(), e.info().to_owned())),
            Ok((Event::StreamEnd, _)) => break,
            Ok((Event::DocumentStart, mark)) => {
                documents += 1;
                match documents {
                    1 => Ok(()),
                    _ => Err(Fault::at(
                        mark,
                        "the spec holds a second YAML document (after a `---` or `...`); a spec is one document".to_owned(),
                    )),
                }
            }
            Ok((event, mark)) => reader.on_event(event, mark),
        };
        if let Err(fault) = outcome {
            let mut refusal = reader.duplicates;
            refusal.push((Some(fault.position), None, fault.message));
            return Err(refusal);
        }
    }
    // Duplicate keys make the document invalid YAML: like other syntax errors they stop the run,
    // each reported where it is.
    if !reader.duplicates.is_empty() {
        return Err(reader.duplicates);
    }
    Ok(Document {
        data: reader.root.unwrap_or(Value::Null),
        places: Places {
            nodes: reader.nodes,
        },
        problems: reader.problems,
    })
}

/// Where each node of a document is, without its data: one record per node in document order,
/// each knowing where its subtree ends and the hash of the key or index that leads to it.
/// A mapping's entry is placed at its key, the most useful place for the entry it starts; the
/// nodes of an alias's expansion are placed at the alias.
pub struct Places {
    nodes: Vec<Node>,
}

struct Node {
    line: u32,
    column: u32,
    /// The index after this node's subtree: its next sibling's, if it has one.
    end: u32,
    /// The hash of the reference token that leads here from the parent (a key, or an item's index
    /// as text). Two keys of one mapping colliding on 64 bits is not a practical concern; a
    /// collision would only place a diagnostic at the wrong sibling.
    token: u64,
}

impl Places {
    /// The line and column of the node at `pointer`, or of its nearest ancestor in the text (a
    /// diagnostic about a missing key points at the object that lacks it).
    pub fn find(&self, pointer: &str) -> Option<Position> {
        let tokens = pointer.strip_prefix('#')?;
        let mut at = 0;
        self.nodes.first()?;
        for token in tokens.split('/').skip(1) {
            match self.child(at, token_hash(&unescape_token(token))) {
                Some(child) => at = child,
                None => break,
            }
        }
        let node = &self.nodes[at];
        Some((node.line as usize, node.column as usize))
    }

    fn child(&self, parent: usize, token: u64) -> Option<usize> {
        let end = self.nodes[parent].end as usize;
        let mut child = parent + 1;
        while child < end {
            if self.nodes[child].token == token {
                return Some(child);
            }
            child = self.nodes[child].end as usize;
        }
        None
    }
}

fn token_hash(token: &str) -> u64 {
    // `DefaultHasher::new()` has fixed keys: the same token hashes alike on every run.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut hasher);
    hasher.finish()
}

/// Why reading stopped, where.
struct Fault {
    position: Position,
    message: String,
}

impl Fault {
    fn at(mark: Marker, message: String) -> Self {
        Fault {
            position: position(mark),
            message,
        }
    }
}

fn position(mark: Marker) -> Position {
    (mark.line(), mark.col() + 1)
}

/// A position as the places store it; no spec has four billion lines.
fn narrow((line, column): Position) -> (u32, u32) {
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (narrow(line), narrow(column))
}

/// A collection being read.
struct Open {
    collection: Collection,
    /// Its own record in `Reader::nodes`.
    node: usize,
    anchor: usize,
    /// `Reader::built` when it started: its expanded size is the difference at its end.
    built_before: u64,
}

enum Collection {
    Mapping(Map<String, Value>, Option<Key>),
    Sequence(Vec<Value>),
}

/// A mapping's key, read and waiting for its value.
struct Key {
    text: String,
    node: usize,
    duplicate: bool,
}

#[derive(Default)]
struct Reader {
    open: Vec<Open>,
    nodes: Vec<Node>,
    /// Each anchor's value and its size in nodes, for the aliases that refer to it.
    anchors: std::collections::HashMap<usize, (Value, u64)>,
    /// Nodes built so far, aliases counted expanded.
    built: u64,
    root: Option<Value>,
    problems: Vec<(String, &'static str)>,
    duplicates: Refusal,
}

impl Reader {
    fn on_event(&mut self, event: Event, mark: Marker) -> Result<(), Fault> {
        let at = position(mark);
        let fault = |message: String| Fault::at(mark, message);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(text, style, tag.as_ref()).map_err(fault)?;
                if self.expects_key() {
                    self.register(anchor, &value, 1);
                    self.start_key(key_text(value).map_err(fault)?, at);
                } else {
                    self.grow(1, mark)?;
                    let node = self.start_node(at);
                    self.finish(value, node, anchor, 1);
                }
            }
            Event::Alias(id) => {
                let (value, size) = self.anchors.get(&id).cloned().ok_or_else(|| {
                    fault("this alias refers to a node that contains it; aliases must refer to a finished node".to_owned())
                })?;
                self.grow(size, mark)?;
                if self.expects_key() {
                    self.start_key(key_text(value).map_err(fault)?, at);
                } else {
                    let node = self.start_node(at);
                    self.finish(value, node, 0, size);
                }
            }
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag.as_ref(), mark)?,
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag.as_ref(), mark)?,
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(open) = self.open.pop() {
                    let value = match open.collection {
                        Collection::Mapping(map, _) => Value::Object(map),
                        Collection::Sequence(items) => Value::Array(items),
                    };
                    self.finish(
                        value,
                        open.node,
                        open.anchor,
                        self.built - open.built_before,
                    );
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Starts a mapping or a sequence.
    fn open(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<&Tag>,
        mark: Marker,
    ) -> Result<(), Fault> {
        if self.expects_key() {
            return Err(Fault::at(
                mark,
                "a mapping's key is itself a mapping or a sequence; keys must be text".to_owned(),
            ));
        }
        check_collection_tag(tag, mapping).map_err(|message| Fault::at(mark, message))?;
        if self.open.len() >= MAX_NESTING {
            return Err(Fault::at(
                mark,
                format!("mappings and sequences nested deeper than {MAX_NESTING} levels"),
            ));
        }
        let built_before = self.built;
        self.grow(1, mark)?;
        let node = self.start_node(position(mark));
        self.open.push(Open {
            collection: match mapping {
                true => Collection::Mapping(Map::new(), None),
                false => Collection::Sequence(Vec::new()),
            },
            node,
            anchor,
            built_before,
        });
        Ok(())
    }

    /// Whether the next node is a mapping's key.
    fn expects_key(&self) -> bool {
        matches!(
            self.open.last(),
            Some(Open {
                collection: Collection::Mapping(_, None),
                ..
            })
        )
    }

    /// Counts `size` more nodes, refusing a document whose aliases expand past the limit before
    /// anything is built.
    fn grow(&mut self, size: u64, mark: Marker) -> Result<(), Fault> {
        self.built = self.built.saturating_add(size);
        if self.built > MAX_EXPANDED_NODES {
            return Err(Fault::at(
                mark,
                format!(
                    "expanding the YAML aliases (`*name`) would give more than {MAX_EXPANDED_NODES} nodes; this alias goes past that"
                ),
            ));
        }
        Ok(())
    }

    fn start_key(&mut self, text: String, at: Position) {
        // The reader marks a block mapping's start at its first `:`; its first key is where a
        // reader of the text sees it start.
        if let Some(open) = self.open.last() {
            let mapping = &mut self.nodes[open.node];
            let (line, column) = narrow(at);
            if (line, column) < (mapping.line, mapping.column) {
                (mapping.line, mapping.column) = (line, column);
            }
        }
        let node = self.push_node(at, &text);
        let duplicate = matches!(
            self.open.last(),
            Some(Open { collection: Collection::Mapping(map, _), .. }) if map.contains_key(&text)
        );
        if duplicate {
            // The pointer is built only for what is reported.
            let pointer = format!("{}/{}", self.pointer(), escape_token(&text));
            self.duplicates.push((
                Some(at),
                Some(pointer),
                "this key appears twice in the same mapping; YAML readers keep only one of them"
                    .to_owned(),
            ));
        }
        let Some(Open {
            collection: Collection::Mapping(_, key),
            ..
        }) = self.open.last_mut()
        else {
            return;
        };
        *key = Some(Key {
            text,
            node,
            duplicate,
        });
    }

    /// The record of the node that starts at `at`: a mapping's entry already has one, placed at
    /// its key.
    fn start_node(&mut self, at: Position) -> usize {
        match self.open.last() {
            Some(Open {
                collection: Collection::Mapping(_, Some(key)),
                ..
            }) => key.node,
            Some(Open {
                collection: Collection::Sequence(items),
                ..
            }) => {
                let index = items.len().to_string();
                self.push_node(at, &index)
            }
            _ => self.push_node(at, ""),
        }
    }

    fn push_node(&mut self, at: Position, token: &str) -> usize {
        let index = self.nodes.len();
        let (line, column) = narrow(at);
        self.nodes.push(Node {
            line,
            column,
            end: 0,
            token: token_hash(token),
        });
        index
    }

    fn register(&mut self, anchor: usize, value: &Value, size: u64) {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
    }

    /// Places a finished node in its parent.
    fn finish(&mut self, value: Value, node: usize, anchor: usize, size: u64) {
        self.register(anchor, &value, size);
        self.nodes[node].end = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        let pointer = match self.open.last() {
            Some(Open {
                collection: Collection::Mapping(_, Some(key)),
                ..
            }) if key.text == "enum" && value.as_array().is_some_and(Vec::is_empty) => {
                Some(format!("{}/enum", self.pointer()))
            }
            _ => None,
        };
        if let Some(pointer) = pointer {
            self.problems
                .push((pointer, "an enum needs at least one value"));
        }
        match self.open.last_mut().map(|open| &mut open.collection) {
            None => self.root = Some(value),
            Some(Collection::Sequence(items)) => items.push(value),
            Some(Collection::Mapping(map, key)) => {
                if let Some(key) = key.take() {
                    if key.duplicate {
                        // The second entry is reported, not kept: its records go too, so
                        // the places stay in step with the data.
                        self.nodes.truncate(key.node);
                    } else {
                        map.insert(key.text, value);
                    }
                }
            }
        }
    }

    /// The pointer of the innermost open collection, built only for what is reported.
    fn pointer(&self) -> String {
        let mut pointer = String::from("#");
        let mut open = self.open.iter().peekable();
        while let Some(collection) = open.next() {
            // Each collection but the innermost is the parent of the next one, which is the
            // value of its current key or its next item.
            if open.peek().is_none() {
                break;
            }
            pointer.push('/');
            match &collection.collection {
                Collection::Mapping(_, Some(key)) => pointer.push_str(&escape_token(&key.text)),
                Collection::Mapping(_, None) => pointer.push('?'),
                Collection::Sequence(items) => pointer.push_str(&items.len().to_string()),
            }
        }
        pointer
    }
}

/// A mapping key as JSON has it: text. YAML keys may be numbers or booleans (`200:`), which JSON
/// writes as their text.
fn key_text(value: Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Null => Err("a mapping's key is empty or null; keys must be text".to_owned()),
        Value::Array(_) | Value::Object(_) => {
            Err("a mapping's key is itself a mapping or a sequence; keys must be text".to_owned())
        }
    }
}

/// The handle the standard tags (`!!str`) resolve to.
const CORE: &str = "tag:yaml.org,2002:";

fn check_collection_tag(tag: Option<&Tag>, mapping: bool) -> Result<(), String> {
    match tag {
        None => Ok(()),
        Some(tag) if tag.handle == CORE && tag.suffix == if mapping { "map" } else { "seq" } => {
            Ok(())
        }
        Some(tag) => Err(unsupported_tag(tag)),
    }
}

fn unsupported_tag(tag: &Tag) -> String {
    let shown = match tag.handle.strip_prefix(CORE) {
        Some(_) => format!("!!{}", tag.suffix),
        None => format!("{}{}", tag.handle, tag.suffix),
    };
    format!(
        "the YAML tag `{shown}` is not supported here; a spec's values are text, numbers, booleans, null, mappings and sequences"
    )
}

/// A scalar's value: quoted and block scalars are text, plain ones are resolved, and the standard
/// tags ask for one type.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let Some(tag) = tag else {
        return match style {
            TScalarStyle::Plain => plain(text),
            _ => Ok(Value::String(text)),
        };
    };
    if tag.handle != CORE {
        return Err(unsupported_tag(tag));
    }
    let invalid =
        |what: &str| format!("`{text}` is not {what}, as its tag `!!{}` says", tag.suffix);
    match tag.suffix.as_str() {
        "str" => Ok(Value::String(text)),
        "null" => match is_null(&text) {
            true => Ok(Value::Null),
            false => Err(invalid("null")),
        },
        "bool" => boolean(&text)
            .map(Value::Bool)
            .ok_or_else(|| invalid("a boolean")),
        "int" => integer(&text)?
            .map(Value::Number)
            .ok_or_else(|| invalid("an integer")),
        "float" => float(&text)
            .map(json_float)
            .ok_or_else(|| invalid("a float")),
        _ => Err(unsupported_tag(tag)),
    }
}

/// A plain scalar: null, a boolean, a number or else text.
fn plain(text: String) -> Result<Value, String> {
    if text.is_empty() || is_null(&text) {
        return Ok(Value::Null);
    }
    if let Some(flag) = boolean(&text) {
        return Ok(Value::Bool(flag));
    }
    if let Some(number) = integer(&text)? {
        return Ok(Value::Number(number));
    }
    if !digits_but_not_number(&text)
        && let Some(number) = float(&text)
    {
        return Ok(json_float(number));
    }
    Ok(Value::String(text))
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// JSON has no infinity or NaN: they become null, as serde_json writes them.
fn json_float(number: f64) -> Value {
    Number::from_f64(number).map_or(Value::Null, Value::Number)
}

/// An integer in decimal, hexadecimal (`0x`), octal (`0o`) or binary (`0b`), with an optional
/// sign. `Ok(None)`: not an integer. An integer past what 64 bits hold is refused rather than
/// read as something else.
fn integer(text: &str) -> Result<Option<Number>, String> {
    if let Some(n) = unsigned(text, u64::from_str_radix) {
        return Ok(Some(n.into()));
    }
    if let Some(n) = negative(text, i64::from_str_radix) {
        return Ok(Some(n.into()));
    }
    if unsigned(text, u128::from_str_radix).is_some()
        || negative(text, i128::from_str_radix).is_some()
    {
        return Err(format!(
            "the integer {text} does not fit in 64 bits (from {} to {})",
            i64::MIN,
            u64::MAX
        ));
    }
    Ok(None)
}

const RADIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

fn unsigned<T>(text: &str, parse: fn(&str, u32) -> Result<T, ParseIntError>) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in RADIXES {
        if let Some(digits) = unsigned.strip_prefix(prefix) {
            if digits.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(digits, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    parse(unsigned, 10).ok()
}

fn negative<T>(text: &str, parse: fn(&str, u32) -> Result<T, ParseIntError>) -> Option<T> {
    for (prefix, radix) in RADIXES {
        if let Some(digits) = text.strip_prefix('-').and_then(|t| t.strip_prefix(prefix))
            && let Ok(n) = parse(&format!("-{digits}"), radix)
        {
            return Some(n);
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    parse(text, 10).ok()
}

fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match (unsigned, text) {
        (".inf" | ".Inf" | ".INF", _) => return Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => return Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => return Some(f64::NAN),
        _ => {}
    }
    // Rust also reads `inf` and `NaN`, which YAML does not: only finite values count.
    unsigned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Leading zeros followed by digits are text in YAML 1.2 (`0123`, a zip code, say).
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The first character YAML does not allow in a document (its printable set: no control
/// characters but tab and line breaks, no U+FFFE or U+FFFF), and where it is. Other YAML tools
/// refuse them too; the reader used here would take them into the data.
fn unprintable(text: &str) -> Option<(Position, char)> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    let offset = text.find(|c: char| !printable(c))?;
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count()
        + 1;
    let column = before[line_start..].chars().count() + 1;
    Some(((line, column), text[offset..].chars().next()?))
}

/// Whether `text` may nest flow collections (`[`, `{`) deeper than `MAX_BRACKETS`. The YAML
/// scanner's work per token grows with the nesting depth of flow collections, so a document of
/// 100,000 nested `{` would take minutes to be refused. Returns the line and column of the first
/// bracket past the limit. Brackets inside strings count too, so the limit is twice the
/// reader's.
fn too_deep(text: &str) -> Option<Position> {
    const MAX_BRACKETS: usize = 2 * MAX_NESTING;
    let mut depth: usize = 0;
    let (mut line, mut line_start) = (1, 0);
    for (offset, byte) in text.bytes().enumerate() {
        match byte {
            b'\n' => (line, line_start) = (line + 1, offset + 1),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    let column = text[line_start..offset].chars().count() + 1;
                    return Some((line, column));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(text: &str) -> Value {
        match read(text) {
            Ok(document) => document.data,
            Err(refusal) => panic!("{text} is refused: {refusal:?}"),
        }
    }

    fn refusal(text: &str) -> Refusal {
        read(text).err().expect("the text is refused")
    }

    const TEXT: &str = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags:\n      - one\n      - two\n  /c:\n    {}\n";

    #[test]
    fn finds_keys_items_and_ancestors() {
        let places = read(TEXT).ok().unwrap().places;
        assert_eq!(places.find("#"), Some((1, 1)));
        assert_eq!(places.find("#/openapi"), Some((1, 1)));
        assert_eq!(places.find("#/paths/~1a~1b"), Some((3, 3)));
        assert_eq!(places.find("#/paths/~1a~1b/get/tags/1"), Some((7, 9)));
        assert_eq!(
            places.find("#/paths/~1a~1b/get/responses/200"),
            Some((4, 5))
        );
        assert_eq!(places.find("#/paths/~1c"), Some((8, 3)));
        let items = read("- name: a\n  b: 1\n").ok().unwrap().places;
        assert_eq!(items.find("#/0"), Some((1, 3)));
        assert_eq!(places.find("#/paths/~1c/get"), Some((8, 3)));
    }

    #[test]
    fn an_aliased_node_is_placed_at_its_alias() {
        let text = "a: &x\n  b: 1\nc: *x\n";
        let document = read(text).ok().unwrap();
        assert_eq!(document.data["c"]["b"], 1);
        assert_eq!(document.places.find("#/a/b"), Some((2, 3)));
        assert_eq!(document.places.find("#/c/b"), Some((3, 1)));
    }

    #[test]
    fn every_duplicate_key_is_refused_where_it_is() {
        let found = refusal("a: 1\nb:\n  c: 1\n  c: 2\n  d: 0\nb: 3\n");
        let pointers: Vec<_> = found
            .iter()
            .map(|(at, p, _)| (*at, p.clone().unwrap()))
            .collect();
        assert_eq!(
            pointers,
            [
                (Some((4, 3)), "#/b/c".to_owned()),
                (Some((6, 1)), "#/b".to_owned())
            ]
        );
    }

    #[test]
    fn keys_equal_as_text_are_duplicates() {
        let found = refusal("x:\n  200: a\n  '200': b\n");
        assert_eq!(found[0].1.as_deref(), Some("#/x/200"));
        assert_eq!(found[0].0, Some((3, 3)));
    }

    #[test]
    fn places_stay_in_step_with_the_data_after_a_dropped_entry() {
        // Not reachable through `read` (a duplicate refuses the document), but the records of a
        // dropped entry must not shift its later siblings.
        let mut reader = Reader::default();
        let mut parser = Parser::new_from_str("a: {x: 1}\na: {y: 2}\nb: 3\n");
        while let Ok((event, mark)) = parser.next_token() {
            if matches!(event, Event::StreamEnd) {
                break;
            }
            reader.on_event(event, mark).ok().unwrap();
        }
        let places = Places {
            nodes: reader.nodes,
        };
        assert_eq!(places.find("#/b"), Some((3, 1)));
        assert_eq!(places.find("#/a/x"), Some((1, 5)));
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_resolves_them() {
        let value = data(
            "[~, null, '', true, False, 12, -3, +4, 0x1F, -0o17, 0b11, 012, 1.5, -2e3, .inf, .NaN, inf, 'true', \"1\", 1_000, 0x]",
        );
        assert_eq!(
            value,
            serde_json::json!([
                null, null, "", true, false, 12, -3, 4, 31, -15, 3, "012", 1.5, -2000.0, null,
                null, "inf", "true", "1", "1_000", "0x"
            ])
        );
        assert_eq!(data("a:"), serde_json::json!({ "a": null }));
        assert_eq!(data("a: |\n  12\n"), serde_json::json!({ "a": "12\n" }));
    }

    #[test]
    fn standard_tags_ask_for_a_type_and_others_are_refused() {
        assert_eq!(
            data("[!!str 12, !!int '7', !!float 1, !!bool 'true', !!null ~]"),
            serde_json::json!(["12", 7, 1.0, true, null])
        );
        for (text, message) in [
            ("a: !!int x", "`x` is not an integer"),
            ("a: !custom x", "the YAML tag `!custom` is not supported"),
            (
                "a: !!binary aGk=",
                "the YAML tag `!!binary` is not supported",
            ),
            ("a: !!seq {b: 1}", "the YAML tag `!!seq` is not supported"),
        ] {
            let found = refusal(text);
            assert!(found[0].2.contains(message), "{text}: {}", found[0].2);
            assert_eq!(found[0].0.map(|(line, _)| line), Some(1), "{text}");
        }
    }

    #[test]
    fn integers_past_64_bits_are_refused_and_larger_numbers_are_floats() {
        assert!(
            refusal("a: 18446744073709551616")[0]
                .2
                .contains("does not fit in 64 bits")
        );
        assert!(
            refusal("a: -9223372036854775809")[0]
                .2
                .contains("does not fit in 64 bits")
        );
        assert_eq!(data("a: 18446744073709551615")["a"], u64::MAX);
        assert_eq!(data("a: 1e400")["a"], "1e400");
        assert!(data("a: 999999999999999999999999999999999999999999")["a"].is_f64());
    }

    #[test]
    fn keys_are_text() {
        assert_eq!(
            data("{1: a, true: b, 1.5: c}"),
            serde_json::json!({"1": "a", "true": "b", "1.5": "c"})
        );
        for text in ["{~: a}", "{? [1]: a}", "{? {b: 1}: a}"] {
            assert!(refusal(text)[0].2.contains("keys must be text"), "{text}");
        }
    }

    #[test]
    fn empty_enums_are_problems_not_refusals() {
        let document = read("a:\n  enum: []\nb: &e []\nc:\n  enum: *e\n")
            .ok()
            .unwrap();
        assert_eq!(
            document.problems,
            [
                ("#/a/enum".to_owned(), "an enum needs at least one value"),
                ("#/c/enum".to_owned(), "an enum needs at least one value")
            ]
        );
    }

    #[test]
    fn syntax_errors_second_documents_and_deep_nesting_are_refused_where_they_are() {
        let found = refusal("info:\n  title: a\n   version: b\n");
        assert_eq!(found[0].2, "mapping values are not allowed in this context");
        assert_eq!(found[0].0, Some((3, 11)));
        assert_eq!(refusal("a: 1\n---\nb: 2\n")[0].0, Some((2, 1)));
        let deep: String = (0..200)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let found = refusal(&deep);
        assert!(
            found[0].2.contains("nested deeper than 128"),
            "{}",
            found[0].2
        );
        assert_eq!(found[0].0.map(|(line, _)| line), Some(129));
        assert!(
            refusal(&"[".repeat(300))[0]
                .2
                .contains("brackets nested deeper")
        );
    }

    #[test]
    fn aliases_that_expand_past_the_limit_are_refused_at_the_alias() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let p = i - 1;
            let items = vec![format!("*a{p}"); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        let found = refusal(&bomb);
        assert!(
            found[0].2.starts_with("expanding the YAML aliases"),
            "{}",
            found[0].2
        );
        // a0 is 11 nodes, each next one ten times that and one: a5 (line 6) has 1,111,111.
        assert_eq!(found[0].0.map(|(line, _)| line), Some(6));
        assert!(
            refusal("a: &a [*a]")[0]
                .2
                .contains("refers to a node that contains it")
        );
    }

    #[test]
    fn control_characters_are_refused_where_they_are() {
        let found = refusal("a: 1\r\nb: 'x\u{1}'\n");
        assert_eq!(found[0].0, Some((2, 6)));
        assert!(
            found[0]
                .2
                .starts_with("the character U+0001 is not allowed"),
            "{}",
            found[0].2
        );
        assert_eq!(refusal("a: \u{7F}")[0].0, Some((1, 4)));
        assert_eq!(refusal("a:\rb: \u{FFFF}")[0].0, Some((2, 4)));
        assert_eq!(
            data("a: \"\\u0001\u{85}\u{FEFF}\u{1F600}\"")["a"],
            "\u{1}\u{85}\u{FEFF}\u{1F600}"
        );
    }

    #[test]
    fn an_empty_text_is_null() {
        let document = read("").ok().unwrap();
        assert_eq!(document.data, Value::Null);
        assert_eq!(document.places.find("#/openapi"), None);
    }
}
