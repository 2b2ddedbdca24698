//! What an operation needs and what it answers beyond its types: the OAuth scopes of its
//! `security`, and the error codes of its responses (`x-inin-error-codes`).

use heck::ToShoutySnakeCase;
use openapiv3::{SecurityRequirement, SecurityScheme};

use super::*;
use crate::reserved;

impl<'a> Lowerer<'a> {
    /// The scopes the `oauth2` schemes declare, once each, in the order first declared; and
    /// which schemes are `oauth2`, for `operation_scopes`.
    pub(super) fn scopes(&mut self) -> Vec<ir::OAuthScope> {
        let mut scopes: Vec<ir::OAuthScope> = Vec::new();
        let mut idents: BTreeMap<String, String> = BTreeMap::new();
        let Some(components) = &self.spec.components else {
            return scopes;
        };
        for (scheme_name, scheme) in &components.security_schemes {
            let at = pointer(["components", "securitySchemes", scheme_name]);
            let ReferenceOr::Item(scheme) = scheme else {
                self.error(
                    &at,
                    "a security scheme must be defined in place, not be a `$ref`",
                );
                continue;
            };
            let SecurityScheme::OAuth2 { flows, .. } = scheme else {
                continue;
            };
            let mut declared: BTreeSet<String> = BTreeSet::new();
            let flows = [
                ("implicit", flows.implicit.as_ref().map(|f| &f.scopes)),
                ("password", flows.password.as_ref().map(|f| &f.scopes)),
                (
                    "clientCredentials",
                    flows.client_credentials.as_ref().map(|f| &f.scopes),
                ),
                (
                    "authorizationCode",
                    flows.authorization_code.as_ref().map(|f| &f.scopes),
                ),
            ];
            for (flow, flow_scopes) in flows {
                for (name, description) in flow_scopes.into_iter().flatten() {
                    declared.insert(name.clone());
                    if scopes.iter().any(|s| s.name == *name) {
                        continue;
                    }
                    let scope_at = pointer_join(&at, &["flows", flow, "scopes", name]);
                    let taken = reserved::SCOPE_CONSTANTS;
                    let ident = match constant_name(name, "SCOPE", taken, &mut idents) {
                        Ok(ident) => ident,
                        Err(message) => {
                            self.error(&scope_at, message);
                            continue;
                        }
                    };
                    scopes.push(ir::OAuthScope {
                        name: name.clone(),
                        ident,
                        description: docs::lines(description).join(" "),
                        pointer: scope_at,
                    });
                }
            }
            self.oauth2_schemes.insert(scheme_name.clone(), declared);
        }
        scopes
    }

