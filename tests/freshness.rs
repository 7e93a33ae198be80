//! `generated-client/` must be exactly what `spec/` generates (the same check as
//! `cargo xtask generate --check`).

use xtask::{check, run, Project};

#[test]
fn generated_client_is_fresh() {
    let project = Project::checked_in();
    let result = run(&project.spec, project.config.as_deref(), None).expect("spec generates");
    let problems = check(&project.out, &result.generated.files);
    assert!(
        problems.is_empty(),
        "generated-client/ is stale; run `cargo xtask generate`:\n{}",
        problems.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let project = Project::checked_in();
    let first = run(&project.spec, project.config.as_deref(), None).expect("spec generates");
    let second = run(&project.spec, project.config.as_deref(), None).expect("spec generates");
    assert_eq!(first.generated.files, second.generated.files);
}

#[test]
fn okta_spec_generates_without_warnings() {
    let project = Project::checked_in();
    let result = run(&project.spec, project.config.as_deref(), None).expect("spec generates");
    assert_eq!(
        result.generated.diagnostics,
        vec![],
        "unexpected diagnostics"
    );
    assert_eq!(result.generated.operations, 21);
}
