//! Spec prose → rustdoc lines that render as written and never trip a rustdoc lint.

/// Splits `text` into doc lines. Leading indentation is dropped (four spaces would start a code
/// block, which rustdoc would compile as a test); `[`, `]`, `<` and `>` outside code spans are
/// escaped (they would be read as links or HTML); bare URLs are wrapped in `<...>`; a fence
/// without a language becomes a `text` fence.
pub fn lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for text in text.lines().map(str::trim) {
        if let Some(info) = text.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            out.push(if opening && info.trim().is_empty() {
                "```text".to_owned()
            } else {
                text.to_owned()
            });
        } else if in_fence {
            out.push(text.to_owned());
        } else {
            out.push(line(text));
        }
    }
    // A fence the text leaves open would swallow everything placed after it.
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

fn line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // A heading would add a section to the page the text is placed in.
    if text.starts_with('#') {
        out.push('\\');
    }
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ')', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '`' => in_code = !in_code,
            '[' | ']' | '<' | '>' | '\\' if !in_code => out.push('\\'),
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            lines("Retry in [%s] seconds"),
            ["Retry in \\[%s\\] seconds"]
        );
        assert_eq!(lines("a Vec<String> here"), ["a Vec\\<String\\> here"]);
        assert_eq!(
            lines("see https://example.com/x."),
            ["see <https://example.com/x>."]
        );
        assert_eq!(lines("code `a[0] <b>` stays"), ["code `a[0] <b>` stays"]);
        assert_eq!(lines("\n    indented\n\n"), ["indented"]);
        assert_eq!(lines("```\nx\n```"), ["```text", "x", "```"]);
        assert_eq!(
            lines("```\nnever closed"),
            ["```text", "never closed", "```"]
        );
        assert_eq!(lines("## Operations"), ["\\## Operations"]);
    }
}
