//! Synthetic specs in the shape of the real one, at any size, for the generation benchmarks.
//!
//! Each resource has five operations (list, create, get, replace, delete) and six models (the
//! entity, its request body, a listing, a reference, a detail and an error body), which keeps the
//! real spec's proportion of schemas to operations (18 to 13) and its kinds of fields: strings,
//! 32- and 64-bit integers, date-times, enums, arrays, references and an optional header.

use std::fmt::Write as _;

/// A valid OpenAPI 3.0.3 spec with `operations` operations (rounded up to a multiple of five).
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(5).max(1);
    let mut out = String::with_capacity(resources * 6_000);
    out.push_str(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic API\n  version: v2\n  x-rust-crate:\n    name: synthetic\n    version: 0.0.1\n\
         servers:\n- url: https://api.example.test\n  description: Test\n  x-region: test-1\n  x-login-url: https://login.example.test\n\
         paths:\n",
    );
    for r in 0..resources {
        let _ = write!(
            out,
            "  /api/v2/resource{r}s:
    get:
      operationId: getResource{r}s
      summary: List resource {r}
      parameters:
      - name: pageSize
        in: query
        schema: {{type: integer, format: int32}}
      - name: Accept-Language
        in: header
        schema: {{type: string}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Resource{r}Listing'}}}}}}}}
        '400': {{$ref: '#/components/responses/BadRequest'}}
        '404': {{$ref: '#/components/responses/NotFound'}}
      x-inin-requires-permissions: {{type: ANY, permissions: ['resource{r}:view']}}
    post:
      operationId: postResource{r}s
      summary: Create resource {r}
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Resource{r}Request'}}}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Resource{r}'}}}}}}}}
        '400': {{$ref: '#/components/responses/BadRequest'}}
  /api/v2/resource{r}s/{{resourceId}}:
    get:
      operationId: getResource{r}
      summary: Get resource {r}
      parameters:
      - {{name: resourceId, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Resource{r}'}}}}}}}}
        '404': {{$ref: '#/components/responses/NotFound'}}
    put:
      operationId: putResource{r}
      summary: Replace resource {r}
      parameters:
      - {{name: resourceId, in: path, required: true, schema: {{type: string}}}}
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Resource{r}Request'}}}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Resource{r}'}}}}}}}}
        '404': {{$ref: '#/components/responses/NotFound'}}
    delete:
      operationId: deleteResource{r}
      summary: Delete resource {r}
      parameters:
      - {{name: resourceId, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200': {{description: deleted}}
        '404': {{$ref: '#/components/responses/NotFound'}}
"
        );
    }
    out.push_str(
        "components:
  responses:
    BadRequest: {description: bad request, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorBody'}}}}
    NotFound: {description: not found, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorBody'}}}}
  schemas:
    ErrorBody:
      type: object
      properties:
        message: {type: string}
        code: {type: string}
        status: {type: integer, format: int32}
        errors: {type: array, items: {$ref: '#/components/schemas/ErrorBody'}}
",
    );
    for r in 0..resources {
        let _ = write!(
            out,
            "    Resource{r}:
      type: object
      description: Resource {r}.
      required: [name, kind]
      properties:
        id: {{type: string, readOnly: true}}
        name: {{type: string, description: The name.}}
        description: {{type: string}}
        kind: {{type: string, enum: [CODE, TOKEN, SAML2-BEARER, CLIENT-CREDENTIALS]}}
        state: {{type: string, enum: [active, disabled, inactive]}}
        validitySeconds: {{type: integer, format: int64}}
        tags: {{type: array, items: {{type: string}}}}
        dateCreated: {{type: string, format: date-time}}
        createdBy: {{$ref: '#/components/schemas/Resource{r}Ref'}}
        details: {{type: array, items: {{$ref: '#/components/schemas/Resource{r}Detail'}}}}
        selfUri: {{type: string, readOnly: true}}
    Resource{r}Request:
      type: object
      required: [name, kind]
      properties:
        name: {{type: string}}
        description: {{type: string}}
        kind: {{type: string, enum: [CODE, TOKEN, SAML2-BEARER, CLIENT-CREDENTIALS]}}
        validitySeconds: {{type: integer, format: int64}}
        tags: {{type: array, items: {{type: string}}}}
    Resource{r}Listing:
      type: object
      properties:
        entities: {{type: array, items: {{$ref: '#/components/schemas/Resource{r}'}}}}
        pageSize: {{type: integer, format: int32}}
        pageNumber: {{type: integer, format: int32}}
        total: {{type: integer, format: int64}}
        nextUri: {{type: string}}
    Resource{r}Ref:
      type: object
      properties:
        id: {{type: string}}
        name: {{type: string}}
        selfUri: {{type: string}}
    Resource{r}Detail:
      type: object
      properties:
        errorCode: {{type: string}}
        fieldName: {{type: string}}
        entityId: {{type: string}}
    Resource{r}Extra:
      type: object
      properties:
        key: {{type: string}}
        value: {{type: integer, format: int64}}
"
        );
    }
    out
}
