//! The Rust text of the IR's records, made at the render stage. The IR holds types and decisions
//! (a field's `RustType`, whether it is required or nullable, where a parameter goes); the
//! templates call these methods (`{{ f.ty() }}`) for the code, and nothing else writes any.

mod examples;
mod fake;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir;
use crate::types::{RustType, Scope, ident, text};

impl RustType {
    /// The type as written outside `models`: `crate::models::OAuthClient`.
    pub fn in_crate(&self) -> String {
        text(self.tokens(Scope::Crate))
    }
}

impl ir::Field {
    /// The declared type, as written inside `models`: `Option<String>` for an optional field,
    /// `Option<Option<String>>` for one that may also be `null`.
    pub fn ty(&self) -> String {
        let base = self.value_type.tokens(Scope::Models);
        text(match (self.required, self.nullable) {
            (true, false) => base,
            (true, true) | (false, false) => quote!(Option<#base>),
            (false, true) => quote!(Option<Option<#base>>),
        })
    }

    /// The contents of the field's `#[serde(...)]`, if it needs one: the struct renames its
    /// fields to camelCase; this adds explicit renames and the handling of optional values.
    pub fn serde(&self) -> Option<String> {
        let extra = match (self.required, self.nullable) {
            (true, _) => None,
            (false, false) => Some("skip_serializing_if = \"Option::is_none\""),
            (false, true) => Some(
                "default, skip_serializing_if = \"Option::is_none\", with = \"crate::nullable\"",
            ),
        };
        serde_attribute(&self.ident, &self.json_name, extra)
    }

    /// What the setter and the constructor take: `impl Into<String>`; `Option<T>` for a field
    /// whose value may be `null`.
    pub fn arg_ty(&self) -> String {
        text(match self.nullable {
            false => self.value_type.argument("value", Scope::Models).0,
            true => {
                let base = self.value_type.tokens(Scope::Models);
                quote!(Option<#base>)
            }
        })
    }

    /// How the setter's `value` becomes the field: `Some(value.into())`.
    pub fn arg_expr(&self) -> String {
        let (_, expr) = self.value_type.argument("value", Scope::Models);
        text(match (self.required, self.nullable) {
            (true, false) => expr,
            (true, true) => quote!(value),
            (false, false) => quote!(Some(#expr)),
            (false, true) => quote!(Some(value)),
        })
    }

    /// The field in `new`'s struct literal, from the argument of the same name:
    /// `name: name.into()`, or `name` alone.
    pub fn init(&self) -> String {
        let expr = match (self.required, self.nullable) {
            (true, true) => {
                let var = ident(&self.ident);
                quote!(#var)
            }
            _ => self.value_type.argument(&self.ident, Scope::Models).1,
        };
        field_init(&self.ident, expr)
    }
}

impl ir::Param {
    /// The request type's field: the value's type, in an `Option` when the parameter is
    /// optional.
    pub fn field_type(&self) -> String {
        let ty = self.value_type.tokens(Scope::Crate);
        text(match self.required {
            true => ty,
            false => quote!(Option<#ty>),
        })
    }

    /// What the client method or the setter takes: `impl Into<String>`, or for an id taken
    /// typed only `impl Borrow<ClientId>`.
    pub fn arg_ty(&self) -> String {
        if self.typed_only {
            let ty = self.value_type.tokens(Scope::Crate);
            return text(quote!(impl std::borrow::Borrow<#ty>));
        }
        text(self.value_type.argument("value", Scope::Crate).0)
    }

    /// How a setter's `value` becomes the field.
    pub fn arg_expr(&self) -> String {
        let expr = self.taken("value");
        text(match self.required {
            true => expr,
            false => quote!(Some(#expr)),
        })
    }

    /// The field in the client method's struct literal, from its argument of the same name.
    pub fn init(&self) -> String {
        field_init(&self.ident, self.taken(&self.ident))
    }

    /// The value of the argument `var`, as the field's type.
    fn taken(&self, var: &str) -> TokenStream {
        if self.typed_only {
            let ty = self.value_type.tokens(Scope::Crate);
            let var = ident(var);
            return quote!(std::borrow::Borrow::<#ty>::borrow(&#var).clone());
        }
        self.value_type.argument(var, Scope::Crate).1
    }
}

impl ir::Operation {
    /// The decoded success type (`crate::models::OAuthClient`), or `()` when the success
    /// response has no body.
    pub fn output(&self) -> String {
        output(self.output_type.as_ref())
    }
}

impl ir::Waiter {
    /// What the polled operation returns once final.
    pub fn output(&self) -> String {
        output(self.output_type.as_ref())
    }
}

impl ir::Poll {
    /// An expression of type `Option<&Status>` for the polled result `result`.
    pub fn status_expr(&self) -> String {
        let field = ident(&self.status_field);
        text(match self.status_optional {
            true => quote!(result.#field.as_ref()),
            false => quote!(Some(&result.#field)),
        })
    }

    /// `crate::models::QueryStatus`
    pub fn status_type(&self) -> String {
        RustType::Named(self.status_enum.clone()).in_crate()
    }
}

impl ir::ConversionInit {
    /// The field in the conversion's struct literal: `name: value.name`.
    pub fn text(&self) -> String {
        let field = ident(&self.field);
        text(match &self.from {
            ir::ConversionSource::Same(source) => {
                let source = ident(source);
                quote!(#field: value.#source)
            }
            ir::ConversionSource::Wrapped(source) => {
                let source = ident(source);
                quote!(#field: Some(value.#source))
            }
            ir::ConversionSource::Absent => quote!(#field: None),
        })
    }
}

fn output(ty: Option<&RustType>) -> String {
    match ty {
        Some(ty) => ty.in_crate(),
        None => "()".to_owned(),
    }
}

/// A field of a struct literal, from the expression that makes it: `name: expr`, or `name`
/// alone when the expression is the variable of the same name.
fn field_init(name: &str, expr: TokenStream) -> String {
    let expr = text(expr);
    if expr == name {
        expr
    } else {
        format!("{name}: {expr}")
    }
}

/// The contents of a field's `#[serde(...)]`: a rename where serde's `camelCase` of the Rust name
/// is not the JSON name, and `extra`.
pub(crate) fn serde_attribute(ident: &str, json_name: &str, extra: Option<&str>) -> Option<String> {
    let unraw = ident.strip_prefix("r#").unwrap_or(ident);
    let rename = (serde_camel_case(unraw) != json_name)
        .then(|| format!("rename = {}", crate::escape::rust_str(json_name)));
    let parts: Vec<String> = rename.into_iter().chain(extra.map(str::to_owned)).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// serde's `rename_all = "camelCase"` for a field name, computed as serde_derive does: PascalCase
/// (each `_` dropped and the next character upper-cased, the first too), then the first character
/// lower-cased.
fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    match pascal.chars().next() {
        Some(first) => format!(
            "{}{}",
            first.to_ascii_lowercase(),
            &pascal[first.len_utf8()..]
        ),
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::{serde_attribute, serde_camel_case};

    #[test]
    fn camel_case_as_serde_computes_it() {
        for (field, json) in [
            ("self_uri", "selfUri"),
            ("status200", "status200"),
            ("self_", "self"),
            ("n9lives", "n9lives"),
            ("a", "a"),
        ] {
            assert_eq!(serde_camel_case(field), json);
        }
    }

    #[test]
    fn renames_only_where_needed() {
        assert_eq!(serde_attribute("self_uri", "selfUri", None), None);
        assert_eq!(serde_attribute("r#type", "type", None), None);
        assert_eq!(
            serde_attribute("n9lives", "9lives", None).as_deref(),
            Some(r#"rename = "9lives""#)
        );
        assert_eq!(
            serde_attribute("first_name", "first-name", Some("x")).as_deref(),
            Some(r#"rename = "first-name", x"#)
        );
    }
}
