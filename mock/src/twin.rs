//! The twin of a site: the collections the spec declares (`twin:` in `api.yaml`), seeded from a number,
//! that the endpoints naming them list (filtered and paged), get, create, update and delete, so that a
//! later read sees an earlier write.
//!
//! Items are made from the example answer of the collection's list endpoint, one template after the
//! other, each varied: its id counts up from the example's, its text fields carry its number, its flags
//! come from the seed, and a field that carries another collection's id (`UserID` in a comment) names
//! an item of that collection. Attributes the spec says an item keeps but does not show (`keeps:`) are
//! given their values in turn. Answers keep the shape of each endpoint's own example: an item's fields
//! are written over that example's fields of the same name.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::endpoints::{COLLECTIONS, ENDPOINTS};
use crate::facts::{Collection, Endpoint, Twin as TwinRef, TwinOp};

/// The seed of a twin unless told another.
pub const DEFAULT_SEED: u64 = 1;

/// What the twin answers: data (with the total of a list), or no such item.
pub(crate) enum Outcome {
    /// The answer's data, and a list's total for the envelope.
    Data(Value, Option<usize>),
    /// The id in the path names no item (any more).
    NotFound(String),
}

/// One item: its fields as answers show them, and what it keeps besides.
#[derive(Debug, Clone)]
struct Item {
    fields: Map<String, Value>,
    kept: BTreeMap<&'static str, String>,
}

#[derive(Debug, Clone)]
struct Store {
    spec: &'static Collection,
    items: Vec<Item>,
    next_id: i64,
    /// What a created item starts from: the first template.
    template: Map<String, Value>,
}

/// The twin's state.
#[derive(Debug, Clone)]
pub(crate) struct Twin {
    seed: u64,
    sizes: BTreeMap<String, u32>,
    stores: BTreeMap<&'static str, Store>,
}

/// A number from `seed` and `salt`, the same for the same two (splitmix64).
fn mix(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The list endpoint of a collection, whose example items are the templates.
fn list_endpoint(name: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.twin.is_some_and(|t| t.collection == name && t.op == TwinOp::List))
}

