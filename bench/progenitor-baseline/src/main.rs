//! `progenitor-baseline [--rustfmt] SPEC OUT`: generates a client for SPEC with progenitor and
//! writes it, formatted, to OUT. With `--rustfmt` it formats as `cargo-progenitor` does (the
//! token stream's text piped through `rustfmt`); without, with prettyplease, the formatter
//! this repository's generator uses, which isolates the generators from the formatters.
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rustfmt = args.first().is_some_and(|a| a == "--rustfmt");
    if rustfmt {
        args.remove(0);
    }
    let [spec, out] = args.as_slice() else {
        eprintln!("usage: progenitor-baseline [--rustfmt] SPEC OUT");
        return ExitCode::FAILURE;
    };
    match run(spec, out, rustfmt) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("progenitor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(spec: &str, out: &str, rustfmt: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let api: openapiv3::OpenAPI = if spec.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())?
    };
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&api).map_err(|e| e.to_string())?;
    let text = if rustfmt {
        format_with_rustfmt(&tokens.to_string())?
    } else {
        let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
        prettyplease::unparse(&file)
    };
    std::fs::write(out, text).map_err(|e| e.to_string())
}

/// `rustfmt --edition 2021` over stdin, as `rustfmt_wrapper` runs it for `cargo-progenitor`.
fn format_with_rustfmt(code: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt stdin")?;
    let input = code.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer.join().map_err(|_| "writer panicked")?.map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err("rustfmt failed".into());
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}
