//! The intermediate representation: everything a template needs, with final Rust names and types.
//!
//! Built once by `lower`, then only read. Templates loop over these records and place their
//! strings; they make no naming or typing decisions of their own.

use crate::types::RustType;

/// The whole API, ready to render.
#[derive(Debug, Clone)]
pub struct Api {
    /// The spec file as named by the caller, for the `@generated` header.
    pub spec_file: String,
    pub package: Package,
    pub title: String,
    /// Crate-level documentation lines.
    pub docs: Vec<String>,
    pub regions: Vec<Region>,
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    /// Id newtypes (`ClientId`), from `x-rust-id`.
    pub ids: Vec<String>,
    pub operations: Vec<Operation>,
    /// Which runtime helpers the operations and models need: only those are rendered, so the
    /// generated crate has no dead code whatever the spec.
    pub uses: Uses,
    /// The operation the README's quick start calls, by position in `operations` (the call
    /// itself is `quick_start()`, written at the render stage).
    pub quick_start_operation: usize,
    /// The model that error responses carry, if they agree on one.
    pub error_body: Option<ErrorBody>,
    /// Error statuses every operation documents alike, listed once in the `operations` module's
    /// docs: one Markdown list item each, as an operation's own are.
    pub common_errors: Vec<String>,
    /// The OAuth scopes the spec's `oauth2` schemes declare, in order of first declaration.
    pub scopes: Vec<OAuthScope>,
    /// The error codes the spec documents (`x-inin-error-codes`), each once, in code order.
    pub error_codes: Vec<ErrorCode>,
    /// The fake server of the `testing` feature.
    pub fake: Fake,
}

/// An OAuth scope an `oauth2` security scheme declares: a constant of the `scopes` module.
#[derive(Debug, Clone)]
pub struct OAuthScope {
    /// `oauth:readonly`
    pub name: String,
    /// `OAUTH_READONLY`
    pub ident: String,
    pub description: String,
    /// Where the spec declares it first, for reports.
    pub pointer: String,
}

/// An error code the spec documents: a constant of the `error_codes` module.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// `cannot.delete.client`
    pub code: String,
    /// `CANNOT_DELETE_CLIENT`
    pub ident: String,
    /// The API's message for it, as one line (the first the spec gives).
    pub message: String,
    /// The statuses it is documented for, in order.
    pub statuses: Vec<String>,
    /// The client methods that document it, in operation order; empty when every one does.
    pub methods: Vec<String>,
    /// Where the spec documents it first, for reports.
    pub pointer: String,
}

/// An error status an operation documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorStatus {
    /// `400`, `4XX` or `default`.
    pub status: String,
    /// The response's description, as one line.
    pub description: String,
    /// The error codes documented for it (`x-inin-error-codes`), in the spec's order.
    pub codes: Vec<CodeRef>,
}

/// An error code where a status documents it: the code and its constant's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRef {
    /// `cannot.delete.client`
    pub code: String,
    /// `CANNOT_DELETE_CLIENT`
    pub ident: String,
}

/// The fake server of the `testing` feature (`lower/fake.rs` says how it follows the spec).
#[derive(Debug, Clone, Default)]
pub struct Fake {
    /// What the fake does with the spec, for the tables its engine reads (`MODELS`,
    /// `OPERATIONS`, `RESOURCES`; `Api::fake_tables` writes them). `None` only where a benchmark
    /// leaves the fake out.
    pub tables: Option<FakeTables>,
    pub resources: Vec<FakeResource>,
    /// One per operation that answers an example (not an item it holds).
    pub answers: Vec<FakeAnswer>,
    /// A client method that succeeds on a fresh fake, for the example that runs against it.
    pub example_call: Option<String>,
    /// A client method without arguments that acts for the calling user (`x-fake.owner`), for
    /// the README's example of a user's login.
    pub user_call: Option<String>,
}

