//! The names the templates define themselves, one table per scope that spec names enter.
//!
//! A spec name becomes a method of `Client`, a field and setter of a request type, a request or
//! model type, a model field, an enum variant, a waiter's local variable, or the package name.
//! In each of those scopes the templates define names of their own; a spec name equal to one of
//! them would make a crate that does not compile, or one that silently calls the wrong thing.
//! `tests/tests/reserved_names.rs` renders crates and fails if a template defines a name in one
//! of these scopes that its table does not list, so a template change cannot outrun the tables.
//!
//! How a clash is resolved is decided in `lower` (the rule is in the spec's header comment): a
//! spec name that equals a reserved one gets a trailing `_` (`builder` → `builder_`); two spec
//! names that become the same Rust name are an error naming both, resolved in the spec with
//! `x-rust-name`.

/// Methods every type has through the standard library's blanket impls: an inherent method of
/// the same name would shadow them on `Client` and on every request type.
pub const STD_BLANKET_METHODS: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clone_into",
    "from",
    "into",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// Whether an operation's method may not be called `name`: a method of `Client`'s own or one of
/// `STD_BLANKET_METHODS`.
pub fn is_client_method(name: &str) -> bool {
    CLIENT_METHODS.contains(&name) || STD_BLANKET_METHODS.contains(&name)
}

/// Whether a parameter's field and setter may not be called `name`: a member of every request
/// type or one of `STD_BLANKET_METHODS`.
pub fn is_request_member(name: &str) -> bool {
    REQUEST_MEMBERS.contains(&name) || STD_BLANKET_METHODS.contains(&name)
}

/// Methods of `Client` that are not operations: `client.rs` and `call.rs` (public and private) and its derived
/// and implemented traits (`Clone`, `Debug`); see also `STD_BLANKET_METHODS`.
pub const CLIENT_METHODS: &[&str] = &[
    "api_error",
    "attempt",
    "base_url",
    "builder",
    "execute",
    "execute_in_span",
    "from_inner",
    "request_headers",
    "send_empty",
    "send_json",
    "transport_failure",
    "url",
    // A method clippy expects to build the type it is defined on.
    "new",
    // Derived or implemented traits.
    "clone",
    "clone_from",
    "fmt",
];

/// Members of every request type besides its parameters (fields with setters of the same name)
/// and its waiters (`wait_for_*`): the field holding the client, the methods of
/// `operations.rs` and its traits (`Clone`, `Debug`, `IntoFuture`); see also
/// `STD_BLANKET_METHODS`.
pub const REQUEST_MEMBERS: &[&str] = &[
    "client",
    "progress",
    "send",
    "send_with_response",
    // Setters take `self` and one value, the shape of the binary operators' methods: clippy
    // (`should_implement_trait`) takes a setter of one of these names for a missing trait impl.
    "add",
    "bitand",
    "bitor",
    "bitxor",
    "div",
    "mul",
    "rem",
    "shl",
    "shr",
    "sub",
    // Derived or implemented traits.
    "clone",
    "clone_from",
    "fmt",
    "into_future",
];

/// What `operations.rs` imports: no request type may take these names.
pub const OPERATIONS_IMPORTS: &[&str] = &["ApiResponse", "Client", "Error", "Request"];

/// Local variables of a `wait_for_*` method, besides the polled operation's arguments (which are
/// bound under their own names, renamed with a trailing `_` where they equal one of these).
pub const WAITER_LOCALS: &[&str] = &["client", "deadline", "policy", "poll", "started"];

/// Associated functions of every model besides its setters (`with_<field>`): `new`, and what
/// its derives define.
pub const MODEL_FUNCTIONS: &[&str] = &[
    "new",
    // `From` of the models listed in `x-rust-from`.
    "from",
    "clone",
    "clone_from",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "ne",
    "serialize",
];

/// Associated functions of every enum: `models.rs`, `encoding.rs`'s `string_enum!`, and derives.
pub const ENUM_FUNCTIONS: &[&str] = &[
    "as_str",
    "known",
    "clone",
    "clone_from",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "from_str",
    "hash",
    "ne",
    "serialize",
    "to_param",
];

