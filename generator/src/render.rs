//! IR → file contents through the askama templates in `templates/`.

use askama::Template;

use crate::ir::{Api, PathPart};
use crate::{Error, GeneratedFile, format};

/// How a template's output is finished before it is written.
enum Kind {
    Rust,
    Toml,
    Markdown,
}

macro_rules! templates {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[derive(Template)]
            #[template(path = $path)]
            struct $name<'a> {
                api: &'a Api,
            }
        )*
    };
}

/// Templates whose output does not depend on the spec: the runtime support every client needs.
macro_rules! static_templates {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[derive(Template)]
            #[template(path = $path)]
            struct $name;
        )*
    };
}

templates! {
    CargoToml => "Cargo.toml.txt",
    Readme => "README.md.txt",
    Lib => "lib.rs.txt",
    Client => "client.rs.txt",
    Region => "region.rs.txt",
    Error_ => "error.rs.txt",
    Encoding => "encoding.rs.txt",
    Models => "models.rs.txt",
    Operations => "operations.rs.txt",
}

static_templates! {
    Auth => "auth.rs.txt",
    Retry => "retry.rs.txt",
    Secret => "secret.rs.txt",
    Nullable => "nullable.rs.txt",
    Wait => "wait.rs.txt",
}

pub fn render(api: &Api) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = vec![
        finish("Cargo.toml", Kind::Toml, CargoToml { api }.render(), api)?,
        finish("README.md", Kind::Markdown, Readme { api }.render(), api)?,
        finish("src/lib.rs", Kind::Rust, Lib { api }.render(), api)?,
        finish("src/client.rs", Kind::Rust, Client { api }.render(), api)?,
        finish("src/region.rs", Kind::Rust, Region { api }.render(), api)?,
        finish("src/error.rs", Kind::Rust, Error_ { api }.render(), api)?,
        finish("src/auth.rs", Kind::Rust, Auth.render(), api)?,
        finish("src/retry.rs", Kind::Rust, Retry.render(), api)?,
        finish(
            "src/encoding.rs",
            Kind::Rust,
            Encoding { api }.render(),
            api,
        )?,
        finish("src/secret.rs", Kind::Rust, Secret.render(), api)?,
        finish("src/models.rs", Kind::Rust, Models { api }.render(), api)?,
        finish(
            "src/operations.rs",
            Kind::Rust,
            Operations { api }.render(),
            api,
        )?,
    ];
    if api.uses.nullable {
        files.push(finish(
            "src/nullable.rs",
            Kind::Rust,
            Nullable.render(),
            api,
        )?);
    }
    if api.uses.waiters {
        files.push(finish("src/wait.rs", Kind::Rust, Wait.render(), api)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn finish(
    path: &str,
    kind: Kind,
    rendered: askama::Result<String>,
    api: &Api,
) -> Result<GeneratedFile, Error> {
    let source = rendered.map_err(|error| Error::Render {
        file: path.to_owned(),
        message: error.to_string(),
    })?;
    let contents = match kind {
        Kind::Rust => format::rust(path, &source, &api.spec_file)?,
        Kind::Toml => format::toml(&source, &api.spec_file),
        Kind::Markdown => format::markdown(&source, &api.spec_file),
    };
    Ok(GeneratedFile {
        path: path.into(),
        contents,
    })
}