/// What lowering decided the fake does, beyond what the models and operations say themselves.
/// Entries point at each other by position; each position has a name (`O_AUTH_CLIENT`), by which
/// the written tables refer to it.
#[derive(Debug, Clone)]
pub struct FakeTables {
    /// The name of each model's position, in the order of `Api::models`.
    pub model_names: Vec<String>,
    /// The name of each operation's position, in the order of `Api::operations`.
    pub operation_names: Vec<String>,
    /// The name of each store's position, in the order of `stores`.
    pub store_names: Vec<String>,
    /// What the fake does with each operation, in the order of `Api::operations`.
    pub rules: Vec<FakeRules>,
    /// The resources it keeps in memory.
    pub stores: Vec<FakeStore>,
}

/// What the fake does with one operation.
#[derive(Debug, Clone)]
pub struct FakeRules {
    pub act: FakeAct,
    /// The store whose item the operation's path is under: it must exist.
    pub within: Option<usize>,
    /// `x-fake.requires`: the item's field must have this value.
    pub requires: Option<FakeRequirement>,
    /// `x-fake.owner`: where an item holds its user's id.
    pub owner: Option<String>,
    /// `x-fake.rows`: how a polled result's rows follow from the query.
    pub rows: Option<FakeRows>,
}

/// What an operation does in the fake (the engine's `Act`).
#[derive(Debug, Clone)]
pub enum FakeAct {
    Example,
    /// Lists a store's items in the field `entities` (or as a bare array when it is empty), as
    /// the model `item`.
    List {
        store: usize,
        entities: String,
        item: usize,
        paged: bool,
    },
    Create(usize),
    Read(usize),
    Replace(usize),
    Update(usize),
    Delete(usize),
    Renew {
        store: usize,
        fields: Vec<String>,
    },
    /// Starts an execution the operation `poll` answers: (response field, its parameter) bound,
    /// (request parameter, its parameter) carried.
    Start {
        poll: usize,
        bind: Vec<(String, String)>,
        carry: Vec<(String, String)>,
    },
    Poll {
        status: String,
        pending: Vec<String>,
        done: String,
    },
}

/// `x-fake.requires` with its `otherwise`.
#[derive(Debug, Clone)]
pub struct FakeRequirement {
    pub field: String,
    pub value: String,
    pub status: u16,
    pub code: String,
    pub message: String,
}

/// `x-fake.rows`.
#[derive(Debug, Clone)]
pub struct FakeRows {
    pub at: String,
    pub interval: String,
    pub granularity: Option<String>,
    pub date: Option<String>,
    pub metrics: FakePick,
    pub group_by: FakePick,
}

/// Values a query names (at `from` in its body), each with the row field it fills.
#[derive(Debug, Clone)]
pub struct FakePick {
    pub from: String,
    pub fields: Vec<(String, String)>,
}

/// Items the fake keeps in memory, at `item_route`, found by the string at `key`.
#[derive(Debug, Clone)]
pub struct FakeStore {
    /// Its items' model, by position in `Api::models`.
    pub model: usize,
    pub item_route: String,
    /// The same, piece by piece (the operation's `path`).
    pub item_path: Vec<PathPart>,
    pub param: String,
    pub key: Vec<String>,
    /// The path parameters of the parent an item belongs to.
    pub scope: Vec<String>,
    /// The request model of its create or replace, whose fields the caller owns.
    pub body_model: Option<usize>,
}

/// A resource the fake keeps in memory: the typed ways to seed and read it.
#[derive(Debug, Clone)]
pub struct FakeResource {
    /// The name of its position in `RESOURCES`: `resource::CLIENTS`.
    pub index: String,
    /// `seed_oauth_clients`
    pub seed: String,
    /// `stored_oauth_clients`
    pub stored: String,
    /// The model of its items.
    pub model: RustType,
    /// `OAuthClient`
    pub model_name: String,
    /// The item path: `/api/v2/oauth/clients/{clientId}`.
    pub item_route: String,
    /// Where an item's id is: `/id`.
    pub key: String,
}

