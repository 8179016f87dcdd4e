//! The generator's checker (`axero_codegen::conform`: spec examples, and the drift probe's reading of a
//! site's answers) accepts a scalar exactly when the runtime's lenient decoding, which generated fields
//! use, reads it. For a date-time, "reads" means "in a known form": the client keeps any other text as
//! `DateTime::Text` rather than failing, and the checker reports that text as drift.

use axero_codegen::conform::Schema;
use axero_codegen::diagnostic::Pos;
use axero_codegen::spec::{Spanned, TypeExpr};
use axero_runtime::__private::lenient::{Lenient, Scalar};
use serde_json::{Value, json};

fn scalar(value: &Value) -> Scalar<'_> {
    match value {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Scalar::Int(i),
            (None, Some(u), _) => Scalar::UInt(u),
            (_, _, f) => Scalar::Float(f.unwrap_or_default()),
        },
        Value::String(s) => Scalar::Str(s.as_str().into()),
        Value::Array(_) | Value::Object(_) => unreachable!("scalars only"),
    }
}

fn runtime_reads<T: Lenient>(value: &Value) -> bool {
    T::from_scalar(&scalar(value)).is_some()
}

/// Whether the runtime reads `value` as a date-time in one of the forms it knows.
fn runtime_reads_a_known_datetime(value: &Value) -> bool {
    axero::DateTime::from_scalar(&scalar(value)).is_some_and(|d| d.naive().is_some())
}

fn checker_reads(value: &Value, ty: &str) -> bool {
    let ty = TypeExpr::Name(Spanned::new(ty.to_owned(), Pos::new(&"t".into(), 1, 1)));
    Schema::default().check(value, &ty).is_empty()
}

#[test]
fn the_checker_reads_scalars_as_the_runtime_does() {
    let values = [
        json!(0),
        json!(1),
        json!(2),
        json!(-1),
        json!(2147483647),
        json!(2147483648i64),
        json!(-2147483649i64),
        json!(18446744073709551615u64),
        json!(1.0),
        json!(1.5),
        json!(9.0e15),
        json!(-3.0),
        json!("1"),
        json!(" 42 "),
        json!("4.5"),
        json!("x"),
        json!(""),
        json!("true"),
        json!("yes"),
        json!("No"),
        json!("0"),
        json!(true),
        json!(false),
        json!(null),
        json!("2025-10-20"),
        json!("10/20/2025"),
        json!("20251020"),
        json!("2025-10-20T16:07:36.817"),
        json!("2025-10-20 16:07:36"),
        json!("2025-10-20T16:07"),
        json!("2025-10-20T16:07:36+02:00"),
        json!("2025-10-20T16:07:36Z"),
        json!("/Date(1700000000000)/"),
        json!("/Date(-1700000000000+0100)/"),
        json!("2025-13-01"),
        json!("12345678"),
        json!("2025-02-30"),
        json!("10/20/2025 11:07 AM"),
        json!("10/20/2025 11:07:36 PM"),
        json!("3/5/2025"),
        json!("10/20/2025 16:07"),
        json!("sometime"),
    ];
    let mut compared = 0;
    for value in &values {
        let pairs = [
            ("i32", runtime_reads::<i32>(value)),
            ("i64", runtime_reads::<i64>(value)),
            ("f64", runtime_reads::<f64>(value)),
            ("bool", runtime_reads::<bool>(value)),
            ("string", runtime_reads::<String>(value)),
            ("date", runtime_reads::<axero::Date>(value)),
            ("datetime", runtime_reads_a_known_datetime(value)),
        ];
        for (ty, runtime) in pairs {
            assert_eq!(checker_reads(value, ty), runtime, "{value} as {ty}: the runtime reads it: {runtime}");
            compared += 1;
        }
    }
    assert_eq!(compared, values.len() * 7);
}

/// The `example:` block of `spec/README.md` is accepted as written, and a value that does not fit is
/// refused at its line.
#[test]
fn the_examples_of_the_spec_readme_are_checked() {
    use axero_codegen::load::Source;
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("..");
    let readme = std::fs::read_to_string(root.join("spec/README.md")).unwrap();
    let block = readme
        .split("```yaml\n")
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("example: 12"))
        .expect("the README's example block");
    // A minimal `api.yaml`: the real one declares a `User` of its own.
    let api = Source {
        display: "api.yaml".into(),
        stem: "api".into(),
        text: "base_url: https://{site}\nauth: {bearer: {header: Authorization}}\n\
               envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}\n\
               paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30}\n"
            .into(),
    };
    let readme_file = |text: String| Source { display: "readme.yaml".into(), stem: "readme".into(), text };
    axero_codegen::generate_from(&[api.clone(), readme_file(block.to_owned())]).unwrap_or_else(|d| panic!("{d}"));

    let bad = block.replace("Status: 1}", "Status: 7}");
    let errors = axero_codegen::generate_from(&[api, readme_file(bad.clone())]).unwrap_err();
    let line = bad.lines().position(|l| l.contains("Status: 7}")).unwrap() as u32 + 1;
    let found: Vec<(String, u32)> = errors.iter().map(|d| (d.message.clone(), d.pos.line)).collect();
    assert_eq!(found, [("7 is not a value of `UserStatus`".to_owned(), line)]);
}
