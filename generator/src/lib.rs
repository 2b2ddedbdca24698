//! The generator: spec → IR → templates → `syn` → `prettyplease` → files.
//!
//! [`generate`] returns every file of the generated crate and writes nothing; `cargo xtask
//! codegen` decides what to do with them. The same input always gives byte-identical output: the
//! spec's own order is kept, and everything else is sorted.

pub mod api_diff;
mod diagnostics;
mod docs;
mod escape;
mod format;
mod ident;
pub mod ir;
mod load;
mod lower;
mod read;
mod render;
pub mod reserved;
mod syntax;
mod types;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Errors};
pub use format::is_generated;
pub use render::RUNTIME;

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the crate's root, with `/` separators: `src/models.rs`.
    pub path: PathBuf,
    pub contents: String,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec could not be read.
    #[error("cannot read the spec {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The spec has problems; each is located.
    #[error(transparent)]
    Spec(#[from] Errors),
    /// A template produced something that is not valid Rust: a bug in `templates/` or the
    /// generator, not in the spec.
    #[error(
        "template output for {file} is not valid Rust ({message}); the offending text:\n{excerpt}"
    )]
    InvalidOutput {
        file: String,
        message: String,
        excerpt: String,
    },
    /// A template failed to render.
    #[error("rendering {file} failed: {message}")]
    Render { file: String, message: String },
}

/// Reads and generates from a spec file. `display_name` is how the spec is named in diagnostics
/// and in the generated files' headers (`spec/oauth.yaml`).
pub fn generate_from_file(path: &Path, display_name: &str) -> Result<Vec<GeneratedFile>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    generate_bytes(display_name, &bytes)
}

/// Generates the crate from the spec file's bytes, which must be UTF-8 (a byte-order mark is
/// allowed); other bytes are an error at their position.
pub fn generate_bytes(display_name: &str, bytes: &[u8]) -> Result<Vec<GeneratedFile>, Error> {
    generate(display_name, load::decode(display_name, bytes)?)
}

/// Generates the crate from spec text.
pub fn generate(display_name: &str, text: &str) -> Result<Vec<GeneratedFile>, Error> {
    let api = lower_spec(display_name, text)?;
    render::render(&api)
}

/// The pipeline's stages one by one, for the benchmarks that measure where time goes.
#[doc(hidden)]
pub mod stages {
    pub use crate::format::pieces;
    pub use crate::render::{Kind, Rendered, templates};

    /// YAML text → OpenAPI model.
    pub fn load(text: &str) -> Result<openapiv3::OpenAPI, crate::Errors> {
        let loaded = crate::load::load("bench.yaml", text)?;
        loaded
            .spec
            .map_err(|diagnostic| crate::Errors(vec![diagnostic]))
    }

    /// OpenAPI model → IR.
    pub fn lower(spec: &openapiv3::OpenAPI) -> Result<crate::ir::Api, crate::Errors> {
        crate::lower::lower("bench.yaml", spec)
    }

    /// OpenAPI model → IR without the fake server's tables, to measure what they cost.
    pub fn lower_without_fake(spec: &openapiv3::OpenAPI) -> Result<crate::ir::Api, crate::Errors> {
        crate::lower::lower_with("bench.yaml", spec, false)
    }

    /// Template output → the file as written (checked, laid out, with its header).
    pub fn finish(rendered: Rendered) -> Result<crate::GeneratedFile, crate::Error> {
        crate::render::finish(rendered, "bench.yaml")
    }

    /// Template output → `syn` tree (the check every Rust file goes through).
    pub fn parse_rust(source: &str) -> syn::Result<syn::File> {
        syn::parse_file(source)
    }

    /// `syn` tree → text.
    pub fn pretty_print(file: &syn::File) -> String {
        prettyplease::unparse(file)
    }
}

/// Like [`lower_spec`], from the spec file's bytes, decoded as [`generate_bytes`] decodes them
/// (a byte-order mark is allowed; other bytes than UTF-8 are an error at their position).
pub fn lower_bytes(display_name: &str, bytes: &[u8]) -> Result<ir::Api, Error> {
    lower_spec(display_name, load::decode(display_name, bytes)?)
}

/// Loads, validates and lowers a spec to the IR, without rendering. Every problem found is
/// reported, each with the line and column of the node it is about where the text has it.
pub fn lower_spec(display_name: &str, text: &str) -> Result<ir::Api, Error> {
    let text = load::strip_bom(text);
    // A text that is not a readable document is refused here, each problem where it is.
    let loaded = load::load(display_name, text)?;
    let found = match loaded.spec {
        Ok(spec) => match lower::lower(display_name, &spec) {
            Ok(api) if loaded.problems.is_empty() => return Ok(api),
            Ok(_) => Vec::new(),
            Err(Errors(found)) => found,
        },
        Err(diagnostic) => vec![diagnostic],
    };
    let mut diagnostics = loaded.problems;
    diagnostics.extend(found);
    for diagnostic in &mut diagnostics {
        if diagnostic.position.is_none() {
            diagnostic.position = diagnostic
                .pointer
                .as_deref()
                .and_then(|p| loaded.places.find(p))
                // Nothing of the document could be read (it is empty, say): the error is about
                // all of it, which starts at the start.
                .or(Some((1, 1)));
        }
    }
    // In the order of the text, as a reader goes through the file; the order lowering finds
    // them in is an accident of its passes.
    diagnostics.sort_by_key(|diagnostic| diagnostic.position);
    Err(Errors(diagnostics).into())
}