/// Sets what an operation answers.
#[derive(Debug, Clone)]
pub struct FakeAnswer {
    /// The name of its position in `OPERATIONS`: `operation::GET_OAUTH_SCOPES`.
    pub index: String,
    /// `answer_get_oauth_scopes`
    pub method: String,
    /// `get_oauth_scopes`
    pub client_method: String,
    /// What it answers: `OAuthScopeListing`.
    pub output: RustType,
}

/// What the client knows of the error body, to show it in `Display` and read it in helpers.
#[derive(Debug, Clone)]
pub struct ErrorBody {
    /// The model's type.
    pub ty: RustType,
    /// `ErrorBody`: the model's name, for reports.
    pub model: String,
    /// A `code` field that is an optional string, if the model has one.
    pub code_field: Option<String>,
    /// A `message` field that is an optional string, if the model has one.
    pub message_field: Option<String>,
}

/// Runtime files the API needs, beyond those every crate has.
#[derive(Debug, Clone, Copy, Default)]
pub struct Uses {
    /// A field that is both optional and nullable: the `nullable` serde helper.
    pub nullable: bool,
    pub path_params: bool,
    /// A `wait_for_*` method: the `wait` module.
    pub waiters: bool,
    /// A waiter that reads an optional field of the first response (`wait::required`).
    pub waiter_required_fields: bool,
}

/// The generated crate's package metadata (from `info.x-rust-crate`).
#[derive(Debug, Clone)]
pub struct Package {
    /// `genesys-cloud-oauth`
    pub name: String,
    /// `genesys_cloud_oauth`: the name as used in Rust paths.
    pub lib_name: String,
    pub version: String,
    pub description: String,
    /// Where the source lives (`x-rust-crate.repository`), for the manifest and the README.
    pub repository: Option<String>,
}

/// One server of the spec: a region the client can be pointed at.
#[derive(Debug, Clone)]
pub struct Region {
    /// Where the spec defines it (`#/servers/0`), for reports.
    pub pointer: String,
    /// `UsEast1`
    pub variant: String,
    /// `us-east-1`
    pub name: String,
    /// `Americas (US East)`
    pub description: String,
    /// `https://api.mypurecloud.com`
    pub api_url: String,
    /// `https://login.mypurecloud.com`
    pub login_url: String,
    /// The first server is the default.
    pub is_default: bool,
}

/// A struct generated from an object schema.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// `#/components/schemas/OAuthClient`, for reports.
    pub pointer: String,
    pub docs: Vec<String>,
    pub fields: Vec<Field>,
    /// No required fields: `Default` is derived and `new()` takes no arguments.
    pub derive_default: bool,
    /// Required fields are more than clippy's argument limit; `new` says why it takes them all.
    pub many_required: bool,
    /// Models that convert to this one (`x-rust-from`): read-modify-write.
    pub conversions: Vec<Conversion>,
    /// The schema's `example`, for the fake's answers.
    pub example: Option<serde_json::Value>,
}

/// `impl From<source> for` a model: each of the model's fields from the source's field of the
/// same JSON name.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The source model's Rust name.
    pub source: String,
    /// Where each field of the target comes from, in order.
    pub inits: Vec<ConversionInit>,
}

/// A field of a conversion's target, and where its value comes from.
#[derive(Debug, Clone)]
pub struct ConversionInit {
    /// The target's field.
    pub field: String,
    pub from: ConversionSource,
}

#[derive(Debug, Clone)]
pub enum ConversionSource {
    /// The source's field of the same JSON name, as it is.
    Same(String),
    /// The source's required field, for an optional one: `Some(value.name)`.
    Wrapped(String),
    /// The source has no such field: `None`.
    Absent,
}

