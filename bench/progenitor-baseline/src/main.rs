//! `progenitor-baseline SPEC OUT`: generates a client for SPEC with progenitor and writes it,
//! formatted, to OUT (what `cargo-progenitor` does for the library part of its crate).
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out] = args.as_slice() else {
        eprintln!("usage: progenitor-baseline SPEC OUT");
        return ExitCode::FAILURE;
    };
    match run(spec, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("progenitor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(spec: &str, out: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let api: openapiv3::OpenAPI = if spec.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())?
    };
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&api).map_err(|e| e.to_string())?;
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
    std::fs::write(out, prettyplease::unparse(&file)).map_err(|e| e.to_string())
}
