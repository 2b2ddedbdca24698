//! `cargo xtask codegen`: writes `generated-client/` from the spec, or checks that it is current.
//!
//! Like rust-analyzer's `ensure_file_contents`: one function both writes and checks, so the check
//! can never disagree with what writing would do.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generator::GeneratedFile;

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/oauth.yaml";
/// The generated crate, relative to the workspace root.
pub const OUTPUT: &str = "generated-client";

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What `ensure_files` found (and, when writing, did).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files whose contents differ from the generated ones.
    pub changed: Vec<PathBuf>,
    /// Files the generator produces that are missing.
    pub added: Vec<PathBuf>,
    /// Files present that the generator no longer produces.
    pub stale: Vec<PathBuf>,
    /// A unified diff of every difference, as `--check` prints it (checking only: writing
    /// megabytes of generated code would spend most of its time on a diff nobody reads).
    pub diff: String,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.stale.is_empty()
    }
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// Generates from the spec under `root` and writes or checks `root/generated-client`.
pub fn run(root: &Path, mode: Mode) -> Result<Changes, String> {
    let files =
        generator::generate_from_file(&root.join(SPEC), SPEC).map_err(|error| error.to_string())?;
    ensure_files(&root.join(OUTPUT), &files, mode).map_err(|error| error.to_string())
}

/// Generates a crate from any spec into `out` (for specs other than the product's, such as the
/// second API CI builds).
pub fn generate_into(spec: &Path, out: &Path) -> Result<Changes, String> {
    let display = spec.display().to_string();
    let files = generator::generate_from_file(spec, &display).map_err(|error| error.to_string())?;
    ensure_files(out, &files, Mode::Write)
        .map_err(|error| format!("cannot write {}: {error}", out.display()))
}

/// Makes `dir` hold exactly `files`, or (checking) reports how it differs. Files are compared
/// before anything is written, and each is replaced atomically (written beside, then renamed), so
/// an interrupted run leaves every file either old or new, never half-written.
pub fn ensure_files(dir: &Path, files: &[GeneratedFile], mode: Mode) -> std::io::Result<Changes> {
    let mut changes = Changes::default();
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    // Diffs name files as the maintainer sees them: `generated-client/src/models.rs`.
    let label = Path::new(dir.file_name().unwrap_or(dir.as_os_str()));
    for file in files {
        let path = dir.join(&file.path);
        let display = label.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == file.contents => continue,
            Ok(current) => {
                if mode == Mode::Check {
                    write_diff(&mut changes.diff, &display, &current, &file.contents);
                }
                changes.changed.push(file.path.clone());
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if mode == Mode::Check {
                    write_diff(&mut changes.diff, &display, "", &file.contents);
                }
                changes.added.push(file.path.clone());
            }
            Err(error) => return Err(error),
        }
        if mode == Mode::Write {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temporary = path.with_extension("codegen-tmp");
            std::fs::write(&temporary, &file.contents)?;
            std::fs::rename(&temporary, &path)?;
        }
    }
    for existing in list_files(dir)? {
        if !wanted.contains(&existing) {
            match mode {
                Mode::Check => {
                    let current = std::fs::read_to_string(dir.join(&existing)).unwrap_or_default();
                    write_diff(&mut changes.diff, &label.join(&existing), &current, "");
                }
                Mode::Write => std::fs::remove_file(dir.join(&existing))?,
            }
            changes.stale.push(existing);
        }
    }
    Ok(changes)
}

/// Every file under `dir`, relative to it, sorted.
fn list_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = match std::fs::read_dir(dir.join(&relative)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn write_diff(out: &mut String, path: &Path, old: &str, new: &str) {
    let name = path.display().to_string().replace('\\', "/");
    let diff = similar::TextDiff::from_lines(old, new);
    let _ = write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
    );
}
