//! What an endpoint answers when nothing overrides it: its example, with the path parameters it echoes
//! set to the values asked for, one page of a paged list, wrapped in the envelope unless the spec says
//! the endpoint answers bare.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::facts::{Conventions, Endpoint, Envelope, Paging};

/// The data of `endpoint`'s answer and the total for the envelope (a paged list's item count).
pub fn data(
    endpoint: &Endpoint,
    params: &BTreeMap<String, String>,
    query: &[(String, String)],
    items: usize,
) -> (Value, Option<usize>) {
    let example = endpoint.example_value().unwrap_or(Value::Null);
    match endpoint.paging {
        Some(paging) => {
            let page = page_range(query, paging, items).map(|i| item(&example, i, endpoint.item_id)).collect();
            (Value::Array(page), Some(items))
        }
        None => (echo(example, endpoint.echo, params), None),
    }
}

/// The `i`-th item (from 0) of a paged list: the example's items in turn, with the item's own id
/// numbered from the first example's.
fn item(example: &Value, i: usize, item_id: Option<&str>) -> Value {
    let examples = match example {
        Value::Array(items) if !items.is_empty() => items.as_slice(),
        _ => return Value::Null,
    };
    let mut item = examples[i % examples.len()].clone();
    if let (Some(field), Value::Object(fields)) = (item_id, &mut item) {
        let first = examples[0].get(field).and_then(Value::as_i64).unwrap_or(1);
        let n = i64::try_from(i).unwrap_or(i64::MAX);
        fields.insert(field.to_owned(), json!(first.saturating_add(n)));
    }
    item
}

/// `example` with each field named in `echo` set to the path parameter of that name, when that is an
/// integer (an echoed field is an integer or an id; anything else leaves the example's value, never the
/// text asked for: the server has checked the path before it gets here).
fn echo(mut example: Value, echo: &[&str], params: &BTreeMap<String, String>) -> Value {
    if let Value::Object(fields) = &mut example {
        for name in echo {
            if let Some(n) = params.get(*name).and_then(|asked| asked.trim().parse::<i64>().ok()) {
                fields.insert((*name).to_owned(), json!(n));
            }
        }
    }
    example
}

/// Which of `total` items the page the query asks for holds (the first page at the default length
/// when it asks for none).
pub(crate) fn page_range(query: &[(String, String)], paging: Paging, total: usize) -> std::ops::Range<usize> {
    let number = query_u64(query, paging.page).unwrap_or(u64::from(paging.first_page));
    let length = query_u64(query, paging.size).unwrap_or(u64::from(paging.default_size)).max(1);
    let skipped = number.saturating_sub(u64::from(paging.first_page)).saturating_mul(length);
    let start = usize::try_from(skipped).unwrap_or(usize::MAX).min(total);
    start..start.saturating_add(usize::try_from(length).unwrap_or(usize::MAX)).min(total)
}

fn query_u64(query: &[(String, String)], name: &str) -> Option<u64> {
    query.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.trim().parse().ok())
}

/// `data` as the body of a successful answer: in the envelope, or bare.
pub fn body(conventions: &Conventions, envelope: Envelope, data: Value, total: Option<usize>) -> Value {
    match envelope {
        Envelope::Never => data,
        Envelope::Always | Envelope::Either => wrapped(conventions, false, "", data, total),
    }
}

/// The envelope of an error: `IsError: true` and the message.
pub fn error(conventions: &Conventions, message: &str) -> Value {
    wrapped(conventions, true, message, Value::Null, None)
}

fn wrapped(conventions: &Conventions, is_error: bool, message: &str, data: Value, total: Option<usize>) -> Value {
    let [error, msg, total_name, data_name] = conventions.envelope;
    let mut out = Map::new();
    out.insert(error.to_owned(), json!(is_error));
    out.insert(msg.to_owned(), json!(message));
    if let Some(total) = total {
        out.insert(total_name.to_owned(), json!(total));
    }
    out.insert(data_name.to_owned(), data);
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{BodyKind, Paging};

    const PAGED: Endpoint = Endpoint {
        name: "users.list",
        method: "GET",
        path: "/api/users",
        required: &[],
        body: BodyKind::None,
        envelope: Envelope::Always,
        paging: Some(Paging { page: "StartPage", size: "PageLength", first_page: 1, default_size: 2 }),
        example: Some(r#"[{"UserID": 10, "Name": "a"}, {"UserID": 11, "Name": "b"}]"#),
        item_id: Some("UserID"),
        echo: &[],
        integers: &[],
        unverified: None,
        decode: None,
        twin: None,
    };

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn pages_of_a_list_are_cut_from_the_item_count() {
        let (first, total) = data(&PAGED, &BTreeMap::new(), &[], 5);
        assert_eq!(first, json!([{"UserID": 10, "Name": "a"}, {"UserID": 11, "Name": "b"}]));
        assert_eq!(total, Some(5));
        let (last, _) = data(&PAGED, &BTreeMap::new(), &query(&[("startpage", "2"), ("PageLength", "3")]), 5);
        assert_eq!(last, json!([{"UserID": 13, "Name": "b"}, {"UserID": 14, "Name": "a"}]));
        let (past, _) = data(&PAGED, &BTreeMap::new(), &query(&[("StartPage", "99999999999")]), 5);
        assert_eq!(past, json!([]));
    }

    #[test]
    fn bare_endpoints_answer_without_the_envelope() {
        let conventions = crate::endpoints::CONVENTIONS;
        assert_eq!(body(&conventions, Envelope::Never, json!([1]), Some(1)), json!([1]));
        let wrapped = body(&conventions, Envelope::Either, json!([1]), Some(1));
        assert_eq!(wrapped, json!({"IsError": false, "ResponseMessage": "", "TotalRecords": 1, "ResponseData": [1]}));
    }

    #[test]
    fn path_parameters_are_echoed() {
        let get = Endpoint { paging: None, example: Some(r#"{"UserID": 1}"#), echo: &["UserID"], ..PAGED };
        let params = BTreeMap::from([("UserID".to_owned(), "42".to_owned())]);
        assert_eq!(data(&get, &params, &[], 5).0, json!({"UserID": 42}));
        // Text is never echoed as the id.
        let params = BTreeMap::from([("UserID".to_owned(), "null,null".to_owned())]);
        assert_eq!(data(&get, &params, &[], 5).0, json!({"UserID": 1}));
    }
}
