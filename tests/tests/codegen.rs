//! The checked-in crate is exactly what the spec and templates produce, and the check notices
//! when it is not.

use std::path::Path;

use xtask::codegen::{self, Mode};

fn generate() -> Vec<generator::GeneratedFile> {
    let root = codegen::workspace_root();
    generator::generate_from_file(&root.join(codegen::SPEC), codegen::SPEC)
        .expect("the spec generates")
}

#[test]
fn generated_client_is_up_to_date() {
    let changes = codegen::run(&codegen::workspace_root(), Mode::Check).expect("codegen runs");
    assert!(
        changes.is_empty(),
        "generated-client/ differs from what spec/ and templates/ produce; run `cargo xtask codegen`:\n{}",
        changes.diff
    );
}

#[test]
fn check_fails_on_hand_edits_missing_and_stray_files() {
    let files = generate();
    let temporary = tempfile::tempdir().unwrap();
    let dir = temporary.path().join("generated-client");
    let written = codegen::ensure_files(dir.as_path(), &files, Mode::Write).unwrap();
    assert_eq!(written.added.len(), files.len());
    assert!(written.diff.is_empty(), "writing computes no diff");
    assert!(
        codegen::ensure_files(dir.as_path(), &files, Mode::Check)
            .unwrap()
            .is_empty()
    );

    let models = dir.as_path().join("src/models.rs");
    let edited = std::fs::read_to_string(&models).unwrap().replacen(
        "pub name: String",
        "pub name: Vec<u8>",
        1,
    );
    std::fs::write(&models, edited).unwrap();
    std::fs::remove_file(dir.as_path().join("README.md")).unwrap();
    std::fs::write(dir.as_path().join("src/extra.rs"), "// not generated\n").unwrap();

    let changes = codegen::ensure_files(dir.as_path(), &files, Mode::Check).unwrap();
    assert_eq!(changes.changed, [Path::new("src/models.rs")]);
    assert_eq!(changes.added, [Path::new("README.md")]);
    assert_eq!(changes.stale, [Path::new("src/extra.rs")]);
    assert!(
        changes
            .diff
            .contains("--- a/generated-client/src/models.rs"),
        "{}",
        changes.diff
    );
    assert!(
        changes.diff.contains("-    pub name: Vec<u8>,"),
        "{}",
        changes.diff
    );
    assert!(
        changes.diff.contains("+    pub name: String,"),
        "{}",
        changes.diff
    );

    // Checking wrote nothing; writing refuses while a file it did not write is there, and
    // changes nothing.
    assert!(dir.as_path().join("src/extra.rs").exists());
    let refused = codegen::ensure_files(dir.as_path(), &files, Mode::Write).unwrap_err();
    assert!(refused.to_string().contains("src/extra.rs"), "{refused}");
    assert!(!dir.as_path().join("README.md").exists());
    assert_eq!(
        codegen::ensure_files(dir.as_path(), &files, Mode::Check).unwrap(),
        changes
    );

    // A stray file the generator wrote (an earlier version's) is removed; writing repairs the rest.
    let header = files[0]
        .contents
        .lines()
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(
        dir.as_path().join("src/extra.rs"),
        format!("{header}\n// gone\n"),
    )
    .unwrap();
    codegen::ensure_files(dir.as_path(), &files, Mode::Write).unwrap();
    assert!(
        codegen::ensure_files(dir.as_path(), &files, Mode::Check)
            .unwrap()
            .is_empty()
    );
    assert!(!dir.as_path().join("src/extra.rs").exists());
}

