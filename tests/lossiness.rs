//! The lossiness figure: schema nodes degraded to `serde_json::Value` or constructs left
//! out, per spec and reason class (`cargo xtask lossiness` prints the same table). It is 0
//! for `spec/` and every spec the repository holds except where the spec itself asks for it.

use okta_users_tests::{fixtures_dir, shared_specs_dir, specs_in};
use std::collections::BTreeMap;

/// Specs whose figure is not 0: each reason class and its count, and why.
const EXPECTED: &[(&str, &[(&str, usize)])] = &[
    // Callbacks and response links are not generated.
    ("oai-callback-example", &[("callback", 1)]),
    ("oai-link-example", &[("response-link", 4)]),
    ("v31-figma", &[("callback", 1)]),
    // `Conflict.value`: string in one member, integer in the other.
    ("composition", &[("allOf-contradiction", 1)]),
    // Reserved headers, a parameter without placeholder, a key with `..` in it.
    (
        "hostile-paths",
        &[
            ("parameter-without-placeholder", 2),
            ("refused-path-key", 1),
            ("reserved-header", 5),
        ],
    ),
    // `verifyFactor` declares a `User-Agent` header parameter; the runtime sets that header.
    ("okta-management", &[("reserved-header", 1)]),
];

#[test]
fn only_self_contradicting_specs_lose_anything() {
    let project = xtask::Project::checked_in();
    let own = xtask::lossiness::measure(&project.spec, project.config.as_deref())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(own.is_empty(), "spec/: {own:?}");
    let held =
        xtask::lossiness::held_specs(&okta_users_tests::root()).unwrap_or_else(|e| panic!("{e}"));
    // The directories the figure covers are all there (a fresh clone has them).
    let count = |dir: &std::path::Path| specs_in(dir, &["yaml", "json"]).len();
    assert_eq!(
        held.len(),
        count(&shared_specs_dir())
            + count(&shared_specs_dir().join("large"))
            + count(&fixtures_dir())
    );
    assert!(
        count(&shared_specs_dir().join("large")) >= 5,
        "the large specs"
    );
    // One thread per spec: the large ones dominate, and they run side by side.
    let measured: Vec<(String, BTreeMap<&str, usize>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = held
            .iter()
            .map(|spec| {
                scope.spawn(move || {
                    let name = spec
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or_default();
                    let found =
                        xtask::lossiness::measure(spec, None).unwrap_or_else(|e| panic!("{e}"));
                    (name.to_owned(), found)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for (name, found) in measured {
        let expected: BTreeMap<&str, usize> = EXPECTED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, classes)| classes.iter().copied().collect())
            .unwrap_or_default();
        assert_eq!(found, expected, "{name}");
    }
}
