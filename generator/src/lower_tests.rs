//! Unit tests of lowering: names, order, boxing and the facts the emitter reads.

use crate::ir::*;
use crate::load::test_sources;

fn lower(files: &[(&str, &str)]) -> Ir {
    crate::lower_sources(&test_sources(files)).unwrap_or_else(|d| panic!("{d}"))
}

fn fields(ir: &Ir, ty: &str) -> Vec<FieldIr> {
    let t = ir.categories.iter().flat_map(|c| &c.types.types).find(|t| t.name == ty).unwrap();
    match &t.kind {
        TypeIrKind::Struct { fields, .. } => fields.clone(),
        _ => panic!("{ty} is not a struct"),
    }
}

#[test]
fn recursive_fields_are_boxed_and_nothing_else() {
    let ir = lower(&[(
        "c",
        "types:\n  User: {fields: {Manager: User?, Team: \"[User]?\", Name: string?}}\n\
         \x20 A: {fields: {B: B?}}\n  B: {fields: {A: A, C: C?}}\n  C: {fields: {X: i32?}}\n",
    )]);
    let boxed = |ty: &str| -> Vec<String> { fields(&ir, ty).into_iter().filter(|f| f.boxed).map(|f| f.wire).collect() };
    assert_eq!(boxed("User"), ["Manager"], "a list holds its items on the heap already");
    assert_eq!(boxed("A"), ["B"]);
    assert_eq!(boxed("B"), ["A"]);
    assert_eq!(boxed("C"), Vec::<String>::new());
}

#[test]
fn everything_is_sorted_whatever_the_yaml_order() {
    let ir = lower(&[
        ("zeta", "endpoints:\n  b: {get: /b}\n  a: {get: /a}\n"),
        ("alpha", "types:\n  Z: {fields: {Y: i32?, X: i32?}}\n  E: {enum: i32, values: {Two: 2, One: 1}}\n"),
    ]);
    assert_eq!(ir.categories.iter().map(|c| c.module.as_str()).collect::<Vec<_>>(), ["alpha", "zeta"]);
    assert_eq!(ir.categories[1].endpoints.iter().map(|e| e.rust.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(fields(&ir, "Z").iter().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["X", "Y"]);
    let TypeIrKind::IntEnum(vs) = &ir.categories[0].types.types[0].kind else { panic!() };
    assert_eq!(vs.iter().map(|v| v.value).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn names_and_sources_are_decided_here() {
    let ir = lower(&[(
        "space_roles",
        "endpoints:\n  list:\n    get: /api/{SpaceID}/roles\n    path: {SpaceID: i32}\n    query: {ContentIDCSV: csv<i32>?, \"2\": i32?}\n",
    )]);
    let c = &ir.categories[0];
    assert_eq!(c.accessor, "SpaceRolesApi");
    assert_eq!(c.source, "space_roles.yaml", "a spec-relative name, never a path");
    let e = &c.endpoints[0];
    assert_eq!(e.request_struct.as_deref(), Some("ListRequest"));
    let names: Vec<&str> = e.params.iter().map(|p| p.rust.as_str()).collect();
    assert_eq!(names, ["space_id", "x_2", "content_id_csv"], "path first, then by wire name");
}

#[test]
fn integer_enum_values_written_with_leading_zeros_are_numbers() {
    let ir = lower(&[("c", "types:\n  L: {enum: i32, values: {Five: 05, Ten: 010}}\n")]);
    let TypeIrKind::IntEnum(vs) = &ir.categories[0].types.types[0].kind else { panic!() };
    assert_eq!(vs.iter().map(|v| v.value).collect::<Vec<_>>(), [5, 10]);
}

#[test]
fn string_values_are_the_text_written() {
    let ir = lower(&[("c", "types:\n  V: {enum: string, values: {A: 1.10, B: 0x1F, C: 010}}\n")]);
    let TypeIrKind::StrEnum(vs) = &ir.categories[0].types.types[0].kind else { panic!() };
    assert_eq!(vs.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["010", "0x1F", "1.10"]);
}
