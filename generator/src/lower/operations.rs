//! Paths → operations: parameters, request bodies, responses.

use super::*;

use crate::reserved;

/// An operation as lowering it alone makes it: everything but what needs the other operations
/// (the waiters it offers, the poll other operations' waiters read, its docs), which later
/// phases add when they turn it into an `ir::Operation` (`finish`).
pub(super) struct Lowered<'a> {
    /// The operation in the spec, for its docs.
    pub(super) spec: &'a openapiv3::Operation,
    pub(super) operation_id: String,
    pub(super) method_name: String,
    pub(super) request_type: String,
    pub(super) http_method: ir::HttpMethod,
    pub(super) success_status: u16,
    pub(super) route: String,
    pub(super) pointer: String,
    pub(super) scopes: Vec<Vec<String>>,
    pub(super) path: Vec<ir::PathPart>,
    pub(super) args: Vec<ir::Param>,
    pub(super) options: Vec<ir::Param>,
    pub(super) query: Vec<ir::Param>,
    pub(super) headers: Vec<ir::Param>,
    pub(super) body: Option<ir::Param>,
    pub(super) output_type: Option<RustType>,
    /// The error statuses the spec documents (not 2xx, not `default`).
    pub(super) error_statuses: Vec<ir::ErrorStatus>,
}

/// What the waiters phase adds to an operation.
#[derive(Default)]
pub(super) struct Waiting {
    /// When its result is final, for the waiters that poll it.
    pub(super) poll: Option<ir::Poll>,
    /// Its own `wait_for_*` methods.
    pub(super) waiters: Vec<ir::Waiter>,
}

/// What the docs phase adds to an operation.
pub(super) struct Documented {
    pub(super) description: Vec<String>,
    pub(super) permissions: Option<String>,
    pub(super) docs: Vec<String>,
    pub(super) request_docs: Vec<String>,
}

impl Lowered<'_> {
    /// The complete operation. `output_secrets` says whether its success type carries secrets.
    pub(super) fn finish(
        self,
        waiting: Waiting,
        documented: Documented,
        output_secrets: bool,
    ) -> ir::Operation {
        let adds_to_request =
            !self.query.is_empty() || !self.headers.is_empty() || self.body.is_some();
        ir::Operation {
            operation_id: self.operation_id,
            method_name: self.method_name,
            request_type: self.request_type,
            http_method: self.http_method,
            success_status: self.success_status,
            route: self.route,
            pointer: self.pointer,
            description: documented.description,
            permissions: documented.permissions,
            scopes: self.scopes,
            deprecated: self.spec.deprecated,
            docs: documented.docs,
            request_docs: documented.request_docs,
            path: self.path,
            args: self.args,
            options: self.options,
            query: self.query,
            headers: self.headers,
            body: self.body,
            output_type: self.output_type,
            output_secrets,
            adds_to_request,
            waiters: waiting.waiters,
            poll: waiting.poll,
            error_statuses: self.error_statuses,
        }
    }
}