/// The templates of a collection: its list endpoint's example items that are objects.
fn templates(name: &str) -> Vec<Map<String, Value>> {
    match list_endpoint(name).and_then(Endpoint::example_value) {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The id of a collection's first item: the one its list endpoint's example gives the first template
/// (1 when it gives none), so that an id another example carries (the user `users.me` answers) is an
/// item of the twin; the others count up from it.
fn first_id(templates: &[Map<String, Value>], id: &str) -> i64 {
    templates.first().and_then(|t| t.get(id)).and_then(as_id).unwrap_or(1)
}

/// An id field's value as a number, whatever JSON type the answer gave it.
fn as_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A scalar as the text a query parameter would carry.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Twin {
    /// The twin seeded with `seed`: every collection at its declared size, or the one `sizes` gives it.
    pub(crate) fn seeded(seed: u64, sizes: &BTreeMap<String, u32>) -> Twin {
        let size = |c: &Collection| sizes.get(c.name).copied().unwrap_or(c.size);
        // Each collection's templates (read once), and its ids, so that a field carrying one names an
        // item that exists.
        let templates: Vec<Vec<Map<String, Value>>> = COLLECTIONS.iter().map(|c| templates(c.name)).collect();
        let ranges: BTreeMap<&str, (i64, u32)> =
            COLLECTIONS.iter().zip(&templates).map(|(c, t)| (c.id, (first_id(t, c.id), size(c)))).collect();
        let stores = COLLECTIONS
            .iter()
            .zip(templates)
            .map(|(c, templates)| {
                let first = first_id(&templates, c.id);
                let items = (0..size(c))
                    .filter_map(|i| {
                        let template = templates.get(usize::try_from(i).ok()? % templates.len().max(1))?;
                        Some(Item { fields: vary(template, c, i, seed, &ranges), kept: kept(c, i) })
                    })
                    .collect();
                let next_id = first.saturating_add(i64::from(size(c)));
                let template = templates.into_iter().next().unwrap_or_default();
                (c.name, Store { spec: c, items, next_id, template })
            })
            .collect();
        Twin { seed, sizes: sizes.clone(), stores }
    }

    /// Each collection's id field and the ids of its items, in order (`GET /__mock/collections`).
    pub(crate) fn summary(&self) -> Value {
        let collections: Map<String, Value> = self
            .stores
            .iter()
            .map(|(name, store)| {
                let ids: Vec<Value> = store.items.iter().filter_map(|i| i.fields.get(store.spec.id).cloned()).collect();
                ((*name).to_owned(), json!({"id": store.spec.id, "ids": ids}))
            })
            .collect();
        Value::Object(collections)
    }

    /// Back to the seed.
    pub(crate) fn reset(&mut self) {
        *self = Twin::seeded(self.seed, &self.sizes);
    }

    /// What `e` answers in the twin.
    pub(crate) fn answer(
        &mut self,
        e: &Endpoint,
        twin: TwinRef,
        params: &BTreeMap<String, String>,
        query: &[(String, String)],
        body: &[u8],
    ) -> Outcome {
        let Some(store) = self.stores.get_mut(twin.collection) else {
            return Outcome::Data(e.example_value().unwrap_or(Value::Null), None);
        };
        let id_field = store.spec.id;
        let asked = params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(id_field))
            .and_then(|(_, v)| v.trim().parse::<i64>().ok());
        let position = |items: &[Item]| {
            asked.and_then(|id| items.iter().position(|item| item.fields.get(id_field).and_then(as_id) == Some(id)))
        };
        let missing = || Outcome::NotFound(format!("No {} has the id {}.", twin.collection, asked.unwrap_or_default()));
        match twin.op {
            TwinOp::List => list(e, store, query),
            TwinOp::Get => match position(&store.items) {
                Some(i) => Outcome::Data(shaped(e.example_value(), &store.items[i].fields), None),
                None => missing(),
            },
            TwinOp::Create => {
                let id = store.next_id;
                store.next_id = store.next_id.saturating_add(1);
                let mut fields = store.template.clone();
                let given = object_of(body);
                for (k, v) in &given {
                    if let Some(key) = fields.keys().find(|f| f.eq_ignore_ascii_case(k)).cloned() {
                        fields.insert(key, v.clone());
                    }
                }
                fields.insert(id_field.to_owned(), json!(id));
                let kept = store
                    .spec
                    .keeps
                    .iter()
                    .map(|(name, values)| {
                        let from_body =
                            given.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| as_text(v));
                        (*name, from_body.or_else(|| values.first().map(|v| (*v).to_owned())).unwrap_or_default())
                    })
                    .collect();
                store.items.push(Item { fields, kept });
                // The answer carries the new id where the endpoint's example has it (a bare id, or a
                // field of that name).
                let data = match e.example_value() {
                    Some(Value::Object(mut m)) => {
                        m.insert(id_field.to_owned(), json!(id));
                        Value::Object(m)
                    }
                    _ => json!(id),
                };
                Outcome::Data(data, None)
            }
            TwinOp::Update => match position(&store.items) {
                Some(i) => {
                    let fields = &mut store.items[i].fields;
                    for (k, v) in object_of(body) {
                        if let Some(key) =
                            fields.keys().find(|f| f.eq_ignore_ascii_case(&k) && **f != id_field).cloned()
                        {
                            fields.insert(key, v);
                        }
                    }
                    Outcome::Data(e.example_value().unwrap_or(Value::Null), None)
                }
                None => missing(),
            },
            TwinOp::Delete => match position(&store.items) {
                Some(i) => {
                    store.items.remove(i);
                    Outcome::Data(e.example_value().unwrap_or(Value::Null), None)
                }
                None => missing(),
            },
        }
    }
}

/// Template `i` of collection `c`, varied: the id counts up, text carries the item's number, flags come
/// from the seed, a field that carries another collection's id names one of its items.
fn vary(
    template: &Map<String, Value>,
    c: &Collection,
    i: u32,
    seed: u64,
    ranges: &BTreeMap<&str, (i64, u32)>,
) -> Map<String, Value> {
    let n = i64::from(i);
    let mut fields = template.clone();
    for (key, value) in fields.iter_mut() {
        let salt = mix(u64::from(i), key.bytes().fold(0, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
        if key == c.id {
            *value = json!(ranges.get(c.id).map_or(1, |(first, _)| *first).saturating_add(n));
        } else if let Some((first, size)) = ranges.get(key.as_str()).filter(|_| value.is_number() || value.is_string())
        {
            let pick = i64::try_from(mix(seed, salt) % u64::from((*size).max(1))).unwrap_or(0);
            *value = json!(first.saturating_add(pick));
        } else if let Value::Bool(_) = value {
            *value = json!(mix(seed, salt).is_multiple_of(2));
        } else if let Value::String(s) = value
            && !s.is_empty()
            && !s.contains("://")
            && !s.contains('@')
            && s.parse::<f64>().is_err()
            && !looks_like_a_date(s)
            && i > 0
        {
            *value = json!(format!("{s} {}", n.saturating_add(1)));
        }
    }
    fields
}

/// Whether `s` starts like an ISO date (`2024-09-01…`): left as it is.
fn looks_like_a_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit)
}

/// What item `i` of `c` keeps: each attribute's values in turn.
fn kept(c: &Collection, i: u32) -> BTreeMap<&'static str, String> {
    c.keeps
        .iter()
        .filter_map(|(name, values)| {
            let v = values.get(usize::try_from(i).ok()? % values.len().max(1))?;
            Some((*name, (*v).to_owned()))
        })
        .collect()
}