/// Variants every enum has: the catch-all for values this version does not know.
pub const ENUM_VARIANTS: &[&str] = &["Unknown"];

/// Constants of the `scopes` module besides one per scope (`scopes.rs.txt`): a scope whose
/// constant would be named like one gets a trailing `_`.
pub const SCOPE_CONSTANTS: &[&str] = &["DECLARED", "EXHAUSTIVE_UP_TO"];

/// Items at the generated crate's root. Spec names never land here (models live in `models`,
/// request types in `operations`); the table keeps that a checked fact.
pub const CRATE_ROOT: &[&str] = &[
    "ApiError",
    "ApiResponse",
    "AuthError",
    "AuthorizationCodeLogin",
    "BoxFuture",
    "Client",
    "ClientBuilder",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "Error",
    "Interval",
    "IntervalError",
    "LoopbackLogin",
    "OAuthApp",
    "PendingLogin",
    "Region",
    "RetryPolicy",
    "SecretString",
    "TokenSource",
    "Tokens",
    "UnknownRegion",
    "WaitPolicy",
    "auth",
    "builder",
    "call",
    "chrono",
    "client",
    "encoding",
    "error",
    "error_body",
    "error_codes",
    "http",
    "install_crypto_provider",
    "interval",
    "login",
    "models",
    "nullable",
    "operations",
    "region",
    "response",
    "retry",
    "scopes",
    "secret",
    "testing",
    "wait",
    "wire",
];

/// The generated crate's dependencies (`Cargo.toml.txt`): a package of the same name would
/// depend on itself.
pub const DEPENDENCIES: &[&str] = &[
    "axum",
    "base64",
    "bytes",
    "chrono",
    "fastrand",
    "getrandom",
    "percent-encoding",
    "regex-lite",
    "reqwest",
    "rustls",
    "serde",
    "serde_json",
    "sha2",
    "thiserror",
    "tokio",
    "tracing",
];

/// Package names cargo refuses or reserves: the standard library's crates and names of the
/// target directory's own folders (cargo's `restricted_names`), and Windows' device names.
const RESERVED_PACKAGES: &[&str] = &[
    "alloc",
    "build",
    "core",
    "deps",
    "examples",
    "incremental",
    "proc-macro",
    "proc_macro",
    "std",
    "test",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

/// Why `name` cannot be the generated package's name, if it cannot: cargo's rules for a
/// package name that crates.io accepts (ASCII letters, digits, `-` and `_`, starting with a
/// letter, at most 64 characters, not a keyword or a reserved name), and not one of the crate's
/// own dependencies.
pub fn package_name_problem(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("it is empty".to_owned());
    }
    if name.len() > 64 {
        return Err("crates.io allows at most 64 characters".to_owned());
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("it must start with an ASCII letter".to_owned());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "{bad:?} is not allowed; use ASCII letters, digits, `-` and `_`"
        ));
    }
    let lib = name.replace('-', "_");
    if crate::ident::is_keyword(&lib) {
        return Err("it is a Rust keyword".to_owned());
    }
    let lower = name.to_ascii_lowercase();
    if RESERVED_PACKAGES.contains(&lower.as_str()) {
        return Err("cargo reserves it".to_owned());
    }
    if DEPENDENCIES.iter().any(|dep| dep.replace('-', "_") == lib) {
        return Err("the generated crate depends on a package of that name".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::package_name_problem;

    #[test]
    fn package_names_follow_cargo() {
        for good in ["genesys-cloud-oauth", "a", "edge_cases2"] {
            assert_eq!(package_name_problem(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "1abc",
            "-a",
            "a b",
            "a.b",
            "fn",
            "self",
            "std",
            "test",
            "serde",
            "percent_encoding",
            "naïve",
            "CON",
        ] {
            assert!(package_name_problem(bad).is_err(), "{bad}");
        }
        assert!(package_name_problem(&"a".repeat(65)).is_err());
    }
}
