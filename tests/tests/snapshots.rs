//! Every file generated from the fixture specs, snapshotted (review changes with
//! `cargo insta review`). In CI insta writes nothing, so a changed file fails the test; a snapshot
//! no fixture produces any more fails `no_unreferenced_snapshots`.

use std::collections::BTreeSet;
use std::path::Path;

/// The fixture specs, under `tests/fixtures/specs/`.
const FIXTURES: &[&str] = &["edge-cases", "authorization-roles"];

fn fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs")
}

/// `edge-cases` + `src/models.rs` → `edge-cases__src_models.rs`.
fn snapshot_name(fixture: &str, file: &Path) -> String {
    format!(
        "{fixture}__{}",
        file.to_string_lossy().replace(['/', '\\'], "_")
    )
}

fn generate(fixture: &str) -> Vec<generator::GeneratedFile> {
    let path = fixtures_dir().join(format!("{fixture}.yaml"));
    generator::generate_from_file(&path, &format!("tests/fixtures/specs/{fixture}.yaml"))
        .unwrap_or_else(|error| panic!("{fixture}: {error}"))
}

#[test]
fn fixtures_render_as_snapshotted() {
    for fixture in FIXTURES {
        for file in generate(fixture) {
            insta::assert_snapshot!(snapshot_name(fixture, &file.path), file.contents);
        }
    }
}

#[test]
fn no_unreferenced_snapshots() {
    let expected: BTreeSet<String> = FIXTURES
        .iter()
        .flat_map(|fixture| {
            generate(fixture)
                .into_iter()
                .map(move |file| snapshot_name(fixture, &file.path))
        })
        .map(|name| format!("snapshots__{name}.snap"))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    let stale: Vec<&String> = present
        .iter()
        .filter(|name| name.ends_with(".snap") && !expected.contains(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots no fixture produces; delete them: {stale:?}"
    );
    let missing: Vec<&String> = expected
        .iter()
        .filter(|name| !present.contains(*name))
        .collect();
    assert!(
        missing.is_empty(),
        "snapshots not yet accepted (run `cargo insta review`): {missing:?}"
    );
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    for fixture in FIXTURES {
        assert_eq!(generate(fixture), generate(fixture), "{fixture}");
    }
}
