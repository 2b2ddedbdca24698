//! Rust names for spec names, decided once, here.
//!
//! Like prost-build's `ident.rs`: case conversion by `heck`, then a fix-up so the result is always a
//! legal identifier. Keywords that may be raw identifiers become `r#type`; the four that may not
//! (`self`, `Self`, `super`, `crate`) get a trailing underscore. Names that would start with a digit
//! get a letter in front, and names with no letters or digits at all get a placeholder.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024 that can be written as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A field, parameter or method name: `selfUri` → `self_uri`, `type` → `r#type`.
pub fn snake(name: &str) -> String {
    let snake = ascii_only(&name.to_snake_case());
    let snake = if snake.is_empty() {
        "value".to_owned()
    } else {
        snake
    };
    let snake = if starts_with_digit(&snake) {
        format!("n{snake}")
    } else {
        snake
    };
    sanitize(snake)
}

/// A placeholder value for a doc example, from the name of what it is: `clientId` →
/// `client-id`.
pub fn placeholder(name: &str) -> String {
    snake(name).trim_start_matches("r#").replace('_', "-")
}

/// A type or variant name: `CLIENT-CREDENTIALS` → `ClientCredentials`, `agent.assistant` →
/// `AgentAssistant`. `prefix` goes in front of names that would start with a digit (`V` for enum
/// values, so `200` → `V200`).
pub fn upper_camel(name: &str, prefix: &str) -> String {
    let camel = ascii_only(&name.to_upper_camel_case());
    let camel = if camel.is_empty() {
        "Empty".to_owned()
    } else {
        camel
    };
    let camel = if starts_with_digit(&camel) {
        format!("{prefix}{camel}")
    } else {
        camel
    };
    sanitize(camel)
}

/// What the standard prelude (Rust 2021 and 2024) names in the type namespace. A generated type of
/// the same name would shadow it in its module, where generated code (and macros expanded there)
/// writes `String`, `Option` or `Into` unqualified.
const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // Variants the prelude brings in; a type of that name would shadow them in patterns.
    "Err",
    "None",
    "Ok",
    "Some",
];

/// A type name: [`upper_camel`], with `suffix` appended when the name is the prelude's or one of
/// `taken` (the names the type's module imports): a schema `String` becomes `StringModel`.
pub fn type_name(name: &str, prefix: &str, suffix: &str, taken: &[&str]) -> String {
    let camel = upper_camel(name, prefix);
    if PRELUDE.contains(&camel.as_str()) || taken.contains(&camel.as_str()) {
        format!("{camel}{suffix}")
    } else {
        camel
    }
}

/// The name without a `r#` prefix, for building other names from it (`r#type` → `with_type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Keeps ASCII letters, digits and underscores: the generated crate's names stay plain ASCII, so
/// no lint on confusable or mixed scripts ever fires on them.
fn ascii_only(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn starts_with_digit(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn sanitize(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Makes every name in `names` unique by appending `2`, `3`, ... to later duplicates, keeping the
/// first occurrence as it is. Returns, for each input, its final name. Linear in the number of
/// names: each base name remembers the next number to try.
pub fn dedupe(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    names
        .into_iter()
        .map(|name| {
            if taken.insert(name.clone()) {
                return name;
            }
            let bare = name.strip_prefix("r#").unwrap_or(&name).to_owned();
            let n = next.entry(name.clone()).or_insert(2);
            loop {
                let candidate = format!("{bare}{n}");
                *n += 1;
                if taken.insert(candidate.clone()) {
                    return candidate;
                }
            }
        })
        .collect()
}

/// Whether `name` is a Rust keyword (strict, reserved or weak-but-refused as a name).
pub fn is_keyword(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name) || NON_RAW_KEYWORDS.contains(&name)
}

/// Why `name`, given by a spec's `x-rust-name`, cannot be used as written, if it cannot: it must
/// be a plain identifier in the case the generator would give it (`snake_case` for methods,
/// fields and parameters, `UpperCamelCase` for types), since it is used exactly as written.
pub fn explicit_name_problem(name: &str, upper: bool) -> Option<String> {
    let wanted = if upper {
        upper_camel(name, "T")
    } else {
        snake(name)
    };
    if wanted == name {
        return None;
    }
    let case = if upper {
        "UpperCamelCase"
    } else {
        "snake_case"
    };
    Some(if is_keyword(name) {
        format!("`{name}` is a Rust keyword; choose another name")
    } else {
        format!(
            "`{name}` is not a {case} Rust identifier (ASCII letters, digits and `_`, not starting with a digit); `{wanted}` would be"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("selfUri"), "self_uri");
        assert_eq!(
            snake("accessTokenValiditySeconds"),
            "access_token_validity_seconds"
        );
        assert_eq!(snake("Accept-Language"), "accept_language");
        assert_eq!(
            snake("getOauthClientUsageQueryResult"),
            "get_oauth_client_usage_query_result"
        );
        assert_eq!(snake("status200"), "status200");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("ref"), "r#ref");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake("---"), "value");
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(upper_camel("CLIENT-CREDENTIALS", "V"), "ClientCredentials");
        assert_eq!(upper_camel("SAML2-BEARER", "V"), "Saml2Bearer");
        assert_eq!(upper_camel("agent.assistant", "V"), "AgentAssistant");
        assert_eq!(
            upper_camel("OAuthClientEntityListing", "T"),
            "OAuthClientEntityListing"
        );
        assert_eq!(upper_camel("200", "V"), "V200");
        assert_eq!(upper_camel("self", "V"), "Self_");
        assert_eq!(upper_camel("", "V"), "Empty");
    }

    #[test]
    fn type_names_never_shadow_the_prelude_or_imports() {
        assert_eq!(type_name("string", "T", "Model", &[]), "StringModel");
        assert_eq!(type_name("Option", "T", "Model", &[]), "OptionModel");
        assert_eq!(
            type_name("request", "Op", "Request", &["Request"]),
            "RequestRequest"
        );
        assert_eq!(
            type_name("OAuthClient", "T", "Model", &["Client"]),
            "OAuthClient"
        );
    }

    #[test]
    fn duplicates_get_numbered() {
        let names = ["a", "b", "a", "a", "r#type", "r#type"].map(String::from);
        assert_eq!(dedupe(names), ["a", "b", "a2", "a3", "r#type", "type2"]);
    }
}
