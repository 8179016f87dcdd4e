//! Synthetic specs of any size, for the generator benchmark: `n` endpoints in categories of 20, with the
//! mix of the real spec (`spec/`): about half GETs; half with a path parameter (an id); a quarter with
//! a required query parameter and a quarter with optional ones (three or four each); a tenth paged; JSON
//! bodies of declared types or scalars, a few multipart and binary ones; and what they return (mostly
//! `json` or nothing, as in the real spec, where the evidence shows no shape). Each category declares
//! its id, about 4.5 structs of 6 fields (most optional) and 1.3 enums per 20 endpoints. The bench
//! prints the mix of both ([`super::mix::Mix`]) so that the likeness can be checked, not trusted.
//!
//! The output depends on `n` only (a fixed-seed generator), so runs are comparable.

use axero_codegen::load::Source;

/// Endpoints per category file, as in the real spec (364 endpoints in 17 files).
const PER_CATEGORY: usize = 20;

/// A small deterministic random number generator (SplitMix64): the same spec for the same `n`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The spec files (`api.yaml` and one file per category) of a synthetic API of `n` endpoints.
pub fn spec(n: usize) -> Vec<Source> {
    let mut rng = Rng(n as u64);
    let categories = n.div_ceil(PER_CATEGORY);
    let mut sources = vec![api(categories)];
    for c in 0..categories {
        let count = PER_CATEGORY.min(n - c * PER_CATEGORY);
        sources.push(category(c, count, &mut rng));
    }
    sources
}

fn area(c: usize) -> String {
    format!("Area{c:04}")
}

fn source(stem: String, text: String) -> Source {
    Source { display: format!("synthetic/{stem}.yaml"), stem, text }
}

/// `api.yaml`: the conventions of the real spec, one id per category, and the shared enum.
fn api(categories: usize) -> Source {
    let mut text = String::from(
        "doc: A synthetic API for the generator benchmark.\n\
         base_url: https://{site}\n\
         auth:\n  bearer: {header: Authorization}\n  legacy: {header: rest-api-key, deprecated: Use Bearer tokens.}\n\
         envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}\n\
         paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30, max_size: 100}\n\
         ids:\n",
    );
    for c in 0..categories {
        let a = area(c);
        text.push_str(&format!("  {a}Id: {{doc: An item of area {c}., wire: [{a}ID]}}\n"));
    }
    text.push_str(
        "types:\n  SortOrder:\n    doc: The order of a listing.\n    enum: i32\n    \
         values: {Ascending: 0, Descending: 1, Unspecified: 2}\n",
    );
    source("api".to_owned(), text)
}

/// The optional query parameters an endpoint draws from (wire name, type).
const OPTIONAL: [(&str, &str); 10] = [
    ("Keyword", "string?"),
    ("IsActive", "bool?"),
    ("IncludeArchived", "bool?"),
    ("FromDate", "{type: date?, format: us, doc: The earliest date.}"),
    ("ToDate", "{type: date?, format: us, doc: The latest date.}"),
    ("SortOrder", "SortOrder?"),
    ("TagCSV", "{type: csv<string>?, doc: Tag names.}"),
    ("Count", "{type: i32?, doc: How many at most.}"),
    ("Culture", "{type: string?, doc: The culture to localize into (e.g. `en-US`).}"),
    ("ParentID", "i32?"),
];

