//! What progenitor cannot take from the exported document, changed so that it can, each change
//! reported. The export itself is not weakened for progenitor; only its copy here is.

use serde_json::Value;

/// Changes `doc` so that progenitor 0.15 accepts it; returns one line per kind of change, with counts.
pub fn for_progenitor(doc: &mut Value) -> Vec<String> {
    let (mut multipart, mut alternatives, mut repeated) = (0, 0, 0);
    for_each_operation(doc, |op| {
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            // A parameter that may be one of several types (`anyOf` of two ids) becomes, through typify,
            // a struct with a builder, and progenitor's builder style then panics ("assertion failed:
            // body"): such a parameter takes its first alternative.
            for p in params.iter_mut() {
                let Some(schema) = p.get_mut("schema") else { continue };
                let first = ["anyOf", "oneOf"].iter().find_map(|k| schema.get(*k)?.as_array()?.first().cloned());
                if let Some(first) = first {
                    *schema = first;
                    alternatives += 1;
                }
            }
            // A query parameter named like a path parameter (`ContentID` in both for Downvote Idea, as
            // Postman sends it): progenitor maps parameters by name and panics ("missing path name
            // mapping"), so the query copy is left out.
            let in_path: Vec<String> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect();
            let before = params.len();
            params.retain(|p| {
                !(p["in"] == "query" && p["name"].as_str().is_some_and(|n| in_path.iter().any(|q| q == n)))
            });
            repeated += before - params.len();
        }
        // Progenitor refuses `multipart/form-data` request bodies: the body becomes raw bytes.
        if let Some(content) = op.pointer_mut("/requestBody/content").and_then(Value::as_object_mut)
            && content.remove("multipart/form-data").is_some()
        {
            content.insert(
                "application/octet-stream".to_owned(),
                serde_json::json!({"schema": {"type": "string", "format": "binary"}}),
            );
            multipart += 1;
        }
    });
    // Two properties whose names differ only in case (`WidgetLayoutString` and `widgetLayoutString`,
    // both seen on Page Builder pages) become one Rust field name in progenitor's types, which then
    // does not compile: the second is left out.
    let mut same_name = 0;
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for schema in schemas.values_mut() {
            let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else { continue };
            let mut seen = std::collections::HashSet::new();
            let keys: Vec<String> = props.keys().cloned().collect();
            for key in keys {
                if !seen.insert(key.to_lowercase().replace('_', "")) {
                    props.remove(&key);
                    same_name += 1;
                }
            }
        }
    }
    let mut changes = Vec::new();
    if same_name > 0 {
        changes.push(format!(
            "{same_name} properties named like another of the same type but for case left out (progenitor gives both one field name)"
        ));
    }
    if alternatives > 0 {
        changes.push(format!(
            "{alternatives} parameters of several possible types (anyOf) given their first type (progenitor's builder style panics on them)"
        ));
    }
    if repeated > 0 {
        changes.push(format!(
            "{repeated} query parameters named like a path parameter of the same operation left out (progenitor panics on them)"
        ));
    }
    if multipart > 0 {
        changes.push(format!(
            "{multipart} multipart/form-data request bodies given as application/octet-stream (progenitor refuses multipart)"
        ));
    }
    changes
}

/// How many operations the document has.
pub fn operations(doc: &Value) -> usize {
    let mut n = 0;
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            if let Some(item) = item.as_object() {
                n += item.keys().filter(|k| METHODS.contains(&k.as_str())).count();
            }
        }
    }
    n
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&mut Value)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        if let Some(item) = item.as_object_mut() {
            for (method, op) in item.iter_mut() {
                if METHODS.contains(&method.as_str()) {
                    f(op);
                }
            }
        }
    }
}
