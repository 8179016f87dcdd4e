//! The command line, built from the command table: global options, one subcommand per category and
//! per endpoint, and `api`, `login`, `completions` and `man`.

use clap::{Arg, ArgAction, Command};

use crate::commands::COMMANDS;
use crate::table::{Body, Kind};

/// The whole command line.
pub fn command() -> Command {
    let mut root = Command::new("axero")
        .about("The Axero intranet REST API from a shell: every endpoint of the spec as a command.")
        .long_about(
            "The Axero intranet REST API from a shell: `axero <category> <command> [ARGS] [--options]`.\n\
             Base URL and token from --base-url/--token, AXERO_BASE_URL/AXERO_TOKEN, or a profile of the\n\
             config file (`axero login`). Exit codes: 2 usage, 3 not found, 4 unauthorized or forbidden,\n\
             5 rate-limited, 6 server error, 7 network or timeout, 8 an answer that does not decode, 1 other.",
        )
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg(global("base-url", "The site's base URL (or AXERO_BASE_URL, or the profile's)"))
        .arg(global("token", "The API token (or AXERO_TOKEN, or the profile's); never printed"))
        .arg(global("profile", "The profile of the config file to use (default: `default`)"))
        .arg(global("output", "json, ndjson, table or csv (default: table on a terminal, json otherwise)").short('o'))
        .arg(global("fields", "The columns of table and csv output, comma-separated"))
        .arg(flag("all", "Every page of a paged list, streamed item by item"))
        .arg(flag("dry-run", "Print the request as a curl command (token as $AXERO_TOKEN) and send nothing"))
        .arg(flag("yes", "Send a request that changes the site without asking"));
    let mut categories: Vec<&str> = COMMANDS.iter().map(|c| c.category).collect();
    categories.dedup();
    for category in categories {
        let mut sub = Command::new(category).about(format!("The {category} endpoints")).subcommand_required(true);
        for c in COMMANDS.iter().filter(|c| c.category == category) {
            sub = sub.subcommand(endpoint(c));
        }
        root = root.subcommand(sub);
    }
    root.subcommand(
        Command::new("api")
            .about("Any request, for an endpoint the spec lacks, through the same client")
            .arg(Arg::new("method").required(true).help("GET, POST, PUT, DELETE, …"))
            .arg(Arg::new("path").required(true).help("The path, e.g. /api/users/42/details"))
            .arg(Arg::new("query").short('q').long("query").action(ArgAction::Append).help("KEY=VALUE, repeatable"))
            .arg(Arg::new("body").long("body").help("The JSON body: a text, @FILE or - for stdin")),
    )
    .subcommand(
        Command::new("login")
            .about("Store a base URL and token in a profile of the config file (owner-only permissions)")
            .arg(
                Arg::new("token-stdin")
                    .long("token-stdin")
                    .action(ArgAction::SetTrue)
                    .help("Read the token from stdin"),
            ),
    )
    .subcommand(
        Command::new("completions")
            .about("Shell completions: bash, zsh, fish or powershell")
            .arg(Arg::new("shell").required(true)),
    )
    .subcommand(Command::new("man").about("The man page, in roff"))
    .subcommand(Command::new("commands").about("Every command, one line each: METHOD PATH CATEGORY COMMAND"))
}

/// The options every command has (or a command's own body or paging options): a body field named like
/// one keeps the option's meaning, and is given through `--body`.
const RESERVED: &[&str] = &[
    "base-url",
    "token",
    "profile",
    "output",
    "fields",
    "all",
    "dry-run",
    "yes",
    "page",
    "page-length",
    "body",
    "file",
    "help",
    "version",
];

fn global(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).global(true).help(help)
}

fn flag(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).global(true).action(ArgAction::SetTrue).help(help)
}