/// One property of a model.
#[derive(Debug, Clone)]
pub struct Field {
    /// `self_uri`, `r#type`
    pub ident: String,
    /// `selfUri`
    pub json_name: String,
    /// Where the spec defines the property, for reports.
    pub pointer: String,
    /// The type of the value, without the `Option` of an optional or nullable field (the
    /// declared type is `ty()`, written at the render stage).
    pub value_type: RustType,
    /// `null` is a value of its own (the spec says `nullable`).
    pub nullable: bool,
    pub docs: Vec<String>,
    /// Required fields are constructor arguments.
    pub required: bool,
    /// `with_self_uri`
    pub setter: String,
    /// A deprecation note for the setter.
    pub deprecated: Option<String>,
    /// The spec marks it `readOnly`: the server sets it (the fake never takes it from a body).
    pub read_only: bool,
    /// The spec's `example` of the property, for the fake's answers.
    pub example: Option<serde_json::Value>,
    /// The spec's `default`: what the server assumes when the field is not sent.
    pub default: Option<serde_json::Value>,
    /// What the schema allows beyond the type (`minimum`, `maximum`, `pattern`): the fake checks
    /// it and the docs state it.
    pub limits: Limits,
}

/// A schema's constraints beyond its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// A regular expression (the `regex-lite` syntax the fake checks it with) that the string
    /// must match somewhere, as JSON Schema's `pattern`.
    pub pattern: Option<String>,
}

/// A string enum, with an `Unknown(String)` catch-all.
#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    /// Where the spec lists its values, for reports.
    pub pointer: String,
    pub docs: Vec<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub ident: String,
    /// The value on the wire, as the spec writes it.
    pub value: String,
    /// The value on the wire, as a Rust string literal (quoted and escaped).
    pub literal: String,
    /// The variant's documentation line.
    pub docs: String,
}

/// One API operation, rendered once as a client method plus its request type.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `getOauthClient`
    pub operation_id: String,
    /// `get_oauth_client`
    pub method_name: String,
    /// `GetOauthClient`: the request value the method returns.
    pub request_type: String,
    /// `GET`: also the name of its `reqwest::Method` associated constant.
    pub http_method: HttpMethod,
    /// The status of a success (the first 2xx the spec documents; 200 if none).
    pub success_status: u16,
    /// `/api/v2/oauth/clients/{clientId}`
    pub route: String,
    /// `#/paths/~1api~1v2~1oauth~1clients~1{clientId}/get`, for reports.
    pub pointer: String,
    /// The spec's summary and description, as doc lines: what `api-diff` compares as the
    /// operation's own documentation (the rendered `docs` also hold parameters and examples).
    pub description: Vec<String>,
    /// The permissions it requires (`x-inin-requires-permissions`), as the docs state them.
    pub permissions: Option<String>,
    /// The OAuth scopes that allow it, from its `security` (or the spec's): one list per way to
    /// be allowed, each list all needed. A list that is empty means no scope is needed.
    pub scopes: Vec<Vec<String>>,
    /// The spec marks it `deprecated`.
    pub deprecated: bool,
    /// Documentation of the client method, up to its "# Example" heading (the example is Rust,
    /// written at the render stage: `Api::doc_example`).
    pub docs: Vec<String>,
    /// Documentation of the request type.
    pub request_docs: Vec<String>,
    /// The path, piece by piece, in order.
    pub path: Vec<PathPart>,
    /// Positional arguments of the client method, in the spec's parameter order, body last.
    pub args: Vec<Param>,
    /// Optional parameters, set with chainable methods on the request value.
    pub options: Vec<Param>,
    /// Parameters sent in the query string, required ones first (fields of the request value).
    pub query: Vec<Param>,
    /// Parameters sent as headers.
    pub headers: Vec<Param>,
    /// The JSON request body, if any: the field of the request value that holds it.
    pub body: Option<Param>,
    /// The decoded success type, or `None` when the success response has no body.
    pub output_type: Option<RustType>,
    /// The success type carries a secret (a `format: password` field, at any depth): a body that
    /// does not decode is not quoted in the error.
    pub output_secrets: bool,
    /// Whether query, header or body parts are added to the request after it is created.
    pub adds_to_request: bool,
    /// `wait_for_*` methods, one per response link to an operation with `x-poll`.
    pub waiters: Vec<Waiter>,
    /// When a result of this operation is final (its `x-poll`), for the waiters that poll it.
    pub poll: Option<Poll>,
    /// The error statuses the spec documents, with their descriptions and codes.
    pub error_statuses: Vec<ErrorStatus>,
}

