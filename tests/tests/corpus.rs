//! "Accepted means it compiles": the specs of `tests/fixtures/corpus/` stress names, types and
//! text. Every spec in `accepted/` must generate (CI then builds and lints all of them with
//! `cargo xtask corpus`, see .ci/run) and nothing its text holds may reach the output as code,
//! attributes, manifest keys or Markdown structure; every spec in `refused/` must be refused with
//! each error located, and with the message its `# expect:` line names.

use std::path::Path;

use generator::GeneratedFile;
use xtask::codegen::workspace_root;
use xtask::corpus::{ACCEPTED, REFUSED, specs};

/// The identifier the injection specs try to define: it may appear in generated text only inside
/// comments and strings.
const MARKER: &str = "injected_marker";

fn generate(spec: &Path) -> Result<Vec<GeneratedFile>, generator::Error> {
    let shown = spec.strip_prefix(workspace_root()).unwrap_or(spec);
    generator::generate_from_file(spec, &shown.display().to_string())
}

fn identifiers(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => out.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => identifiers(group.stream(), out),
            _ => {}
        }
    }
}

/// Top-level keys and tables of a generated Cargo.toml (every value the generator writes is on
/// one line).
fn manifest_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            if line.starts_with('[') {
                Some(line.to_owned())
            } else {
                line.split_once(" = ").map(|(key, _)| key.to_owned())
            }
        })
        .collect()
}

/// The cells of a Markdown table row, split at `|`s that are not escaped.
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

/// The Markdown headings of a page, outside code blocks.
fn headings(text: &str) -> Vec<&str> {
    let mut in_fence = false;
    text.lines()
        .filter(|line| {
            if line.starts_with("```") {
                in_fence = !in_fence;
            }
            !in_fence && line.starts_with('#')
        })
        .collect()
}

#[test]
fn accepted_specs_generate_and_nothing_is_injected() {
    let root = workspace_root();
    let specs = specs(&root.join(ACCEPTED)).unwrap();
    assert!(specs.len() >= 40, "the corpus has {} specs", specs.len());
    let reference = generate(&root.join("spec/oauth.yaml")).unwrap();
    let reference_keys = manifest_keys(
        &reference
            .iter()
            .find(|f| f.path == Path::new("Cargo.toml"))
            .unwrap()
            .contents,
    );
    let reference_readme = &reference
        .iter()
        .find(|f| f.path == Path::new("README.md"))
        .unwrap()
        .contents;
    let reference_headings = headings(reference_readme);
    let mut names = std::collections::BTreeSet::new();
    for spec in &specs {
        let files = generate(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        for file in &files {
            let what = format!("{}: {}", spec.display(), file.path.display());
            let text = &file.contents;
            match file.path.extension().and_then(|e| e.to_str()) {
                Some("rs") => {
                    let syntax: proc_macro2::TokenStream = text.parse().unwrap();
                    let mut found = Vec::new();
                    identifiers(syntax, &mut found);
                    assert!(
                        !found.iter().any(|i| i == MARKER),
                        "{what}: spec text became code"
                    );
                }
                Some("toml") => {
                    let keys = manifest_keys(text);
                    for key in &keys {
                        assert!(
                            reference_keys.contains(key),
                            "{what}: spec text added the manifest key `{key}`"
                        );
                    }
                    let name = text
                        .lines()
                        .find_map(|l| l.strip_prefix("name = "))
                        .unwrap()
                        .to_owned();
                    assert!(
                        names.insert(name.clone()),
                        "{what}: two corpus specs name the package {name}"
                    );
                }
                Some("md") => {
                    for line in text.lines().filter(|l| l.starts_with('|')) {
                        assert_eq!(
                            unescaped_pipes(line),
                            4,
                            "{what}: a table row lost its shape:\n{line}"
                        );
                    }
                    let headings = headings(text);
                    for heading in &headings[1..] {
                        assert!(
                            reference_headings.contains(heading),
                            "{what}: spec text added the heading {heading:?}"
                        );
                    }
                    assert_eq!(
                        text.matches("```").count() % 2,
                        0,
                        "{what}: a code block is left open"
                    );
                }
                _ => {}
            }
        }
    }
}

#[test]
fn refused_specs_are_refused_with_a_location() {
    let root = workspace_root();
    let specs = specs(&root.join(REFUSED)).unwrap();
    assert!(
        specs.len() >= 15,
        "the corpus has {} refused specs",
        specs.len()
    );
    for spec in &specs {
        let text = std::fs::read_to_string(spec).unwrap();
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no `# expect:` line", spec.display()));
        let error = match generate(spec) {
            Ok(_) => panic!("{} was accepted", spec.display()),
            Err(error) => error,
        };
        let generator::Error::Spec(errors) = &error else {
            panic!("{}: not a spec error: {error}", spec.display());
        };
        for diagnostic in &errors.0 {
            assert!(
                diagnostic.position.is_some(),
                "{}: an error without a line and column: {diagnostic}",
                spec.display()
            );
        }
        assert!(
            error.to_string().contains(expected),
            "{}: expected `{expected}` in:\n{error}",
            spec.display()
        );
    }
}