/// An operation's parameters by where they go: the required ones are the method's arguments,
/// the optional ones its request's setters; query and header parameters are also listed by
/// place, and path parameters map their name to their argument.
#[derive(Default)]
struct Placed {
    args: Vec<ir::Param>,
    options: Vec<ir::Param>,
    query: Vec<ir::Param>,
    headers: Vec<ir::Param>,
    path_params: BTreeMap<String, String>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Lowered<'a>> {
        let mut operations = Vec::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut methods = Taken::default();
        let mut types = Taken::default();
        for (route, item) in &self.spec.paths.paths {
            let path_at = pointer(["paths", route]);
            let ReferenceOr::Item(item) = item else {
                self.error(
                    &path_at,
                    "a path item must be defined in place, not be a `$ref`",
                );
                continue;
            };
            let segments = match parse_route(route) {
                Ok(segments) => segments,
                Err(problem) => {
                    self.error(&path_at, format!("{route:?}: {problem}"));
                    continue;
                }
            };
            for (key, operation) in item.iter() {
                let at = format!("{path_at}/{key}");
                let Some(method) = ir::HttpMethod::from_spec(key) else {
                    self.error(&at, format!("`{key}` is not an HTTP method of OpenAPI 3.0"));
                    continue;
                };
                let Some(id) = operation
                    .operation_id
                    .clone()
                    .filter(|id| !id.trim().is_empty())
                else {
                    self.error(
                        &at,
                        "every operation needs an `operationId`: it names the client method",
                    );
                    continue;
                };
                if let Some(first) = seen_ids.insert(id.clone(), at.clone()) {
                    self.error(
                        &format!("{at}/operationId"),
                        format!("`{id}` is used twice (first at {first})"),
                    );
                    continue;
                }
                let Some((method_name, request_type)) =
                    self.operation_names(&id, operation, &at, &mut methods, &mut types)
                else {
                    continue;
                };
                if let Some(op) = self.operation(
                    (route, &segments, method),
                    &id,
                    (method_name, request_type),
                    operation,
                    &item.parameters,
                    &at,
                ) {
                    operations.push(op);
                }
            }
        }
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        operations
    }

    /// The client method's and the request type's names: from `x-rust-name` if the operation has
    /// one, else from the `operationId`; a method named like one of `Client`'s own gets a `_`.
    fn operation_names(
        &mut self,
        id: &str,
        operation: &openapiv3::Operation,
        at: &str,
        methods: &mut Taken,
        types: &mut Taken,
    ) -> Option<(String, String)> {
        let (method_name, request_type) = match self.explicit_name(&operation.extensions, at, false)
        {
            Err(()) => return None,
            Ok(Some(name)) => {
                if reserved::is_client_method(&name) {
                    self.error(
                        &format!("{at}/x-rust-name"),
                        format!("`{name}` is a method `Client` already has; choose another name"),
                    );
                    return None;
                }
                let request_type =
                    names::type_name(&name, "Op", "Request", reserved::OPERATIONS_IMPORTS);
                (name, request_type)
            }
            Ok(None) => {
                let mut method_name = names::snake(id);
                if reserved::is_client_method(&method_name) {
                    method_name.push('_');
                }
                let request_type =
                    names::type_name(id, "Op", "Request", reserved::OPERATIONS_IMPORTS);
                (method_name, request_type)
            }
        };
        let what = format!("operation `{id}`");
        let mut ok = true;
        for (taken, name, kind) in [
            (methods, &method_name, "client method"),
            (types, &request_type, "request type"),
        ] {
            if let Err(message) = taken.claim(name, &what, at, kind) {
                self.error(&format!("{at}/operationId"), message);
                ok = false;
            }
        }
        ok.then_some((method_name, request_type))
    }

    /// The request type's field for each parameter, in order, and for the body. A parameter's
    /// name is its `x-rust-name`, or its name in snake case (with a `_` after one of the request
    /// type's own members); a name sent in two places keeps its name in the first of path, query
    /// and header and gets the place's name in the others (`id_query`). Two other parameters of
    /// one Rust name are an error.
    fn param_idents(&mut self, params: &[(Parameter, String)]) -> Option<(Vec<String>, String)> {
        let place_rank = |p: &Parameter| match p {
            Parameter::Path { .. } => 0,
            Parameter::Query { .. } => 1,
            Parameter::Header { .. } => 2,
            Parameter::Cookie { .. } => 3,
        };
        let place_name = |p: &Parameter| match p {
            Parameter::Path { .. } => "path",
            Parameter::Query { .. } => "query",
            Parameter::Header { .. } => "header",
            Parameter::Cookie { .. } => "cookie",
        };
        let mut ok = true;
        let mut idents = Vec::with_capacity(params.len());
        for (param, at) in params {
            let data = param.parameter_data_ref();
            let ident = match self.explicit_name(&data.extensions, at, false) {
                Err(()) => {
                    ok = false;
                    String::new()
                }
                Ok(Some(name)) => {
                    if reserved::is_request_member(&name) {
                        self.error(
                            &format!("{at}/x-rust-name"),
                            format!("`{name}` is a member every request type already has; choose another name"),
                        );
                        ok = false;
                    }
                    name
                }
                Ok(None) => {
                    let mut ident = names::snake(&data.name);
                    // The same name sent in an earlier place keeps it; this one says where it goes.
                    let first_place = params
                        .iter()
                        .filter(|(other, _)| other.parameter_data_ref().name == data.name)
                        .map(|(other, _)| place_rank(other))
                        .min();
                    if first_place.is_some_and(|first| first < place_rank(param)) {
                        ident = format!("{}_{}", names::unraw(&ident), place_name(param));
                    }
                    if reserved::is_request_member(names::unraw(&ident)) {
                        ident = format!("{}_", names::unraw(&ident));
                    }
                    ident
                }
            };
            idents.push(ident);
        }
        let mut taken = Taken::default();
        for ((param, at), ident) in params.iter().zip(&idents) {
            let what = format!("parameter `{}`", param.parameter_data_ref().name);
            if !ident.is_empty()
                && let Err(message) = taken.claim(names::unraw(ident), &what, at, "parameter")
            {
                self.error(at, message);
                ok = false;
            }
        }
        let body = ["body", "body_", "request_body"]
            .into_iter()
            .find(|name| !taken.contains(name))
            .unwrap_or("request_body_")
            .to_owned();
        ok.then_some((idents, body))
    }

    /// The operation's parameters: the path item's, overridden by the operation's with the same
    /// name and place; each with its pointer.
    fn merged_params(
        &mut self,
        operation: &'a openapiv3::Operation,
        shared: &[ReferenceOr<Parameter>],
        at: &str,
    ) -> Vec<(Parameter, String)> {
        let mut params: Vec<(Parameter, String)> = Vec::new();
        let sources = shared.iter().enumerate().map(|(i, p)| {
            (
                p,
                format!(
                    "{}/parameters/{i}",
                    at.rsplit_once('/').map_or(at, |(path, _)| path)
                ),
            )
        });
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{at}/parameters/{i}")));
        for (param, param_at) in sources.chain(own) {
            let Some(param) = self.parameter(param, &param_at) else {
                continue;
            };
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            params.retain(|(existing, _)| key(existing) != key(&param));
            params.push((param, param_at));
        }
        params
    }

    /// One parameter as the request type holds it: its Rust type (only the scalars a URL or a
    /// header can carry, and arrays of them in the query), docs, example and place.
    fn lowered_param(
        &mut self,
        param: &Parameter,
        param_at: &str,
        ident: &str,
        request_type: &str,
    ) -> Option<ir::Param> {
        let data = param.parameter_data_ref();
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            self.error(
                param_at,
                "parameters with `content` are not supported; give the parameter a `schema`",
            );
            return None;
        };
        let context = format!("{request_type}{}", names::upper_camel(&data.name, "Param"));
        let ty = match schema {
            ReferenceOr::Reference { reference } => {
                self.reference(reference, &format!("{param_at}/schema"))
            }
            ReferenceOr::Item(schema) => {
                self.schema(schema, &context, &format!("{param_at}/schema"))
            }
        };
        let ty = ty?;
        let ty = match self.numeric_string(schema, &format!("{param_at}/schema")) {
            Err(()) => return None,
            Ok(Some(number)) if ty == RustType::String => number,
            Ok(Some(_)) => {
                self.error(
                    &format!("{param_at}/schema/x-rust-type"),
                    "`x-rust-type` applies to `type: string` only",
                );
                return None;
            }
            Ok(None) => ty,
        };
        let repeated = matches!(ty, RustType::Vec(_));
        let scalar = |t: &RustType| {
            !matches!(
                t,
                RustType::Vec(_) | RustType::Map(_) | RustType::Json | RustType::Boxed(_)
            ) && !matches!(t, RustType::Named(n) if self.find_enum(n).is_none())
        };
        let supported = match &ty {
            RustType::Vec(item) => matches!(param, Parameter::Query { .. }) && scalar(item),
            other => scalar(other),
        };
        if !supported {
            self.error(
                &format!("{param_at}/schema"),
                "a parameter must be a string, number, boolean, date or enum (or, in the query, an array of those)",
            );
            return None;
        }
        let mut param_docs = describe(&data.description);
        let mut example = data.example.as_ref().map(plain);
        if let ReferenceOr::Item(schema) = schema
            && let Some(default) = &schema.schema_data.default
        {
            push_paragraph(
                &mut param_docs,
                &format!(
                    "The server assumes `{}` when it is not sent.",
                    plain(default)
                ),
            );
            example = example.or_else(|| Some(plain(default)));
        }
        if param_docs.is_empty() {
            param_docs.push(format!("The `{}` parameter.", data.name));
        }
        Some(ir::Param {
            ident: ident.to_owned(),
            pointer: param_at.to_owned(),
            place: match param {
                Parameter::Path { .. } => ir::ParamPlace::Path,
                Parameter::Query { .. } => ir::ParamPlace::Query,
                Parameter::Header { .. } => ir::ParamPlace::Header,
                Parameter::Cookie { .. } => ir::ParamPlace::Cookie,
            },
            arg_name: names::unraw(ident).to_owned(),
            wire_name: data.name.clone(),
            value_type: ty,
            required: data.required,
            repeated,
            typed_only: false,
            docs: param_docs,
            example: example.unwrap_or_else(|| names::placeholder(&data.name)),
        })
    }

    pub(super) fn operation(
        &mut self,
        (route, segments, method): (&str, &[RouteSegment], ir::HttpMethod),
        id: &str,
        (method_name, request_type): (String, String),
        operation: &'a openapiv3::Operation,
        shared: &[ReferenceOr<Parameter>],
        at: &str,
    ) -> Option<Lowered<'a>> {
        let errors_before = self.diagnostics.len();

        let params = self.merged_params(operation, shared, at);

        let (idents, body_ident) = self.param_idents(&params)?;
        let Placed {
            mut args,
            mut options,
            query,
            headers,
            path_params,
        } = self.place_params(&params, idents, route, segments, &request_type, at);
        let path = path_parts(segments, &path_params);
        typed_ids_only(&mut args);

        let body = operation.request_body.as_ref().and_then(|body| {
            self.request_body(
                body,
                &format!("{at}/requestBody"),
                &request_type,
                &body_ident,
            )
        });
        if let Some(body) = &body {
            if body.required {
                args.push(body.clone());
            } else {
                options.push(body.clone());
            }
        }

        let (output, statuses) = self.responses(operation, at, &request_type);
        if self.diagnostics.len() > errors_before {
            return None;
        }
        let success_status = statuses
            .iter()
            .find_map(|s| {
                s.status
                    .parse::<u16>()
                    .ok()
                    .filter(|s| (200..300).contains(s))
            })
            .unwrap_or(200);
        let error_statuses = statuses
            .into_iter()
            .filter(|s| !s.status.starts_with('2') && s.status != "default")
            .collect();
        Some(Lowered {
            spec: operation,
            operation_id: id.to_owned(),
            method_name,
            request_type,
            http_method: method,
            success_status,
            route: route.to_owned(),
            pointer: at.to_owned(),
            scopes: self.operation_scopes(operation, at),
            path,
            args,
            options,
            query,
            headers,
            body,
            output_type: output,
            error_statuses,
        })
    }

    /// The operation's parameters, each lowered and placed (see `Placed`); one the client
    /// cannot send is an error, and so is a placeholder of the route without its parameter.
    fn place_params(
        &mut self,
        params: &[(Parameter, String)],
        idents: Vec<String>,
        route: &str,
        segments: &[RouteSegment],
        request_type: &str,
        at: &str,
    ) -> Placed {
        let placeholders: Vec<&str> = segments
            .iter()
            .filter_map(|segment| match segment {
                RouteSegment::Placeholder(name) => Some(name.as_str()),
                RouteSegment::Literal(_) => None,
            })
            .collect();
        let mut placed = Placed::default();
        for ((param, param_at), ident) in params.iter().zip(idents) {
            let data = param.parameter_data_ref();
            let Some(lowered) = self.lowered_param(param, param_at, &ident, request_type) else {
                continue;
            };
            match param {
                Parameter::Path { .. } => {
                    if !placeholders.contains(&data.name.as_str()) {
                        self.error(
                            param_at,
                            format!(
                                "path parameter `{}` does not appear in the path `{route}`",
                                data.name
                            ),
                        );
                        continue;
                    }
                    if !data.required {
                        self.error(param_at, "a path parameter must be `required: true`");
                        continue;
                    }
                    placed.path_params.insert(data.name.clone(), ident.clone());
                }
                Parameter::Query { .. } => placed.query.push(lowered.clone()),
                Parameter::Header { .. } if !is_header_name(&data.name) => {
                    self.error(
                        &format!("{param_at}/name"),
                        format!("{:?} is not an HTTP header name (letters, digits and `!#$%&'*+-.^_`|~`)", data.name),
                    );
                    continue;
                }
                Parameter::Header { .. } => {
                    // OpenAPI: these three header parameters "SHALL be ignored"; the client sets them.
                    if ["accept", "content-type", "authorization"]
                        .contains(&data.name.to_ascii_lowercase().as_str())
                    {
                        continue;
                    }
                    placed.headers.push(lowered.clone());
                }
                Parameter::Cookie { .. } => {
                    self.error(param_at, "cookie parameters are not supported");
                    continue;
                }
            }
            if data.required {
                placed.args.push(lowered);
            } else {
                placed.options.push(lowered);
            }
        }
        for name in &placeholders {
            if !placed.path_params.contains_key(*name) {
                self.error(
                    at,
                    format!(
                        "the path has `{{{name}}}` but the operation has no path parameter `{name}`"
                    ),
                );
            }
        }
        placed
    }

    /// `x-rust-type: int32` or `int64` on a string parameter's schema: a number the API takes as
    /// text (`days=7`), typed as an integer in Rust and sent as its decimal digits, exactly as
    /// the string would be.
    fn numeric_string(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &str,
    ) -> Result<Option<RustType>, ()> {
        let ReferenceOr::Item(schema) = schema else {
            return Ok(None);
        };
        let Some(value) = schema.schema_data.extensions.get("x-rust-type") else {
            return Ok(None);
        };
        match value.as_str() {
            Some("int32") => Ok(Some(RustType::I32)),
            Some("int64") => Ok(Some(RustType::I64)),
            _ => {
                self.error(
                    &format!("{at}/x-rust-type"),
                    format!(
                        "`x-rust-type` is `int32` or `int64` (a number sent as text), not {value}"
                    ),
                );
                Err(())
            }
        }
    }

    /// A parameter, following a `$ref` to `#/components/parameters`; a reference that leads
    /// nowhere is reported at `at`.
    pub(super) fn parameter(
        &mut self,
        param: &ReferenceOr<Parameter>,
        at: &str,
    ) -> Option<Parameter> {
        let parameters = self.spec.components.as_ref().map(|c| &c.parameters);
        match resolve(param, "#/components/parameters/", "a parameter", parameters) {
            Ok(param) => Some(param.clone()),
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        at: &str,
        request_type: &str,
        ident: &str,
    ) -> Option<ir::Param> {
        let bodies = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let body = match resolve(
            body,
            "#/components/requestBodies/",
            "a request body",
            bodies,
        ) {
            Ok(body) => body,
            Err(message) => {
                self.error(at, message);
                return None;
            }
        };
        let Some((media, schema)) = json_content(&body.content) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.error(
                &format!("{at}/content"),
                format!("only JSON request bodies (`application/json`) are supported; this one is {types:?}"),
            );
            return None;
        };
        let schema_at = pointer_join(at, &["content", media, "schema"]);
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &schema_at),
            ReferenceOr::Item(schema) => {
                self.schema(schema, &format!("{request_type}Body"), &schema_at)
            }
        }?;
        let mut docs = describe(&body.description);
        if docs.is_empty() {
            docs.push("The request body.".to_owned());
        }
        Some(ir::Param {
            ident: ident.to_owned(),
            pointer: at.to_owned(),
            place: ir::ParamPlace::Body,
            arg_name: names::unraw(ident).to_owned(),
            wire_name: "body".to_owned(),
            value_type: ty,
            required: body.required,
            repeated: false,
            typed_only: false,
            docs,
            example: names::placeholder("body"),
        })
    }

    /// The success type (the one 2xx body type, if any) and every documented status.
    pub(super) fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &str,
        request_type: &str,
    ) -> (Option<RustType>, Vec<ir::ErrorStatus>) {
        let mut output: Option<(RustType, String)> = None;
        let mut statuses = Vec::new();
        let responses = operation
            .responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r));
        let default = operation.responses.default.iter().map(|r| (None, r));
        let has_success = operation.responses.responses.keys().any(is_success);
        for (code, response) in responses.chain(default) {
            let label = match code {
                Some(StatusCode::Code(n)) => n.to_string(),
                Some(StatusCode::Range(n)) => format!("{n}XX"),
                None => "default".to_owned(),
            };
            let response_at = format!("{at}/responses/{label}");
            let operation_response = response;
            let Some(response) = self.response(response, &response_at) else {
                continue;
            };
            let success = match code {
                Some(code) => is_success(code),
                // Genesys marks "successful operation" as `default` where it lists no 2xx.
                None => !has_success,
            };
            // A shared response's codes are documented where it is defined.
            let codes_at = match &operation_response {
                ReferenceOr::Reference { reference } => reference.clone(),
                ReferenceOr::Item(_) => response_at.clone(),
            };
            let codes = match success {
                true => Vec::new(),
                false => self.response_codes(response, &codes_at),
            };
            statuses.push(ir::ErrorStatus {
                status: label,
                description: docs::lines(&response.description).join(" "),
                codes,
            });
            if !success || response.content.is_empty() {
                continue;
            }
            let Some((media, schema)) = json_content(&response.content) else {
                let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
                self.error(
                    &format!("{response_at}/content"),
                    format!("only JSON responses are supported; this one is {types:?}"),
                );
                continue;
            };
            let schema_at = pointer_join(&response_at, &["content", media, "schema"]);
            let ty = match schema {
                ReferenceOr::Reference { reference } => self.reference(reference, &schema_at),
                ReferenceOr::Item(schema) => {
                    self.schema(schema, &format!("{request_type}Response"), &schema_at)
                }
            };
            let Some(ty) = ty else { continue };
            match &output {
                Some((first, first_at)) if *first != ty => {
                    let first_at = first_at.clone();
                    self.error(&schema_at, format!("success responses must share one body type; this differs from {first_at}"));
                }
                Some(_) => {}
                None => output = Some((ty, schema_at)),
            }
        }
        (output.map(|(ty, _)| ty), statuses)
    }

    /// A response, or an error naming the reference that leads nowhere.
    pub(super) fn response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &str,
    ) -> Option<&'a Response> {
        resolve_response(self.spec, response)
            .map_err(|message| self.error(at, message))
            .ok()
    }
}