/// The body as a JSON object: an object, or a JSON string holding one (`encoding: json-string`).
fn object_of(body: &[u8]) -> Map<String, Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => m,
        Ok(Value::String(s)) => match serde_json::from_str::<Value>(&s) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        },
        _ => Map::new(),
    }
}

/// `fields` in the shape of `example`: the example's fields, each replaced by the item's of the same
/// name (the item whole when the example is not an object).
fn shaped(example: Option<Value>, fields: &Map<String, Value>) -> Value {
    match example {
        Some(Value::Object(mut m)) => {
            for (k, v) in m.iter_mut() {
                if let Some(mine) = fields.get(k) {
                    *v = mine.clone();
                }
            }
            Value::Object(m)
        }
        _ => Value::Object(fields.clone()),
    }
}

/// The list: the items that every selecting query parameter fits (a parameter that names a field of
/// the items, or an attribute they keep; others are ignored), one page of them, and their count.
fn list(e: &Endpoint, store: &Store, query: &[(String, String)]) -> Outcome {
    let paging = e.paging;
    let is_paging = |k: &str| paging.is_some_and(|p| k.eq_ignore_ascii_case(p.page) || k.eq_ignore_ascii_case(p.size));
    // A free-text search keeps the items with the text in one of their text fields (assumed: how the
    // API matches is not documented).
    let is_search = |k: &str| ["searchText", "search", "keyword"].iter().any(|s| k.eq_ignore_ascii_case(s));
    let fits = |item: &Item| {
        query.iter().filter(|(k, _)| !is_paging(k)).all(|(k, want)| {
            if is_search(k) {
                let want = want.trim().to_lowercase();
                return item.fields.values().any(|v| v.as_str().is_some_and(|s| s.to_lowercase().contains(&want)));
            }
            let field = item.fields.iter().find(|(f, _)| f.eq_ignore_ascii_case(k)).and_then(|(_, v)| as_text(v));
            let kept = item.kept.iter().find(|(f, _)| f.eq_ignore_ascii_case(k)).map(|(_, v)| v.clone());
            match field.or(kept) {
                Some(have) => have.eq_ignore_ascii_case(want.trim()),
                None => true,
            }
        })
    };
    let selected: Vec<&Item> = store.items.iter().filter(|i| fits(i)).collect();
    let total = selected.len();
    let range = paging.map_or(0..total, |p| crate::answer::page_range(query, p, total));
    let page = selected[range].iter().map(|i| Value::Object(i.fields.clone())).collect();
    Outcome::Data(Value::Array(page), Some(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(name: &str) -> &'static Endpoint {
        ENDPOINTS.iter().find(|e| e.name == name).unwrap()
    }

    #[test]
    fn the_same_seed_makes_the_same_site_and_another_another() {
        let none = BTreeMap::new();
        let (a, b, c) = (Twin::seeded(1, &none), Twin::seeded(1, &none), Twin::seeded(2, &none));
        let users =
            |t: &Twin| format!("{:?}", t.stores["comments"].items.iter().map(|i| &i.fields).collect::<Vec<_>>());
        assert_eq!(users(&a), users(&b));
        assert_ne!(users(&a), users(&c));
    }

    #[test]
    fn a_comment_names_a_user_that_exists() {
        let twin = Twin::seeded(7, &BTreeMap::new());
        let users: Vec<i64> =
            twin.stores["users"].items.iter().filter_map(|i| i.fields.get("UserID").and_then(as_id)).collect();
        for comment in &twin.stores["comments"].items {
            if let Some(user) = comment.fields.get("UserID").and_then(as_id) {
                assert!(users.contains(&user), "comment by user {user}, not among {users:?}");
            }
        }
    }

    #[test]
    fn a_search_keeps_the_items_with_the_text() {
        let twin = Twin::seeded(1, &BTreeMap::new());
        let store = &twin.stores["users"];
        let all = store.items.len();
        let query = |text: &str| vec![("searchText".to_owned(), text.to_owned())];
        let Outcome::Data(Value::Array(found), Some(total)) = list(endpoint("users.list"), store, &query("doe 7"))
        else {
            panic!("a list")
        };
        assert!(total >= 1 && total < all, "{total} of {all}");
        assert!(found.iter().all(|u| u.to_string().to_lowercase().contains("doe 7")));
    }

    #[test]
    fn ids_count_up_and_kept_attributes_take_their_values_in_turn() {
        let twin = Twin::seeded(1, &BTreeMap::new());
        let users = &twin.stores["users"].items;
        let ids: Vec<i64> = users.iter().filter_map(|i| i.fields.get("UserID").and_then(as_id)).collect();
        assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "{ids:?}");
        let roles: Vec<&str> = users.iter().take(4).map(|i| i.kept["RoleID"].as_str()).collect();
        assert_eq!(roles, ["1", "2", "3", "1"]);
        assert!(endpoint("users.list").twin.is_some());
    }
}
