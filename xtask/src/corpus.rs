//! `cargo xtask corpus DIR`: the crates of every spec in `tests/fixtures/corpus/accepted/`, as one
//! workspace in DIR, so CI can check "accepted means it compiles" with one `cargo clippy` that
//! builds the dependencies once for all of them.

use std::path::{Path, PathBuf};

/// The corpus, relative to the workspace root.
pub const ACCEPTED: &str = "tests/fixtures/corpus/accepted";
/// Specs the generator must refuse, each with a location.
pub const REFUSED: &str = "tests/fixtures/corpus/refused";

/// The `.yaml` files of a corpus folder, sorted.
pub fn specs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    specs.retain(|path| path.extension().is_some_and(|e| e == "yaml"));
    specs.sort();
    Ok(specs)
}

/// Generates every accepted spec under `root` into `out/<spec name>/` and writes the workspace
/// manifest that lists them. `out` must not exist yet or be empty.
pub fn write(root: &Path, out: &Path) -> Result<String, String> {
    let specs = specs(&root.join(ACCEPTED)).map_err(|e| format!("cannot read {ACCEPTED}: {e}"))?;
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} is not empty; give a new directory",
            out.display()
        ));
    }
    let mut members = Vec::new();
    for spec in &specs {
        let name = spec
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        crate::codegen::generate_into(spec, &out.join(&name))
            .map_err(|e| format!("{}: {e}", spec.display()))?;
        members.push(name);
    }
    let list: Vec<String> = members.iter().map(|m| format!("    {m:?},")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`: one crate per spec of {ACCEPTED}.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        list.join("\n")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    Ok(format!(
        "generated {} crates into {}\n",
        members.len(),
        out.display()
    ))
}
