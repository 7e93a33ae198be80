//! `openapi-client-gen generate --spec FILE --out DIR [...]`: the installable generator.

use openapi_client_gen::{Failure, Flags, RuntimeSource, Stage};
use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
openapi-client-gen: generates a typed async Rust client crate from an OpenAPI 3.0 or 3.1
document (YAML or JSON). The crate depends on `client-runtime` for HTTP, credentials,
retries, paging and errors.

USAGE:
    openapi-client-gen generate --spec FILE --out DIR [OPTIONS]
    openapi-client-gen --help | --version

OPTIONS of generate:
    --spec FILE         the OpenAPI document (required)
    --out DIR           the crate directory (required): created if absent; otherwise it
                        must be empty or hold `.generated-files`, the list of what an
                        earlier run wrote. Only listed files are replaced or removed, no
                        symlink is followed, and a refused directory is left untouched.
    --config FILE       generator settings (YAML): crate name and version, package
                        metadata, credential prefixes, pagination, rate-limit headers,
                        hand-written modules (see the generator's documentation)
    --name NAME         crate name (default: from the settings, else the spec's file name)
    --runtime SOURCE    how the crate gets `client-runtime`: `version` (the published
                        version; default) or `path=PATH` (a path dependency, with the
                        version, so the crate can still be published)
    --strict            every warning is an error
    --tag-features      one Cargo feature per OpenAPI tag, so a large API compiles in part
    --check             write nothing; fail when DIR differs from what the spec generates
    --quiet             no progress lines

OUTPUT:
    A progress line per stage (read, lower, emit) on standard error, each warning with the
    JSON pointer of its node, and a summary line on standard output.

EXIT CODES:
    0   generated (or, with --check, DIR is up to date)
    1   errors in the spec or settings, an unreadable input, a refused or unwritable
        output directory, or (with --check) a stale DIR
    2   usage: unknown command or option, missing value, missing --spec or --out

A build script can generate instead: `openapi_client_gen::build::Build` (library).";

/// A command line that cannot be run: exit code 2.
struct Usage(String);

struct Options {
    spec: PathBuf,
    out: PathBuf,
    config: Option<PathBuf>,
    name: Option<String>,
    runtime: RuntimeSource,
    flags: Flags,
    check: bool,
    quiet: bool,
}

fn parse(args: &[String]) -> Result<Options, Usage> {
    let mut spec = None;
    let mut out = None;
    let mut options = Options {
        spec: PathBuf::new(),
        out: PathBuf::new(),
        config: None,
        name: None,
        runtime: RuntimeSource::Version,
        flags: Flags::default(),
        check: false,
        quiet: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| Usage(format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--config" => options.config = Some(PathBuf::from(value()?)),
            "--name" => options.name = Some(value()?),
            "--runtime" => {
                let v = value()?;
                options.runtime = match v.as_str() {
                    "version" => RuntimeSource::Version,
                    other => match other.strip_prefix("path=") {
                        Some(path) if !path.is_empty() => RuntimeSource::Path(path.to_owned()),
                        _ => return Err(Usage(format!("unknown --runtime `{other}`"))),
                    },
                };
            }
            "--strict" => options.flags.strict = true,
            "--tag-features" => options.flags.tag_features = true,
            "--check" => options.check = true,
            "--quiet" => options.quiet = true,
            other => return Err(Usage(format!("unknown option `{other}`"))),
        }
    }
    options.spec = spec.ok_or_else(|| Usage("--spec FILE is required".into()))?;
    options.out = out.ok_or_else(|| Usage("--out DIR is required".into()))?;
    Ok(options)
}

fn generate(options: &Options) -> Result<ExitCode, Failure> {
    let quiet = options.quiet;
    let mut progress = |stage: Stage, millis: u128| {
        if !quiet {
            eprintln!("{:>6}: {millis} ms", stage.name());
        }
    };
    let run = openapi_client_gen::generate(
        &options.spec,
        options.config.as_deref(),
        options.name.as_deref(),
        options.flags,
        &options.runtime,
        &mut progress,
    )?;
    let spec_name = options.spec.display().to_string();
    eprint!(
        "{}",
        openapi_client_gen::format_diagnostics(&spec_name, &run.generated.diagnostics)
    );
    let out = options.out.display();
    if options.check {
        let problems = openapi_client_gen::check(&options.out, &run.generated.files);
        if problems.is_empty() {
            println!("{out} is up to date with {spec_name}");
            return Ok(ExitCode::SUCCESS);
        }
        for problem in &problems {
            eprintln!("{problem}");
        }
        eprintln!("{} file(s) stale: run without --check", problems.len());
        return Ok(ExitCode::from(1));
    }
    openapi_client_gen::write(&options.out, &run.generated.files).map_err(Failure::Io)?;
    println!("{}", run.summary(&options.out));
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--help" | "-h" | "help") => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("openapi-client-gen {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("generate") if args[1..].iter().any(|a| a == "--help" || a == "-h") => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        Some("generate") => match parse(&args[1..]) {
            Ok(options) => match generate(&options) {
                Ok(code) => code,
                Err(failure) => {
                    eprintln!("{failure}");
                    ExitCode::from(1)
                }
            },
            Err(Usage(message)) => usage(&message),
        },
        Some(other) => usage(&format!("unknown command `{other}`")),
        None => usage("no command"),
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("openapi-client-gen: {message}\n\n{HELP}");
    ExitCode::from(2)
}
