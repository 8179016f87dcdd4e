//! `cargo xtask bench [client|generator] [options]`: the benchmarks.
//!
//! - `client`: the typed client against plain reqwest + serde_json on loopback (criterion; [`client`]).
//! - `generator`: generation time, lines per endpoint, and `cargo check`/`build` of the generated crate,
//!   against progenitor on the same API ([`generator`]).
//!
//! Both by default. The generator is timed in a release build: from a debug build of xtask (`cargo
//! xtask` is one) the command runs itself again with `cargo run --release`.

mod client;
mod compile;
mod generator;
mod mix;
mod synthetic;

const USAGE: &str = "\
usage: cargo xtask bench [client|generator] [options] [-- criterion options]

  client              the client benchmark only
  generator           the generator benchmark only (both by default)
  --json              print the results as one JSON object (progress goes to stderr)
  --quick             fewer runs, sizes 100 and 1000 only: a look, not a figure
  --sizes N,N,...     the synthetic sizes (default 100,1000,10000; `--sizes ''` for none)
  --no-progenitor     leave progenitor out (no crates.io build)
  --no-compile        leave cargo check / cargo build of the generated crates out
  --compile-at N,...  also compile the synthetic specs of these sizes (the Axero spec always is)

The full run (both sections, everything) took 25 minutes on 2 cores shared with other builds
(load average 2-5): about 10 for the client section (mostly building its release benchmark) and 14
for the generator section. The first run also builds progenitor (about 5 minutes) and the generated
crates' dependencies.
";

/// Set on the release run, so that it never starts another.
const RELEASE_RUN: &str = "AXERO_BENCH_RELEASE_RUN";

struct Options {
    client: bool,
    generator: bool,
    json: bool,
    generator_options: generator::Options,
    criterion: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        client: true,
        generator: true,
        json: false,
        generator_options: generator::Options {
            quick: false,
            no_progenitor: false,
            no_compile: false,
            compile_at: Vec::new(),
            sizes: None,
        },
        criterion: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "client" => o.generator = false,
            "generator" => o.client = false,
            "--json" => o.json = true,
            "--quick" => o.generator_options.quick = true,
            "--no-progenitor" => o.generator_options.no_progenitor = true,
            "--no-compile" => o.generator_options.no_compile = true,
            "--compile-at" => o.generator_options.compile_at.extend(sizes(it.next(), "--compile-at")?),
            "--sizes" => o.generator_options.sizes = Some(sizes(it.next(), "--sizes")?),
            "--" => o.criterion.extend(it.by_ref().cloned()),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    Ok(o)
}

/// A list of sizes: `100,1000`.
fn sizes(arg: Option<&String>, option: &str) -> Result<Vec<usize>, String> {
    let arg = arg.ok_or_else(|| format!("{option} needs a list of sizes, e.g. 100,1000\n\n{USAGE}"))?;
    arg.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| match n.replace('_', "").parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{option}: `{n}` is not a number of endpoints\n\n{USAGE}")),
        })
        .collect()
}

/// The one-minute load average (`/proc/loadavg`), where there is one.
pub fn load() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

/// Runs `cargo xtask bench` with `args`.
pub fn run(args: &[String]) -> Result<(), String> {
    let o = parse(args)?;
    let root = crate::checkout::workspace_root()?;
    if o.generator && cfg!(debug_assertions) && std::env::var_os(RELEASE_RUN).is_none() {
        eprintln!("bench: building xtask in release, to time the generator as it is shipped");
        let status = std::process::Command::new(crate::checkout::cargo())
            .current_dir(&root)
            .args(["run", "--release", "--quiet", "-p", "xtask", "--", "bench"])
            .args(args)
            .env(RELEASE_RUN, "1")
            .status()
            .map_err(|e| format!("cannot run cargo run --release: {e}"))?;
        return if status.success() { Ok(()) } else { Err("the release run of the bench failed".into()) };
    }
    let target = crate::checkout::target_dir(&root)?;
    let started = std::time::Instant::now();
    let load_before = load();
    let mut json = serde_json::Map::new();
    if o.client {
        let medians = client::run(&root, &target, &o.criterion, o.json)?;
        if o.json {
            json.insert("client".into(), client::json(&medians));
        } else {
            print!("\n{}", client::render(&medians));
        }
    }
    if o.generator {
        let report = generator::run(&root, &target, &o.generator_options)?;
        if o.json {
            json.insert("generator".into(), generator::json(&report));
        } else {
            print!("\n{}", generator::render(&report));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let load_text = |l: Option<f64>| l.map_or("unknown".to_owned(), |l| format!("{l:.2}"));
    if o.json {
        json.insert("duration_s".into(), seconds.into());
        json.insert("load_before".into(), load_before.into());
        json.insert("load_after".into(), load().into());
    } else {
        println!(
            "\nthis run took {:.0} min {:.0} s (`{}`); load average before {}, after {}",
            (seconds / 60.0).floor(),
            seconds % 60.0,
            std::iter::once("cargo xtask bench").chain(args.iter().map(String::as_str)).collect::<Vec<_>>().join(" "),
            load_text(load_before),
            load_text(load())
        );
    }
    if o.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::Value::Object(json)).map_err(|e| e.to_string())?);
    }
    Ok(())
}