#[test]
fn generate_never_touches_what_it_did_not_write() {
    let spec = codegen::workspace_root().join(codegen::SPEC);
    let temporary = tempfile::tempdir().unwrap();
    let dir = temporary.path();
    // A repository: its history, a notes file, and a generated file from an earlier run.
    std::fs::create_dir_all(dir.join(".git/objects")).unwrap();
    std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(dir.join("notes.md"), "mine\n").unwrap();
    let snapshot = |dir: &Path| {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(next) = pending.pop() {
            for entry in std::fs::read_dir(next).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(dir);
    let error = codegen::generate_into(&spec, dir).unwrap_err();
    assert!(
        error.contains(".git/HEAD") && error.contains("notes.md"),
        "{error}"
    );
    assert!(error.contains("Nothing was changed"), "{error}");
    assert_eq!(snapshot(dir), before, "a refused run changed the directory");

    // A file the generator would write, but which the user wrote: refused too.
    let own = tempfile::tempdir().unwrap();
    std::fs::write(own.path().join("README.md"), "my readme\n").unwrap();
    let error = codegen::generate_into(&spec, own.path()).unwrap_err();
    assert!(error.contains("README.md"), "{error}");
    assert_eq!(
        std::fs::read_to_string(own.path().join("README.md")).unwrap(),
        "my readme\n"
    );

    // A link is never taken for a generated file, even when it points at one.
    #[cfg(unix)]
    {
        let out = tempfile::tempdir().unwrap();
        codegen::generate_into(&spec, out.path()).unwrap();
        std::os::unix::fs::symlink(out.path().join("README.md"), out.path().join("link.md"))
            .unwrap();
        let error = codegen::generate_into(&spec, out.path()).unwrap_err();
        assert!(error.contains("link.md"), "{error}");
        assert!(out.path().join("README.md").exists());
    }

    // A missing or empty directory, or one holding only generated files, is written.
    let fresh = temporary.path().join("new/crate");
    codegen::generate_into(&spec, &fresh).unwrap();
    let again = codegen::generate_into(&spec, &fresh).unwrap();
    assert!(again.is_empty(), "a second run changes nothing");
}

#[test]
fn an_invalid_spec_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("spec")).unwrap();
    let spec = std::fs::read_to_string(codegen::workspace_root().join(codegen::SPEC)).unwrap();
    let broken = spec.replacen(
        "$ref: '#/components/schemas/OAuthClient'",
        "$ref: '#/components/schemas/OAuthClinet'",
        1,
    );
    std::fs::write(root.path().join(codegen::SPEC), broken).unwrap();
    let output = root.path().join(codegen::OUTPUT);
    std::fs::create_dir_all(&output).unwrap();
    std::fs::write(output.join("keep.txt"), "untouched").unwrap();

    let error = codegen::run(root.path(), Mode::Write).unwrap_err();
    assert!(error.contains("spec/oauth.yaml"), "{error}");
    assert!(
        error.contains("OAuthClinet` does not exist (did you mean `OAuthClient`?)"),
        "{error}"
    );
    assert!(error.contains("#/paths/"), "{error}");
    assert_eq!(
        std::fs::read_to_string(output.join("keep.txt")).unwrap(),
        "untouched"
    );
    assert_eq!(std::fs::read_dir(&output).unwrap().count(), 1);
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate(), generate());
}

#[test]
fn every_generated_file_has_the_header() {
    for file in generate() {
        let head: String = file.contents.lines().take(2).collect();
        assert!(
            head.contains("@generated by `cargo xtask codegen`"),
            "{} lacks the header",
            file.path.display()
        );
    }
}

#[test]
fn synthetic_specs_generate() {
    let spec = xtask::synthetic::spec(20);
    let files = generator::generate("synthetic.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
    let operations = files
        .iter()
        .find(|f| f.path == Path::new("src/operations.rs"))
        .unwrap();
    assert_eq!(
        operations
            .contents
            .matches("impl std::future::IntoFuture for")
            .count(),
        20
    );
}

/// The generator puts blank lines between items after laying the code out; that must only ever
/// be whitespace between tokens. A blank line inside a literal (a string that spans lines) would
/// change its value, so: no generated Rust file has one, for the product, the fixtures and the
/// corpus specs that put hostile text in every field.
#[test]
fn blank_lines_change_no_token() {
    use quote::ToTokens;
    let root = codegen::workspace_root();
    let mut specs = vec![root.join(codegen::SPEC)];
    for dir in ["tests/fixtures/specs", "tests/fixtures/corpus/accepted"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            specs.push(entry.unwrap().path());
        }
    }
    let mut checked = 0;
    for spec in &specs {
        let files = generator::generate_from_file(spec, "spec.yaml")
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
            let spaced = syn::parse_file(&file.contents).unwrap();
            let unspaced: String = file
                .contents
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| format!("{line}\n"))
                .collect();
            let unspaced = syn::parse_file(&unspaced).unwrap();
            assert_eq!(
                spaced.to_token_stream().to_string(),
                unspaced.to_token_stream().to_string(),
                "{}: {}",
                spec.display(),
                file.path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} files");
}
