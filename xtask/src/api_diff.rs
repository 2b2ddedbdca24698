//! `cargo xtask api-diff`: what a spec change means for the crate's users, and whether the
//! version says so. The rules are in `generator::api_diff`.

use std::path::Path;
use std::process::Command;

use generator::api_diff::{self, Change};

use crate::codegen::SPEC;

/// Where the old spec comes from.
pub enum Base<'a> {
    /// `spec/oauth.yaml` as committed at a git revision.
    Revision(&'a str),
    /// A spec file.
    File(&'a Path),
}

/// The two specs' changes and versions.
pub struct Comparison {
    pub changes: Vec<Change>,
    pub old_version: String,
    pub new_version: String,
    /// How the old spec was named: `spec/oauth.yaml at HEAD`.
    pub old_name: String,
}

impl Comparison {
    /// The report: one line per change, then a count.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            out.push_str(&format!("{change}\n"));
        }
        if self.changes.is_empty() {
            out.push_str(&format!("no API changes since {}\n", self.old_name));
        } else {
            out.push_str(&format!(
                "{} since {}\n",
                api_diff::tally(&self.changes),
                self.old_name
            ));
        }
        out
    }

    /// `--check`: whether the version bump matches the breaking changes.
    pub fn check(&self) -> Result<String, String> {
        api_diff::check_version(&self.old_version, &self.new_version, &self.changes)
    }
}

/// Compares the old spec (`base`) with `new` (a spec file, named `new_name` in messages).
pub fn compare(
    root: &Path,
    base: Base<'_>,
    new: &Path,
    new_name: &str,
) -> Result<Comparison, String> {
    let (old_bytes, old_name) = match base {
        Base::Revision(revision) => (spec_at(root, revision)?, format!("{SPEC} at {revision}")),
        Base::File(path) => (read(path)?, path.display().to_string()),
    };
    let new_bytes = read(new)?;
    let lower = |name: &str, bytes: &[u8]| {
        generator::lower_bytes(name, bytes)
            .map_err(|error| format!("cannot read the API of {name}:\n{error}"))
    };
    let old = lower(&old_name, &old_bytes)?;
    let new = lower(new_name, &new_bytes)?;
    Ok(Comparison {
        changes: api_diff::diff(&old, &new),
        old_version: old.package.version,
        new_version: new.package.version,
        old_name,
    })
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The product spec's bytes as committed at `revision`.
pub fn spec_at(root: &Path, revision: &str) -> Result<Vec<u8>, String> {
    if revision.starts_with('-') {
        return Err(format!("`{revision}` is not a git revision"));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("{revision}:{SPEC}")])
        .output()
        .map_err(|e| format!("cannot run git to read {SPEC} at {revision}: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cannot read {SPEC} at {revision}: {}",
            stderr.trim()
        ));
    }
    Ok(output.stdout)
}

/// What `cargo xtask codegen` prints last: the API changes it wrote, against the spec at HEAD, to
/// paste into a PR's description. Without git history there is nothing to compare with, and
/// codegen still succeeds.
pub fn summary(root: &Path) -> String {
    const SHOWN: usize = 30;
    let spec = root.join(SPEC);
    let comparison = match compare(root, Base::Revision("HEAD"), &spec, SPEC) {
        Ok(comparison) => comparison,
        Err(error) => {
            // The first lines say what failed; a spec's list of problems can be long.
            let head: Vec<&str> = error.lines().take(3).map(str::trim).collect();
            return format!("\nAPI summary unavailable: {}\n", head.join(" "));
        }
    };
    if comparison.changes.is_empty() {
        return format!("\nAPI: no changes since {}\n", comparison.old_name);
    }
    let mut out = format!(
        "\nAPI changes since {} (all of them: cargo xtask api-diff):\n",
        comparison.old_name
    );
    for change in comparison.changes.iter().take(SHOWN) {
        out.push_str(&format!("  {change}\n"));
    }
    if comparison.changes.len() > SHOWN {
        out.push_str(&format!(
            "  ... and {} more\n",
            comparison.changes.len() - SHOWN
        ));
    }
    out.push_str(&format!("  {}\n", api_diff::tally(&comparison.changes)));
    if let Err(problem) = comparison.check() {
        out.push_str(&format!("warning: {problem}\n"));
    }
    out
}