    /// The ways to be allowed to call an operation, as scope lists: its own `security`, else the
    /// spec's. A requirement naming an unknown scheme, or a scope its scheme does not declare, is
    /// an error; schemes other than `oauth2` add no scope.
    pub(super) fn operation_scopes(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
    ) -> Vec<Vec<String>> {
        let (requirements, at) = match (&operation.security, &self.spec.security) {
            (Some(own), _) => (own, format!("{at}/security")),
            (None, Some(spec)) => (spec, "#/security".to_owned()),
            (None, None) => return vec![Vec::new()],
        };
        if requirements.is_empty() {
            // `security: []`: no authentication at all.
            return vec![Vec::new()];
        }
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let requirement_at = format!("{at}/{i}");
            if let Some(scopes) = self.requirement_scopes(requirement, &requirement_at) {
                alternatives.push(scopes);
            }
        }
        alternatives
    }

    fn requirement_scopes(
        &mut self,
        requirement: &SecurityRequirement,
        at: &str,
    ) -> Option<Vec<String>> {
        let schemes = self.spec.components.as_ref().map(|c| &c.security_schemes);
        let mut needed = Vec::new();
        let mut ok = true;
        for (scheme, scopes) in requirement {
            let scheme_at = pointer_join(at, &[scheme]);
            if !schemes.is_some_and(|s| s.contains_key(scheme)) {
                self.error(
                    &scheme_at,
                    format!("`{scheme}` is not a security scheme of `components/securitySchemes`"),
                );
                ok = false;
                continue;
            }
            let Some(declared) = self.oauth2_schemes.get(scheme).cloned() else {
                if !scopes.is_empty() {
                    self.error(
                        &scheme_at,
                        format!("`{scheme}` is not an `oauth2` scheme: a requirement of it lists no scopes"),
                    );
                    ok = false;
                }
                continue;
            };
            for (j, scope) in scopes.iter().enumerate() {
                if !declared.contains(scope) {
                    self.error(
                        &format!("{scheme_at}/{j}"),
                        format!("the scope `{scope}` is not declared in a flow of `{scheme}`; add it to the flow's `scopes` with a description"),
                    );
                    ok = false;
                } else if !needed.contains(scope) {
                    needed.push(scope.clone());
                }
            }
        }
        ok.then_some(needed)
    }

    /// The error codes a response documents (`x-inin-error-codes`: code → message), recorded
    /// for the `error_codes` constants.
    pub(super) fn response_codes(&mut self, response: &Response, at: &str) -> Vec<ir::CodeRef> {
        let Some(ext) = response.extensions.get("x-inin-error-codes") else {
            return Vec::new();
        };
        let at = format!("{at}/x-inin-error-codes");
        let Some(map) = ext.as_object() else {
            self.error(
                &at,
                "`x-inin-error-codes` maps each error code to its message",
            );
            return Vec::new();
        };
        let mut codes = Vec::new();
        for (code, message) in map {
            let code_at = pointer_join(&at, &[code]);
            let Some(message) = message.as_str() else {
                self.error(&code_at, "an error code's value is its message, a string");
                continue;
            };
            let ident = match self.code_messages.get(code) {
                Some((ident, _, _)) => ident.clone(),
                None => {
                    let ident = match constant_name(code, "CODE", &[], &mut self.code_idents) {
                        Ok(ident) => ident,
                        Err(message) => {
                            self.error(&code_at, message);
                            continue;
                        }
                    };
                    let entry = (ident.clone(), docs::lines(message).join(" "), code_at);
                    self.code_messages.insert(code.clone(), entry);
                    ident
                }
            };
            codes.push(ir::CodeRef {
                code: code.clone(),
                ident,
            });
        }
        codes
    }

    /// Every documented error code, once, with where it is documented.
    pub(super) fn error_codes(&self, operations: &[ir::Operation]) -> Vec<ir::ErrorCode> {
        self.code_messages
            .iter()
            .map(|(code, (ident, message, at))| {
                let mut statuses: Vec<String> = Vec::new();
                let mut methods: Vec<String> = Vec::new();
                for op in operations {
                    for status in &op.error_statuses {
                        if !status.codes.iter().any(|c| c.code == *code) {
                            continue;
                        }
                        if !statuses.contains(&status.status) {
                            statuses.push(status.status.clone());
                        }
                        if !methods.contains(&op.method_name) {
                            methods.push(op.method_name.clone());
                        }
                    }
                }
                statuses.sort();
                if methods.len() == operations.len() {
                    methods.clear();
                }
                ir::ErrorCode {
                    code: code.clone(),
                    ident: ident.clone(),
                    message: message.clone(),
                    statuses,
                    methods,
                    pointer: at.clone(),
                }
            })
            .collect()
    }
}

/// The name of a string constant for a spec value (`oauth:readonly` → `OAUTH_READONLY`): the
/// value in SHOUTY_SNAKE_CASE, after `prefix_` where it would start with a digit, and with a
/// trailing `_` where the template defines the name itself (`reserved`). A value with no ASCII
/// letter or digit, or one whose name another value took, is an error: its message.
fn constant_name(
    value: &str,
    prefix: &str,
    reserved: &[&str],
    taken: &mut BTreeMap<String, String>,
) -> Result<String, String> {
    let mut ident = value.to_shouty_snake_case();
    ident.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident.trim_matches('_').is_empty() {
        return Err(format!(
            "`{value}` has no ASCII letter or digit to name its Rust constant"
        ));
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!("{prefix}_{ident}");
    }
    if reserved.contains(&ident.as_str()) {
        ident.push('_');
    }
    if let Some(first) = taken.get(&ident) {
        return Err(format!(
            "`{value}` and `{first}` would both be the Rust constant `{ident}`"
        ));
    }
    taken.insert(ident.clone(), value.to_owned());
    Ok(ident)
}
