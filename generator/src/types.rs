//! The Rust type of a schema, as tokens: the one place where a schema shape becomes Rust syntax.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The Rust type a schema lowers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    String,
    /// A string the spec marks as secret (`format: password`): redacted in `Debug`.
    Secret,
    I32,
    I64,
    F32,
    F64,
    Bool,
    DateTime,
    Date,
    /// Anything the spec leaves untyped.
    Json,
    Vec(Box<RustType>),
    /// `additionalProperties`: a map ordered by key, so serialized output is deterministic.
    Map(Box<RustType>),
    /// A model or enum generated into `crate::models`, by its Rust name.
    Named(String),
    /// A model that contains itself without a `Vec` or map in between.
    Boxed(Box<RustType>),
    /// An id of one kind (`x-rust-id`): a string newtype generated into `crate::models`, so
    /// that ids of different kinds cannot be swapped.
    Id(String),
}

/// Where in the generated crate a type is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `models`, which names its own types bare: no model shadows a name the module uses
    /// unqualified (`ident::type_name` sees to that).
    Models,
    /// Anywhere else: models by their path, `crate::models::OAuthClient`.
    Crate,
}

impl RustType {
    /// The type as written in `scope`.
    pub fn tokens(&self, scope: Scope) -> TokenStream {
        match self {
            RustType::String => quote!(String),
            RustType::Secret => quote!(crate::SecretString),
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::F32 => quote!(f32),
            RustType::F64 => quote!(f64),
            RustType::Bool => quote!(bool),
            RustType::DateTime => quote!(chrono::DateTime<chrono::Utc>),
            RustType::Date => quote!(chrono::NaiveDate),
            RustType::Json => quote!(serde_json::Value),
            RustType::Vec(inner) => {
                let inner = inner.tokens(scope);
                quote!(Vec<#inner>)
            }
            RustType::Map(inner) => {
                let inner = inner.tokens(scope);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            RustType::Named(name) | RustType::Id(name) => {
                let name = ident(name);
                match scope {
                    Scope::Models => quote!(#name),
                    Scope::Crate => quote!(crate::models::#name),
                }
            }
            RustType::Boxed(inner) => {
                let inner = inner.tokens(scope);
                quote!(Box<#inner>)
            }
        }
    }

    /// The type as a person reads it in a report: what `tokens` writes, without spaces and with
    /// models under `models::` (in `Scope::Crate`) or bare (in `Scope::Models`).
    pub fn shown(&self, scope: Scope) -> String {
        match self {
            RustType::String => "String".to_owned(),
            RustType::Secret => "SecretString".to_owned(),
            RustType::I32 => "i32".to_owned(),
            RustType::I64 => "i64".to_owned(),
            RustType::F32 => "f32".to_owned(),
            RustType::F64 => "f64".to_owned(),
            RustType::Bool => "bool".to_owned(),
            RustType::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
            RustType::Date => "chrono::NaiveDate".to_owned(),
            RustType::Json => "serde_json::Value".to_owned(),
            RustType::Vec(inner) => format!("Vec<{}>", inner.shown(scope)),
            RustType::Map(inner) => {
                format!("std::collections::BTreeMap<String, {}>", inner.shown(scope))
            }
            RustType::Named(name) | RustType::Id(name) => match scope {
                Scope::Models => name.clone(),
                Scope::Crate => format!("models::{name}"),
            },
            RustType::Boxed(inner) => format!("Box<{}>", inner.shown(scope)),
        }
    }

    /// The type a setter or constructor takes, and how the taken variable `var` becomes this
    /// type. Strings take `impl Into<String>` so callers can pass `&str`.
    pub fn argument(&self, var: &str, scope: Scope) -> (TokenStream, TokenStream) {
        let var = ident(var);
        match self {
            RustType::String => (quote!(impl Into<String>), quote!(#var.into())),
            RustType::Secret => (quote!(impl Into<crate::SecretString>), quote!(#var.into())),
            RustType::Id(_) => {
                let ty = self.tokens(scope);
                (quote!(impl Into<#ty>), quote!(#var.into()))
            }
            RustType::Boxed(inner) => {
                let (ty, expr) = inner.argument(&var.to_string(), scope);
                (ty, quote!(Box::new(#expr)))
            }
            other => (other.tokens(scope), quote!(#var)),
        }
    }
}

/// An identifier token, raw where the name is `r#...`. Names come from `ident.rs`, which only ever
/// produces ASCII letters, digits and underscores, so this cannot fail on them.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Token text for a template: `quote` output, which prettyplease lays out later.
pub fn text(tokens: TokenStream) -> String {
    tokens.to_string()
}

/// `Option<shown>`, as a report writes an optional value's type.
pub fn optional(shown: String) -> String {
    format!("Option<{shown}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `shown` says what `tokens` writes: the same text, less the spaces between punctuation and
    /// the `crate::` prefix.
    #[test]
    fn shown_is_tokens_for_people() {
        let named = || Box::new(RustType::Named("OAuthClient".to_owned()));
        let types = [
            RustType::String,
            RustType::Secret,
            RustType::I64,
            RustType::DateTime,
            RustType::Date,
            RustType::Json,
            RustType::Vec(named()),
            RustType::Map(Box::new(RustType::Vec(Box::new(RustType::Id(
                "ClientId".to_owned(),
            ))))),
            RustType::Boxed(named()),
        ];
        for ty in &types {
            for scope in [Scope::Crate, Scope::Models] {
                let written: String = ty
                    .tokens(scope)
                    .to_string()
                    .replace(" :: ", "::")
                    .replace(" < ", "<")
                    .replace(" <", "<")
                    .replace(" >", ">")
                    .replace(" ,", ",")
                    .replace("crate::", "");
                assert_eq!(ty.shown(scope), written, "{ty:?} in {scope:?}");
            }
        }
    }
}
