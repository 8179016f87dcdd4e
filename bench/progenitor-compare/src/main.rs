//! `progenitor-compare`: generates a client with progenitor from an OpenAPI 3.0 document (JSON), as
//! progenitor's README does it (`Generator::generate_tokens`, then `syn` and `prettyplease`), times it
//! in process, and writes the client. `cargo xtask bench` runs it, in release, once per interface style.
//!
//! ```text
//! progenitor-compare --spec openapi.json --style builder|positional --out lib.rs [--runs N] [--seconds S]
//! ```
//!
//! Prints one JSON object: the style, the operations, the times of every run in milliseconds and their
//! median, the lines written, the changes made to the document so that progenitor accepts it, and the
//! crates the client needs besides `progenitor-client`.

#![forbid(unsafe_code)]

mod adapt;

use std::time::Instant;

use progenitor::{GenerationSettings, Generator, InterfaceStyle};

fn main() -> std::process::ExitCode {
    match run(&std::env::args().skip(1).collect::<Vec<_>>()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("progenitor-compare: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

struct Options {
    spec: String,
    style: InterfaceStyle,
    style_name: String,
    out: String,
    /// Runs at least (the first one is the warm-up that writes the output, and is not timed).
    runs: usize,
    /// Stop after this many seconds once three runs are done.
    seconds: f64,
}

fn options(args: &[String]) -> Result<Options, String> {
    let (mut spec, mut style, mut out, mut runs, mut seconds) = (None, None, None, 21, 60.0);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = it.next().ok_or_else(|| format!("`{arg}` needs a value"))?;
        match arg.as_str() {
            "--spec" => spec = Some(value.clone()),
            "--style" => style = Some(value.clone()),
            "--out" => out = Some(value.clone()),
            "--runs" => runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            "--seconds" => seconds = value.parse().map_err(|e| format!("--seconds: {e}"))?,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let style_name = style.ok_or("--style builder|positional is required")?;
    let style = match style_name.as_str() {
        "builder" => InterfaceStyle::Builder,
        "positional" => InterfaceStyle::Positional,
        other => return Err(format!("unknown style `{other}`: builder or positional")),
    };
    Ok(Options {
        spec: spec.ok_or("--spec FILE is required")?,
        style,
        style_name,
        out: out.ok_or("--out FILE is required")?,
        runs,
        seconds,
    })
}

/// From the document's text to the formatted client, as progenitor's README does it.
fn generate(text: &str, style: &InterfaceStyle) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = serde_json::from_str(text).map_err(|e| format!("the document: {e}"))?;
    let mut settings = GenerationSettings::default();
    settings.with_interface(style.clone());
    let mut generator = Generator::new(&settings);
    let tokens = generator.generate_tokens(&spec).map_err(|e| format!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("syn: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

fn run(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    let exported = std::fs::read_to_string(&o.spec).map_err(|e| format!("{}: {e}", o.spec))?;
    let mut document: serde_json::Value = serde_json::from_str(&exported).map_err(|e| format!("{}: {e}", o.spec))?;
    let changes = adapt::for_progenitor(&mut document);
    let text = serde_json::to_string(&document).map_err(|e| e.to_string())?;
    let operations = adapt::operations(&document);

    // The first run writes the client and is not timed (it pays for page faults and lazy statics).
    let client = generate(&text, &o.style)?;
    std::fs::write(&o.out, &client).map_err(|e| format!("{}: {e}", o.out))?;
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < o.runs && (times.len() < 3 || started.elapsed().as_secs_f64() < o.seconds) {
        let t = Instant::now();
        std::hint::black_box(generate(std::hint::black_box(&text), &o.style)?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let uses = |what: &str| client.contains(what);
    let dependencies: Vec<&str> = [
        ("chrono", uses("chrono::")),
        ("uuid", uses("uuid::")),
        ("regress", uses("regress::")),
        ("base64", uses("base64")),
        ("rand", uses("rand::")),
    ]
    .iter()
    .filter(|(_, used)| *used)
    .map(|(name, _)| *name)
    .collect();
    let report = serde_json::json!({
        "style": o.style_name,
        "operations": operations,
        "runs": times.len(),
        "times_ms": times,
        "median_ms": median,
        "lines": client.lines().count(),
        "changes": changes,
        "dependencies": dependencies,
    });
    println!("{report}");
    Ok(())
}
