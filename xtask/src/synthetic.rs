//! Synthetic specs for measuring how generation scales: many schemas that refer to each
//! other (recursion marking, `$ref` chains, naming), and one enum with many values whose
//! names collide.

use std::fmt::Write as _;

/// A JSON spec with `schemas` object schemas, each holding `refs` properties that refer to
/// other schemas (forward and backward, so cycles are everywhere) and names that collide in
/// Rust (`user_type`, `UserType`), plus per schema an alias in a `$ref` chain of up to 50
/// hops and an `allOf` that lists itself twice; one operation per 100 schemas.
pub fn schemas_spec(schemas: usize, refs: usize) -> String {
    let mut components = String::new();
    for i in 0..schemas {
        let mut props = String::new();
        for r in 0..refs {
            let target = (i * 7 + r * 13 + 1) % schemas;
            let _ = write!(
                props,
                r##""p{r}": {{"$ref": "#/components/schemas/S{target}"}}, "##
            );
        }
        let _ = write!(
            components,
            r#""S{i}": {{"type": "object", "description": "Schema {i}.", "properties": {{{props}"name": {{"type": "string"}}, "user_type": {{"type": "string"}}, "UserType": {{"type": "integer"}}}}}},"#
        );
        let next = if (i + 1) % 50 == 0 || i + 1 == schemas {
            format!("S{i}")
        } else {
            format!("Alias{}", i + 1)
        };
        let _ = write!(
            components,
            r##""Alias{i}": {{"$ref": "#/components/schemas/{next}"}}, "Same{i}": {{"allOf": [{{"$ref": "#/components/schemas/Same{i}"}}, {{"$ref": "#/components/schemas/Same{i}"}}, {{"$ref": "#/components/schemas/S{i}"}}]}},"##
        );
    }
    let mut paths = String::new();
    for i in (0..schemas).step_by(100) {
        let _ = write!(
            paths,
            r##""/s{i}/{{id}}": {{"get": {{"operationId": "getS{i}", "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}], "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/S{i}"}}}}}}}}}}}}}},"##
        );
    }
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Scaling", "version": "1"}}, "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
        paths.trim_end_matches(','),
        components.trim_end_matches(',')
    )
}

/// A JSON spec with one string enum of `values` values whose Rust names collide in groups
/// (`a-1`, `a_1`, `A1`, … all become `A1`).
pub fn enum_spec(values: usize) -> String {
    let spellings = ["a-{}", "a_{}", "A{}", "a.{}", "a {}"];
    let list: Vec<String> = (0..values)
        .map(|i| {
            let group = i / spellings.len();
            format!(
                "\"{}\"",
                spellings[i % spellings.len()].replace("{}", &group.to_string())
            )
        })
        .collect();
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Enum", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Big": {{"type": "string", "enum": [{}]}}, "Same": {{"type": "string", "enum": [{}]}}}}}}}}"#,
        list.join(", "),
        vec!["\"x\""; values.min(5000)].join(", ")
    )
}