/// Where an operation takes ids of two or more kinds as arguments, a swap of two plain strings
/// would compile and fail at run time with a 404. Such an operation takes its ids typed, by value
/// or by reference (`impl Borrow<ClientId>`), never as strings; one that takes a single kind of id
/// takes strings too (`impl Into<ClientId>`).
fn typed_ids_only(args: &mut [ir::Param]) {
    let kinds: BTreeSet<&str> = args
        .iter()
        .filter_map(|p| match &p.value_type {
            RustType::Id(kind) => Some(kind.as_str()),
            _ => None,
        })
        .collect();
    if kinds.len() < 2 {
        return;
    }
    for param in args
        .iter_mut()
        .filter(|p| matches!(p.value_type, RustType::Id(_)))
    {
        param.typed_only = true;
    }
}

/// The operation's path for the client: each placeholder becomes the parameter it names (every
/// one has one by now, or the operation was refused).
fn path_parts(segments: &[RouteSegment], params: &BTreeMap<String, String>) -> Vec<ir::PathPart> {
    segments
        .iter()
        .filter_map(|segment| match segment {
            RouteSegment::Literal(text) => Some(ir::PathPart::Literal(text.clone())),
            RouteSegment::Placeholder(name) => params.get(name).map(|ident| ir::PathPart::Param {
                ident: ident.clone(),
                arg_name: names::unraw(ident).to_owned(),
                name: name.clone(),
            }),
        })
        .collect()
}
