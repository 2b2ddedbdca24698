//! Where each JSON pointer of a spec is in its text, so every diagnostic can name a line; and the
//! duplicate keys that serde would silently merge (the last one winning).

use std::collections::{BTreeMap, BTreeSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, escape_token};

/// The position of every node of a YAML document, by JSON pointer.
pub struct Locations {
    positions: BTreeMap<String, (usize, usize)>,
    /// Keys that appear twice in one mapping: the pointer and where the second one is.
    duplicates: Vec<(String, (usize, usize))>,
}

impl Locations {
    /// Reads the document's structure. Text that does not parse yields the positions read up to
    /// the error; the error itself is reported by the loader.
    pub fn new(text: &str) -> Self {
        let mut walker = Walker {
            stack: Vec::new(),
            positions: BTreeMap::new(),
            duplicates: Vec::new(),
        };
        if too_deep(text).is_none() {
            feed_events(text, &mut walker);
        }
        Locations {
            positions: walker.positions,
            duplicates: walker.duplicates,
        }
    }

    /// The line and column (both 1-based) of the node at `pointer`, or of its nearest ancestor
    /// in the text (a diagnostic about a missing key points at the object that lacks it).
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer;
        loop {
            if let Some(position) = self.positions.get(pointer) {
                return Some(*position);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    pub fn duplicate_keys(&self, file: &str) -> Vec<Diagnostic> {
        self.duplicates
            .iter()
            .map(|(pointer, position)| Diagnostic {
                file: file.to_owned(),
                position: Some(*position),
                pointer: Some(pointer.clone()),
                message:
                    "this key appears twice in the same mapping; YAML readers keep only one of them"
                        .to_owned(),
            })
            .collect()
    }
}

enum Frame {
    Mapping {
        pointer: String,
        key: Option<String>,
        keys: BTreeSet<String>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

struct Walker {
    stack: Vec<Frame>,
    positions: BTreeMap<String, (usize, usize)>,
    duplicates: Vec<(String, (usize, usize))>,
}

/// Hands the events of the first document of `text` to `receiver`, one after the other. Unlike
/// the parser's own `load`, which calls itself once per level of nesting (and overflows a thread's
/// stack on a document indented two thousand levels deep), this loop uses no stack per level.
/// Stops at the first syntax error: the YAML reader reports it.
pub fn feed_events(text: &str, receiver: &mut impl MarkedEventReceiver) {
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd | Event::DocumentEnd, _)) | Err(_) => return,
            Ok((event, mark)) => receiver.on_event(event, mark),
        }
    }
}

/// Whether `text` may nest flow collections (`[`, `{`) deeper than `MAX_DEPTH`. The YAML
/// scanners' work per token grows with the nesting depth of flow collections (libyaml's and
/// yaml-rust2's alike), so a document of 100,000 nested `{` takes minutes to be refused; the YAML
/// reader refuses anything nested past 128 levels anyway. Returns the line and column of the
/// first bracket past the limit. Brackets inside strings count too, so the limit is twice the
/// reader's.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth: usize = 0;
    let (mut line, mut line_start) = (1, 0);
    for (offset, byte) in text.bytes().enumerate() {
        match byte {
            b'\n' => (line, line_start) = (line + 1, offset + 1),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
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

/// Nodes nested deeper than this are not recorded: the YAML reader refuses documents nested
/// past 128 levels anyway, and a pointer per node of a 100,000-deep document would take
/// quadratic time and memory (each pointer is as long as the path to it).
const MAX_DEPTH: usize = 256;

impl Walker {
    /// Records a value that starts at `position` and returns its pointer.
    fn start_value(&mut self, position: (usize, usize)) -> String {
        if self.stack.len() >= MAX_DEPTH {
            return String::new();
        }
        let pointer = match self.stack.last() {
            None => "#".to_owned(),
            Some(Frame::Mapping {
                pointer,
                key: Some(key),
                ..
            }) => format!("{pointer}/{}", escape_token(key)),
            // A collection used as a key: rare, and nothing in an OpenAPI document refers to it.
            Some(Frame::Mapping {
                pointer, key: None, ..
            }) => format!("{pointer}/?"),
            Some(Frame::Sequence { pointer, index }) => format!("{pointer}/{index}"),
        };
        self.positions.entry(pointer.clone()).or_insert(position);
        pointer
    }

    /// Moves on after a value: the mapping expects a key, the sequence its next item.
    fn end_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { index, .. }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(value, ..) => {
                let deep = self.stack.len() > MAX_DEPTH;
                if let Some(Frame::Mapping {
                    pointer,
                    key: key @ None,
                    keys,
                }) = self.stack.last_mut()
                {
                    if deep {
                        *key = Some(String::new());
                        return;
                    }
                    let child = format!("{pointer}/{}", escape_token(&value));
                    if !keys.insert(value.clone()) {
                        self.duplicates.push((child.clone(), position));
                    }
                    // The key's position is the most useful one for the entry it starts.
                    self.positions.entry(child).or_insert(position);
                    *key = Some(value);
                } else {
                    self.start_value(position);
                    self.end_value();
                }
            }
            Event::Alias(_) => {
                self.start_value(position);
                self.end_value();
            }
            Event::MappingStart(..) => {
                let pointer = self.start_value(position);
                self.stack.push(Frame::Mapping {
                    pointer,
                    key: None,
                    keys: BTreeSet::new(),
                });
            }
            Event::SequenceStart(..) => {
                let pointer = self.start_value(position);
                self.stack.push(Frame::Sequence { pointer, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.end_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Locations;

    const TEXT: &str = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags:\n      - one\n      - two\n  /c:\n    {}\n";

    #[test]
    fn finds_keys_items_and_ancestors() {
        let locations = Locations::new(TEXT);
        assert_eq!(locations.find("#/openapi"), Some((1, 1)));
        assert_eq!(locations.find("#/paths/~1a~1b"), Some((3, 3)));
        assert_eq!(locations.find("#/paths/~1a~1b/get/tags/1"), Some((7, 9)));
        assert_eq!(
            locations.find("#/paths/~1a~1b/get/responses/200"),
            Some((4, 5))
        );
        assert_eq!(locations.find("#/paths/~1c"), Some((8, 3)));
    }

    #[test]
    fn reports_duplicate_keys() {
        let locations = Locations::new("a: 1\nb:\n  c: 1\n  c: 2\n");
        let found = locations.duplicate_keys("spec.yaml");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer.as_deref(), Some("#/b/c"));
        assert_eq!(found[0].position, Some((4, 3)));
    }
}
