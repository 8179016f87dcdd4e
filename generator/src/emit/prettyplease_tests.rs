//! The emitter lays code out itself (`layout.rs`, `syntax.rs`) instead of parsing tokens with syn and
//! printing them with prettyplease, which took most of the generator's time. These tests hold it to
//! that: every file it writes must parse as Rust and come out of syn + prettyplease (and the blank
//! lines of `format.rs`) byte for byte unchanged, for the real spec, the naming obstacle course, and
//! random specs whose names of every length put line breaks everywhere a layout rule applies.

use crate::load::{Source, test_sources};

/// Every generated file of `sources` is valid Rust, laid out exactly as prettyplease lays out the same
/// syntax. (The syntax is given to prettyplease unlaid-out: prettyplease is not idempotent, as a closure
/// body it braced to break it is a block when read back.)
fn assert_prettyplease_layout(sources: &[Source]) {
    let ir = crate::lower_sources(sources).unwrap_or_else(|d| panic!("{d}"));
    for (f, flat) in super::emit(&ir).into_iter().zip(super::emit_flat(&ir)) {
        // The header (two comment lines and a blank one) is not Rust that prettyplease would keep.
        let body = f.text.splitn(4, '\n').nth(3).unwrap_or_default();
        syn::parse_file(body).unwrap_or_else(|e| panic!("{} does not parse: {e}\n{body}", f.path));
        let parsed = syn::parse_file(&flat).unwrap_or_else(|e| panic!("{} does not parse: {e}\n{flat}", f.path));
        let mut expected = String::new();
        super::format::space_items(&prettyplease::unparse(&parsed), &mut expected);
        if body != expected {
            let line = body.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
            let show = |text: &str| text.lines().skip(line.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n");
            panic!(
                "{}: differs from prettyplease at line {}:\n--- ours\n{}\n--- prettyplease\n{}",
                f.path,
                line + 1,
                show(body),
                show(&expected)
            );
        }
    }
}

fn spec_dir(dir: &str) -> Vec<Source> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    crate::load::read_dir(&root.join(dir), dir).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn the_real_spec_is_laid_out_as_prettyplease_lays_it_out() {
    assert_prettyplease_layout(&spec_dir("spec"));
}

#[test]
fn the_obstacle_course_is_laid_out_as_prettyplease_lays_it_out() {
    assert_prettyplease_layout(&spec_dir("tests/fixtures/obstacle/spec"));
}

/// A small deterministic random number generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// `prefix` and letters, `len` long at most; PascalCase words so that the derived snake_case name
    /// is as long as the wire name.
    fn name(&mut self, prefix: &str, max: usize) -> String {
        let mut s = prefix.to_owned();
        let len = 1 + self.below(max);
        for i in 0..len {
            let c = (b'a' + self.below(26) as u8) as char;
            s.push(if i % 6 == 0 { c.to_ascii_uppercase() } else { c });
        }
        s
    }
}

