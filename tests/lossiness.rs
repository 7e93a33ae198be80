//! The lossiness figure: schema nodes degraded to `serde_json::Value` or constructs left out,
//! per spec. It is 0 for `spec/` and every test spec except where the spec itself asks for it:
//! callbacks and response links (not generated), a property two `allOf` members type
//! differently, and the hostile-paths fixture's dropped parameters.

use okta_users_tests::{fixtures_dir, shared_specs_dir, specs_in};

/// Specs whose figure is not 0, and why.
const EXPECTED: &[(&str, usize)] = &[
    ("oai-callback-example", 1), // a callback
    ("oai-link-example", 4),     // four response links
    ("composition", 1),          // `Conflict`: string in one member, integer in the other
    ("hostile-paths", 8),        // reserved headers, a parameter without placeholder, a refused key
    ("v31-figma", 1),            // a callback
];

fn lossy(spec: &std::path::Path, config: Option<&std::path::Path>) -> usize {
    let run = xtask::run(spec, config, None).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    run.generated
        .diagnostics
        .iter()
        .filter(|d| d.is_lossy())
        .count()
}

#[test]
fn only_self_contradicting_specs_lose_anything() {
    let project = xtask::Project::checked_in();
    assert_eq!(lossy(&project.spec, project.config.as_deref()), 0, "spec/");
    let specs = specs_in(&shared_specs_dir(), &["yaml", "json"])
        .into_iter()
        .chain(specs_in(&fixtures_dir(), &["yaml"]));
    for spec in specs {
        let name = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let expected = EXPECTED
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, c)| *c);
        assert_eq!(lossy(&spec, None), expected, "{name}");
    }
}
