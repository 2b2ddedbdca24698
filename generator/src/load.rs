//! Spec text → `openapiv3` model, with the YAML error's position when it does not parse.

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Errors};

pub fn load(file: &str, text: &str) -> Result<OpenAPI, Errors> {
    serde_yaml::from_str(text).map_err(|error| {
        let position = error.location().map(|l| (l.line(), l.column()));
        Errors(vec![Diagnostic {
            file: file.to_owned(),
            position,
            pointer: None,
            message: error.to_string(),
        }])
    })
}
