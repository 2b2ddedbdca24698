//! One escaping function per place a spec string can land in a generated file.
//!
//! Templates never place spec text as it is: each `{{ … }}` that holds text from the spec goes
//! through the filter for where it lands (`render::filters` maps the filters to these functions),
//! and a test reads every template to check that none is placed bare. Whatever a spec holds, the
//! result can only ever be text in that place: it cannot end a comment, a string or a table cell,
//! so it cannot add code, attributes, manifest keys or Markdown structure.

use std::fmt::Write as _;

/// Characters that end a line somewhere: Rust ends a line comment at `\n` only, but refuses a bare
/// `\r` in a doc comment, and editors and Markdown renderers break at the others.
const LINE_BREAKS: &[char] = &[
    '\n', '\r', '\u{0b}', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// Whether `text` holds a character that would start a new line in some reader.
pub fn has_line_break(text: &str) -> bool {
    text.contains(LINE_BREAKS)
}

/// A Rust string literal with exactly the value `text`, quoted.
pub fn rust_str(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// Text for one `///` or `//!` line: line breaks become spaces, and other control characters
/// (which rustdoc would show as garbage) are dropped.
pub fn doc_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            c if LINE_BREAKS.contains(&c) => Some(' '),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A TOML basic string (quoted) with exactly the value `text` (TOML 1.0, "Basic strings").
pub fn toml_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markdown inline text (a table cell, a sentence, or the same in a doc comment): one line, with
/// everything that Markdown or rustdoc would read as structure escaped (links, HTML, emphasis,
/// code spans and the `|` that ends a table cell).
pub fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in doc_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out.trim().to_owned()
}

/// A Markdown code span that shows `text` as it is, on one line: the fence is one backtick longer
/// than the longest run of backticks inside, with spaces where the text starts or ends with one
/// (CommonMark, "Code spans"). A `|` is escaped, so the span is safe in a table cell too.
pub fn md_code(text: &str) -> String {
    let text = doc_line(text);
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    let body = text.replace('|', "\\|");
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_literals_keep_the_value() {
        for text in [
            "plain",
            "a \"quote\"",
            "line\nbreak\r\n",
            "\\",
            "\u{0}\u{7f}é\u{2028}",
        ] {
            let literal: syn::LitStr = syn::parse_str(&rust_str(text)).unwrap();
            assert_eq!(literal.value(), text);
        }
    }

    #[test]
    fn doc_lines_are_one_line() {
        assert_eq!(doc_line("a\nb\rc\u{2028}d\u{0}e\tf"), "a b c de f");
        assert!(!has_line_break(&doc_line("x\r\n\u{85}\u{2029}y")));
    }

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(toml_str("1.0\"\nbuild = \"x"), r#""1.0\"\nbuild = \"x""#);
        assert_eq!(toml_str("a\\b\u{1}"), r#""a\\b\u0001""#);
    }

    #[test]
    fn markdown_text_and_code_stay_inline() {
        assert_eq!(md_text("a | b\n# c"), "a \\| b \\# c");
        assert_eq!(md_text("<script>"), "\\<script\\>");
        assert_eq!(md_code("/a/{id}"), "`/a/{id}`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(md_code("a|b\nc"), "`a\\|b c`");
    }
}