fn endpoint(c: &crate::table::Command) -> Command {
    let deprecated = if c.deprecated { " (deprecated)" } else { "" };
    let mut cmd = Command::new(c.name)
        .about(format!("{}{deprecated}", c.about))
        .after_help(format!("Sends {} {}", c.method, c.path));
    for a in c.args {
        cmd = cmd.arg(
            Arg::new(a.flag)
                .required(true)
                .value_name(a.flag.to_uppercase())
                .help(help(a))
                .value_parser(parser(a.kind)),
        );
    }
    for a in c.options {
        cmd = cmd.arg(
            Arg::new(a.flag).long(a.flag).value_name(value_name(a.kind)).help(help(a)).value_parser(parser(a.kind)),
        );
    }
    if c.paging.is_some() {
        cmd = cmd
            .arg(Arg::new("page").long("page").value_name("N").help("The page to get").value_parser(parser(Kind::Int)))
            .arg(
                Arg::new("page-length")
                    .long("page-length")
                    .value_name("N")
                    .help("Items per page")
                    .value_parser(parser(Kind::Int)),
            );
    }
    match c.body {
        Body::Scalar { name, kind, .. } => {
            cmd = cmd.arg(
                Arg::new(name)
                    .required(true)
                    .value_name(name.to_uppercase())
                    .help("The body")
                    .value_parser(parser(kind)),
            );
        }
        Body::Json { fields, .. } => {
            let whole = Arg::new("body").long("body").value_name("JSON|@FILE|-").help("The JSON body, whole");
            cmd = cmd.arg(if fields.is_empty() { whole.required(true) } else { whole });
            for f in fields {
                // A field named like a parameter of the same command keeps the parameter's option.
                if c.args.iter().chain(c.options).any(|a| a.flag == f.flag) || RESERVED.contains(&f.flag) {
                    continue;
                }
                let arg = Arg::new(f.flag).long(f.flag).value_name(value_name(f.kind));
                cmd = cmd.arg(arg.help(format!("Body: {}", help(f))).value_parser(parser(f.kind)));
            }
        }
        Body::Binary => {
            cmd = cmd.arg(
                Arg::new("file")
                    .long("file")
                    .required(true)
                    .value_name("PATH|-")
                    .help("The file to upload (- for stdin)"),
            );
        }
        Body::None | Body::Constant(_) | Body::Multipart => {}
    }
    cmd
}

fn help(a: &crate::table::Arg) -> String {
    if a.help.is_empty() { format!("`{}`", a.wire) } else { format!("{} (`{}`)", a.help, a.wire) }
}

fn value_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "N",
        Kind::Number => "NUMBER",
        Kind::Bool => "true|false",
        Kind::List => "A,B,…",
        Kind::File => "PATH",
        Kind::Json => "JSON",
        Kind::Text => "TEXT",
    }
}

/// A parser that checks the value's kind and keeps its text (an id must be a number).
fn parser(kind: Kind) -> clap::builder::ValueParser {
    match kind {
        Kind::Int => clap::builder::ValueParser::new(|s: &str| {
            s.trim().parse::<i64>().map(|_| s.trim().to_owned()).map_err(|_| format!("`{s}` is not a whole number"))
        }),
        Kind::Number => clap::builder::ValueParser::new(|s: &str| {
            s.trim().parse::<f64>().map(|_| s.trim().to_owned()).map_err(|_| format!("`{s}` is not a number"))
        }),
        Kind::Bool => clap::builder::ValueParser::new(|s: &str| match s {
            "true" | "false" => Ok(s.to_owned()),
            _ => Err(format!("`{s}` is not true or false")),
        }),
        Kind::Text | Kind::List | Kind::File | Kind::Json => clap::builder::ValueParser::string(),
    }
}

/// Prints the completions of `shell`.
pub fn completions(shell: &str) -> Result<(), String> {
    let shell: clap_complete::Shell =
        shell.parse().map_err(|_| format!("unknown shell `{shell}`: bash, zsh, fish or powershell"))?;
    clap_complete::generate(shell, &mut command(), "axero", &mut std::io::stdout());
    Ok(())
}

/// Prints the man page.
pub fn man() -> Result<(), String> {
    clap_mangen::Man::new(command()).render(&mut std::io::stdout()).map_err(|e| e.to_string())
}