/// One category file of `count` endpoints.
fn category(c: usize, count: usize, rng: &mut Rng) -> Source {
    let a = area(c);
    let id = format!("{a}ID");
    let structs = (count * 9).div_ceil(40); // 0.225 per endpoint
    let enums = if c.is_multiple_of(3) { 2 } else { 1 }; // 0.067 per endpoint in categories of 20
    let mut text = format!("doc: Endpoints of area {c}, for the generator benchmark.\n\nendpoints:\n");
    for e in 0..count {
        let method = match rng.below(100) {
            0..51 => "get",
            51..69 => "post",
            69..88 => "put",
            _ => "delete",
        };
        let paged = method == "get" && rng.chance(0.2);
        let name = match (method, paged) {
            (_, true) => format!("list_things_{e}"),
            ("get", _) => format!("get_thing_{e}"),
            ("post", _) => format!("create_thing_{e}"),
            ("put", _) => format!("update_thing_{e}"),
            _ => format!("delete_thing_{e}"),
        };
        let with_path = !paged && rng.chance(0.6);
        let two = with_path && rng.chance(0.15);
        let mut path = format!("/api/area{c}/things{e}");
        if with_path {
            path.push_str(&format!("/{{{id}}}"));
        }
        if two {
            path.push_str("/parts/{PartID}");
        }
        text.push_str(&format!("  {name}:\n    {method}: {path}\n    doc: Does thing {e} of area {c}.\n"));
        if rng.chance(0.9) {
            text.push_str("    unverified: No response has been seen.\n");
        }
        if rng.chance(0.003) {
            text.push_str("    deprecated: Use the next one.\n");
        }
        if with_path {
            text.push_str(&format!("    path: {{{id}: i32"));
            text.push_str(if two { ", PartID: {type: i32, doc: The part.}}\n" } else { "}\n" });
        }
        let mut query = Vec::new();
        if rng.chance(0.25) {
            query.push(match rng.below(3) {
                0 => "      Name: {type: string, doc: The name to look for.}".to_owned(),
                1 => "      KindID: i32".to_owned(),
                _ => format!("      {a}IDCSV: {{type: csv<i32>, doc: The items.}}"),
            });
        }
        if paged || rng.chance(0.22) {
            let k = 1 + rng.below(6);
            let start = rng.below(OPTIONAL.len());
            for i in 0..k {
                let (wire, ty) = OPTIONAL[(start + i) % OPTIONAL.len()];
                query.push(format!("      {wire}: {ty}"));
            }
        }
        if !query.is_empty() {
            text.push_str("    query:\n");
            query.sort();
            for q in query {
                text.push_str(&q);
                text.push('\n');
            }
        }
        if method != "get" && rng.chance(0.62) {
            text.push_str(&match rng.below(100) {
                0..54 => format!("    body: {{type: {a}Thing{}, name: thing}}\n", rng.below(structs)),
                54..66 => "    body: i32\n".to_owned(),
                66..78 => format!("    body: {{type: csv<i32>, name: {}_ids}}\n", a.to_lowercase()),
                78..88 => "    body: [string]\n".to_owned(),
                88..96 => "    body:\n      multipart:\n        file: file\n        Title: string?\n".to_owned(),
                _ => "    headers: {fileName: string}\n    body: {type: binary, name: data}\n".to_owned(),
            });
        }
        if paged {
            text.push_str(&format!("    paged: true\n    returns: [{a}Thing{}]\n", rng.below(structs)));
        } else {
            let returns = match rng.below(100) {
                0..9 => format!("{a}Thing{}", rng.below(structs)),
                9..21 => format!("[{a}Thing{}]", rng.below(structs)),
                21..29 => "i32".to_owned(),
                29..60 => "json".to_owned(),
                _ => String::new(),
            };
            if !returns.is_empty() {
                text.push_str(&format!("    returns: \"{returns}\"\n"));
            }
        }
    }
    text.push_str("\ntypes:\n");
    for s in 0..structs {
        text.push_str(&format!("  {a}Thing{s}:\n    doc: Thing {s} of area {c}.\n    fields:\n"));
        text.push_str(&format!("      {id}: i32\n      Name: string?\n"));
        let fields = [
            "Description: {type: string?, doc: What it is.}",
            "IsActive: bool?",
            "Count: i32?",
            "Score: f64?",
            "DateCreated: datetime?",
            "Tags: \"[string]?\"",
            "Kind: {a}Kind0?",
            "Parent: {a}Thing0?",
        ];
        let k = 2 + rng.below(5);
        let start = rng.below(fields.len());
        let mut chosen: Vec<String> =
            (0..k).map(|i| format!("      {}\n", fields[(start + i) % fields.len()].replace("{a}", &a))).collect();
        chosen.sort();
        text.extend(chosen);
    }
    for k in 0..enums {
        if rng.chance(0.88) {
            text.push_str(&format!(
                "  {a}Kind{k}:\n    doc: A kind of thing.\n    enum: i32\n    \
                 values: {{First: 1, Second: 2, Third: {{value: 3, doc: The third.}}, Fourth: 4}}\n"
            ));
        } else {
            text.push_str(&format!(
                "  {a}Kind{k}:\n    doc: A kind of thing.\n    enum: string\n    \
                 values: {{Red: red, Green: green, Blue: blue}}\n"
            ));
        }
    }
    source(area(c).to_lowercase().replace("area", "area_"), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size the bench uses generates, so the bench cannot fail on its own input; the mix is near
    /// the real spec's.
    #[test]
    fn synthetic_specs_generate() {
        for n in [1, 20, 100, 1000] {
            let sources = spec(n);
            let ir = axero_codegen::lower_sources(&sources).unwrap_or_else(|d| panic!("{n}: {d}"));
            let mix = super::super::mix::Mix::of(&ir);
            assert_eq!(mix.get("endpoints"), Some(n as f64));
            if n >= 1000 {
                let real = axero_codegen::lower_sources(
                    &axero_codegen::load::read_dir(&crate::checkout::workspace_root().unwrap().join("spec"), "spec")
                        .unwrap(),
                )
                .unwrap();
                let real = super::super::mix::Mix::of(&real);
                for share in ["GET", "with optional parameters", "paged", "body: a declared type", "returns json"] {
                    let (a, b) = (mix.get(share).unwrap(), real.get(share).unwrap());
                    assert!((a - b).abs() < 0.1, "{share}: synthetic {a:.2}, real {b:.2}");
                }
            }
            axero_codegen::generate_from(&sources).unwrap_or_else(|d| panic!("{n}: {d}"));
        }
    }
}
