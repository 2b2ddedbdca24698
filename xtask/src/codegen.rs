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
/// second API CI builds). `out` must be missing, empty, or hold only files generated earlier.
pub fn generate_into(spec: &Path, out: &Path) -> Result<Changes, String> {
    let display = spec.display().to_string();
    let files = generator::generate_from_file(spec, &display).map_err(|error| error.to_string())?;
    ensure_files(out, &files, Mode::Write)
        .map_err(|error| format!("cannot write {}: {error}", out.display()))
}

/// Makes `dir` hold exactly `files`, or (checking) reports how it differs. Files are compared
/// before anything is written, and each is replaced atomically (written beside, then renamed), so
/// an interrupted run leaves every file either old or new, never half-written.
///
/// Writing never touches what the generator did not write: if `dir` holds any file without the
/// `@generated` header (a `.git` folder, notes, a link), it refuses before changing anything.
pub fn ensure_files(dir: &Path, files: &[GeneratedFile], mode: Mode) -> std::io::Result<Changes> {
    if dir.exists() && !dir.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    let existing = list_files(dir)?;
    if mode == Mode::Write {
        let foreign: Vec<&Path> = existing
            .iter()
            .filter(|file| !was_generated(&dir.join(file)))
            .map(PathBuf::as_path)
            .collect();
        if !foreign.is_empty() {
            let shown: Vec<String> = foreign
                .iter()
                .take(5)
                .map(|f| f.display().to_string())
                .collect();
            let more = match foreign.len() {
                n if n > 5 => format!(" and {} more", n - 5),
                _ => String::new(),
            };
            return Err(std::io::Error::other(format!(
                "{} holds files the generator did not write (they lack the `@generated` header): {}{more}. \
                 Nothing was changed; generate into a new or empty directory, or move those files out.",
                dir.display(),
                shown.join(", "),
            )));
        }
    }
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
    for existing in existing {
        if !wanted.contains(&existing) {
            match mode {
                Mode::Check => {
                    let current = std::fs::read_to_string(dir.join(&existing)).unwrap_or_default();
                    write_diff(&mut changes.diff, &label.join(&existing), &current, "");
                }
                // Checked above: every file here was generated.
                Mode::Write => std::fs::remove_file(dir.join(&existing))?,
            }
            changes.stale.push(existing);
        }
    }
    Ok(changes)
}

/// Whether `path` is a regular file that starts with the generator's header. Links are never
/// taken for generated files, whatever they point at.
fn was_generated(path: &Path) -> bool {
    use std::io::Read as _;
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !metadata.file_type().is_file() {
        return false;
    }
    let mut head = Vec::with_capacity(256);
    let read = std::fs::File::open(path).and_then(|file| file.take(256).read_to_end(&mut head));
    read.is_ok() && generator::is_generated(&String::from_utf8_lossy(&head))
}

/// Every file under `dir`, relative to it, sorted. Links are listed as files, never followed.
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