/// Reads a polled operation's result status: rendered once, as the request type's `progress`,
/// however many waiters poll the operation.
#[derive(Debug, Clone)]
pub struct Poll {
    /// The status field's JSON name: `queryStatus`.
    pub status_json: String,
    /// The status field of the polled result: `query_status`.
    pub status_field: String,
    /// That field is an `Option`.
    pub status_optional: bool,
    /// The status enum's name among the models: `QueryStatus`.
    pub status_enum: String,
    /// Variants that mean "not final yet".
    pub pending: Vec<String>,
    /// Variants that mean "final, and failed".
    pub failed: Vec<String>,
    /// The failed values as the spec lists them, for documentation.
    pub failed_values: Vec<String>,
}

/// Sends a request, then polls another operation (the link's target) until its result is final.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// `wait_for_query_result`
    pub method_name: String,
    pub docs: Vec<String>,
    /// `getOauthClientUsageQueryResult`
    pub poll_operation_id: String,
    /// `get_oauth_client_usage_query_result`
    pub poll_method: String,
    /// The polled operation's request type, whose `progress` reads the result's status.
    pub poll_request_type: String,
    /// What the polled operation returns.
    pub output_type: Option<RustType>,
    /// Values taken from the request before it is sent: (variable, field of the request value).
    pub from_request: Vec<(String, String)>,
    /// Values taken from the first response's body.
    pub from_response: Vec<ResponseField>,
    /// The polled method's positional arguments, as variables bound above.
    pub args: Vec<String>,
}

/// A field of a response body bound to a variable.
#[derive(Debug, Clone)]
pub struct ResponseField {
    pub var: String,
    pub field: String,
    pub json_name: String,
    /// The field is an `Option`: its absence is an error.
    pub optional: bool,
}

/// A piece of an operation's path.
#[derive(Debug, Clone)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// A parameter, percent-encoded as one path segment: the request value's field, and the
    /// argument's name as the caller wrote it (`client_id`), for errors.
    Param {
        ident: String,
        arg_name: String,
        /// The placeholder's name in the route: `clientId`.
        name: String,
    },
}

/// A parameter (or the body) of an operation, as a field of its request value.
#[derive(Debug, Clone)]
pub struct Param {
    pub ident: String,
    /// Where the spec defines it (the parameter, or the `requestBody`), for reports.
    pub pointer: String,
    /// Where it is sent.
    pub place: ParamPlace,
    /// The argument's name as the caller writes it, without `r#` (`type`, `client_id`): what
    /// `Error::InvalidArgument` names.
    pub arg_name: String,
    /// The name on the wire: `Accept-Language`, `days`, `clientId`.
    pub wire_name: String,
    /// The same as a type, for the generator's own use (doc examples).
    pub value_type: RustType,
    pub required: bool,
    /// Arrays are sent as one query pair per element.
    pub repeated: bool,
    /// An id argument taken typed only (`ClientId` or `&ClientId`, not a string), because the
    /// operation takes ids of other kinds too: a swap of two strings would compile.
    pub typed_only: bool,
    pub docs: Vec<String>,
    /// A value for doc examples: the spec's `example` or `default`, or a placeholder.
    pub example: String,
}

/// An operation's HTTP method: the eight an OpenAPI path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`), if it is one.
    pub fn from_spec(key: &str) -> Option<Self> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// `GET`, as HTTP and `reqwest::Method` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamPlace {
    Path,
    Query,
    Header,
    Cookie,
    Body,
}

impl ParamPlace {
    /// As the spec's `in` names it (`body` for the request body).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamPlace::Path => "path",
            ParamPlace::Query => "query",
            ParamPlace::Header => "header",
            ParamPlace::Cookie => "cookie",
            ParamPlace::Body => "body",
        }
    }
}
