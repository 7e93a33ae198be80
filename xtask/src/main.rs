//! `cargo xtask generate [--check] [--spec PATH --out DIR [--name CRATE] [--config FILE]]`,
//! `cargo xtask bench [FILTER]`, `cargo xtask recordings --sdk DIR [--commit SHA] [--out FILE]`,
//! `cargo xtask cut --spec FILE --operations ID,ID,… --out FILE`, `cargo xtask lossiness [SPEC…]`.

use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;
use xtask::{
    check, format_diagnostics, run_with, vendored_runtime_files, write, Project, RuntimeSource,
};

const USAGE: &str = "usage:
  cargo xtask generate                 regenerate generated-client/ from spec/
  cargo xtask generate --check         fail (naming each stale file) if generated-client/ is stale
  cargo xtask generate --spec PATH --out DIR [--name CRATE] [--config FILE]
                                       write a standalone crate for any OpenAPI 3.0 spec
  --runtime path=DIR|version|vendored  where an --out crate gets the runtime crate: a path
                                       (default: this repository's runtime/), the published
                                       version, or a copy in DIR/client-runtime/
  --strict                             treat every warning (a construct mapped to a
                                       fallback or skipped) as an error
  --tag-features                       one Cargo feature per OpenAPI tag (default: all on),
                                       so that a large API compiles in part
  cargo xtask bench [FILTER]           run the benchmarks (bench/) and print each ratio
                                       against its baseline (see BENCHMARKS.md)
  cargo xtask recordings --sdk DIR [--commit SHA] [--out FILE]
                                       extract the /api/v1/users traffic of the cassettes in a
                                       checkout of okta/okta-sdk-python into
                                       tests/recordings/okta-sdk-python.json
  cargo xtask lossiness [SPEC...]      per spec (default: every spec the repository holds), the
                                       nodes degraded to JSON or left out, by reason class
  cargo xtask cut --spec FILE --operations ID,ID,... --out FILE
                                       the named operations of a spec and every component
                                       they reach (tests/upgrade/)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((cmd, rest)) if cmd == "generate" => generate(rest),
        Some((cmd, rest)) if cmd == "bench" && rest.len() <= 1 => {
            xtask::bench::bench(&xtask::workspace_root(), rest.first().map(String::as_str))
        }
        Some((cmd, rest)) if cmd == "recordings" => recordings(rest),
        Some((cmd, rest)) if cmd == "cut" => cut(rest),
        Some((cmd, rest)) if cmd == "lossiness" => lossiness(rest),
        _ => Err(USAGE.to_owned()),
    };
    result.unwrap_or_else(|message| {
        eprintln!("{message}");
        ExitCode::FAILURE
    })
}

/// `--name value` pairs; every option of `recordings` and `cut` takes a value.
fn option_pairs(args: &[String]) -> Result<Vec<(&str, String)>, String> {
    args.chunks(2)
        .map(|pair| match pair {
            [name, value] => Ok((name.as_str(), value.clone())),
            [name] => Err(format!("{name} needs a value\n{USAGE}")),
            _ => unreachable!("chunks of two"),
        })
        .collect()
}

fn lossiness(args: &[String]) -> Result<ExitCode, String> {
    let specs: Vec<PathBuf> = if args.is_empty() {
        xtask::lossiness::held_specs(&xtask::workspace_root())?
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    print!("{}", xtask::lossiness::report(&specs)?);
    Ok(ExitCode::SUCCESS)
}

fn cut(args: &[String]) -> Result<ExitCode, String> {
    let (mut spec, mut operations, mut out) = (None, Vec::new(), None);
    for (name, value) in option_pairs(args)? {
        match name {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--operations" => operations = value.split(',').map(str::to_owned).collect(),
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err(format!("--spec and --out are required\n{USAGE}"));
    };
    let text = std::fs::read_to_string(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let subset =
        xtask::cut::cut(&text, &operations).map_err(|e| format!("{}: {e}", spec.display()))?;
    std::fs::write(&out, subset).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {} ({} operations)", out.display(), operations.len());
    Ok(ExitCode::SUCCESS)
}

fn recordings(args: &[String]) -> Result<ExitCode, String> {
    let mut options = xtask::recordings::Options {
        sdk: PathBuf::new(),
        commit: None,
        out: xtask::workspace_root().join(xtask::recordings::FIXTURE),
    };
    for (name, value) in option_pairs(args)? {
        match name {
            "--sdk" => options.sdk = PathBuf::from(value),
            "--commit" => options.commit = Some(value),
            "--out" => options.out = PathBuf::from(value),
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        }
    }
    if options.sdk.as_os_str().is_empty() {
        return Err(format!("--sdk DIR is required\n{USAGE}"));
    }
    println!("{}", xtask::recordings::extract(&options)?);
    Ok(ExitCode::SUCCESS)
}

fn generate(args: &[String]) -> Result<ExitCode, String> {
    let mut project = Project::checked_in();
    let mut name = None;
    let mut check_only = false;
    let mut flags = xtask::Flags::default();
    let mut custom_spec = false;
    let mut runtime = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => check_only = true,
            "--strict" => flags.strict = true,
            "--tag-features" => flags.tag_features = true,
            "--spec" => {
                project.spec = PathBuf::from(value()?);
                custom_spec = true;
            }
            "--out" => project.out = PathBuf::from(value()?),
            "--name" => name = Some(value()?),
            "--config" => project.config = Some(PathBuf::from(value()?)),
            "--runtime" => {
                let v = value()?;
                runtime = Some(match v.as_str() {
                    "version" => RuntimeSource::Version,
                    "vendored" => RuntimeSource::Vendored,
                    other => match other.strip_prefix("path=") {
                        Some(path) => RuntimeSource::Path(path.to_owned()),
                        None => return Err(format!("unknown --runtime `{other}`\n{USAGE}")),
                    },
                });
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if custom_spec && project.config == Project::checked_in().config {
        project.config = None;
    }
    if project.out != Project::checked_in().out {
        project.runtime = xtask::this_repository_runtime();
    }
    if let Some(runtime) = runtime {
        project.runtime = runtime;
    }
    let mut result = run_with(
        &project.spec,
        project.config.as_deref(),
        name.as_deref(),
        flags,
        &project.runtime,
    )?;
    if project.runtime == RuntimeSource::Vendored {
        result.generated.files.extend(vendored_runtime_files()?);
    }
    let spec_name = project.spec.display().to_string();
    eprint!(
        "{}",
        format_diagnostics(&spec_name, &result.generated.diagnostics)
    );
    if check_only {
        let problems = check(&project.out, &result.generated.files);
        if problems.is_empty() {
            println!("{} is up to date with {spec_name}", project.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "{} file(s) stale: run `cargo xtask generate`",
            problems.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    write(&project.out, &result.generated.files)?;
    println!("{}", result.summary(&project.out));
    Ok(ExitCode::SUCCESS)
}