/// A category file with names of random lengths and every construct the emitter lays out: positional
/// and optional parameters of every kind, csv dates, custom paging, constant and string-encoded bodies,
/// multipart and binary bodies, envelopes, deprecations, many-argument methods, and structs and enums
/// with long names, long wire names, constants and recursion.
fn random_category(rng: &mut Rng, index: usize) -> String {
    let mut text = String::from("endpoints:\n");
    let ty = |i: usize| format!("T{index}x{i}");
    let scalars = ["string", "i32", "i64", "bool", "f64", "date", "datetime", "json"];
    for e in 0..8 {
        let (method, verb) =
            [("get", "get"), ("post", "create"), ("put", "update"), ("delete", "delete")][rng.below(4)];
        text.push_str(&format!("  {verb}_{}_{e}:\n", rng.name("", 30).to_lowercase()));
        let mut path = format!("/api/{}", rng.name("p", 50));
        let path_params: Vec<String> = (0..rng.below(3)).map(|i| rng.name(&format!("Path{i}"), 25)).collect();
        for p in &path_params {
            path.push_str(&format!("/{{{p}}}"));
        }
        text.push_str(&format!("    {method}: {path}\n"));
        if rng.chance(50) {
            text.push_str(&format!("    doc: {}\n", rng.name("Doc", 120)));
        }
        if rng.chance(10) {
            text.push_str("    deprecated: Use the other one.\n");
        }
        if !path_params.is_empty() {
            text.push_str("    path:\n");
            for p in &path_params {
                text.push_str(&format!("      {p}: {}\n", ["i32", "string", "i64"][rng.below(3)]));
            }
        }
        let paged = method == "get" && rng.chance(30);
        let mut query = Vec::new();
        let most = if rng.chance(20) { 10 } else { 4 };
        for q in 0..rng.below(most) {
            let wire = rng.name(&format!("Q{q}"), 40);
            let mut t = match rng.below(10) {
                0 => "csv<date>".to_owned(),
                1 => "csv<i32>".to_owned(),
                2 => format!("{{type: date, format: {}}}", ["us", "iso", "compact"][rng.below(3)]),
                3 => "datetime".to_owned(),
                4 => format!("E{index}x0"),
                _ => scalars[rng.below(4)].to_owned(),
            };
            if t.starts_with('{') {
                if rng.chance(60) {
                    t = t.replace("type: date", "type: date?");
                }
            } else if rng.chance(60) || t == "bool" {
                t.push('?');
            }
            query.push(format!("      {wire}: {t}\n"));
        }
        if rng.chance(10) {
            query.push(format!("      {}: {{value: {}}}\n", rng.name("Const", 20), rng.below(100)));
        }
        if !query.is_empty() {
            text.push_str("    query:\n");
            text.extend(query);
        }
        if method != "get" {
            match rng.below(9) {
                0 => text.push_str(&format!(
                    "    body: {{type: {}, name: {}}}\n",
                    ty(rng.below(3)),
                    rng.name("b", 30).to_lowercase()
                )),
                1 => text.push_str("    body: {type: i32, as_string: true}\n"),
                2 => text.push_str(&format!("    body: {{type: {}, encoding: json-string}}\n", ty(0))),
                3 => text.push_str("    body: {type: bool, value: true}\n"),
                4 => text.push_str("    body: csv<i32>\n"),
                5 => text.push_str(&format!(
                    "    body:\n      multipart:\n        file: file\n        {}: string?\n",
                    rng.name("Part", 30)
                )),
                6 => text.push_str(&format!("    headers: {{{}: string}}\n    body: binary\n", rng.name("Head", 20))),
                7 => text.push_str(&format!("    body: \"[{}]\"\n", ty(1))),
                _ => {}
            }
        }
        if paged {
            if rng.chance(30) {
                text.push_str(&format!(
                    "    paged: {{page: {}, default_size: {}}}\n",
                    rng.name("Page", 30),
                    rng.below(200)
                ));
            } else {
                text.push_str("    paged: true\n");
            }
            text.push_str(&format!("    returns: \"[{}]\"\n", ty(rng.below(3))));
        } else if rng.chance(70) {
            let returns = match rng.below(5) {
                0 => format!("\"[{}]\"", ty(0)),
                1 => format!("map<{}>", ty(1)),
                2 => scalars[rng.below(scalars.len())].to_owned(),
                _ => ty(rng.below(3)),
            };
            text.push_str(&format!("    returns: {returns}\n"));
        }
        if !paged && rng.chance(15) {
            text.push_str(&format!("    envelope: {}\n", ["never", "either"][rng.below(2)]));
        }
    }
    text.push_str("types:\n");
    for t in 0..3 {
        text.push_str(&format!("  {}:\n    fields:\n", ty(t)));
        for f in 0..1 + rng.below(12) {
            let wire = rng.name(&format!("F{f}"), 45);
            let field_ty = match rng.below(12) {
                0 => format!("{}?", ty((t + 1) % 3)),
                1 => format!("\"[{}]?\"", ty(t)),
                2 => "csv<string>?".to_owned(),
                3 => format!("{{type: date?, format: {}}}", ["us", "compact"][rng.below(2)]),
                4 => format!("{{value: {}}}", ["true", "false", "42"][rng.below(3)]),
                5 => "{type: i32?, as_string: true}".to_owned(),
                6 => "{type: string?, nullable: true}".to_owned(),
                7 => format!("map<{}>?", scalars[rng.below(4)]),
                8 => format!("E{index}x0?"),
                _ => format!("{}{}", scalars[rng.below(scalars.len())], if rng.chance(70) { "?" } else { "" }),
            };
            text.push_str(&format!("      {wire}: {field_ty}\n"));
        }
    }
    text.push_str(&format!("  E{index}x0:\n    enum: i32\n    values:\n"));
    for v in 0..1 + rng.below(5) {
        text.push_str(&format!("      {}: {}\n", rng.name(&format!("V{v}"), 60), v as i64 * 1000 - 1));
    }
    text.push_str(&format!("  E{index}x1:\n    enum: string\n    values:\n"));
    for v in 0..1 + rng.below(5) {
        text.push_str(&format!("      {}: {}\n", rng.name(&format!("W{v}"), 40), rng.name("value-", 60)));
    }
    text
}

#[test]
fn random_names_of_every_length_are_laid_out_as_prettyplease_lays_them_out() {
    let mut rng = Rng(12);
    for round in 0..40 {
        let files: Vec<(String, String)> =
            (0..3).map(|i| (format!("cat{round}x{i}"), random_category(&mut rng, round * 10 + i))).collect();
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let sources = test_sources(&borrowed);
        if let Err(d) = crate::lower_sources(&sources) {
            panic!(
                "round {round}: the random spec is refused:\n{d}\n{}",
                files.iter().map(|f| f.1.as_str()).collect::<String>()
            );
        }
        assert_prettyplease_layout(&sources);
    }
}
