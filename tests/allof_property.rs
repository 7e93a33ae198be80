//! Property: for random pairs of compatible object schemas (`intersections.rs`), `allOf`
//! of the two lowers with nothing degraded to JSON, and the merged struct declares every
//! property either side declares. (`standalone_crates.rs` compiles a sample of such pairs
//! and checks a value valid for both decodes into the merged type and re-encodes
//! unchanged.)

mod intersections;

use generator::ir::TypeKind;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compatible_members_merge_without_loss(pair in intersections::object_pairs()) {
        let spec = intersections::spec(std::slice::from_ref(&pair)).to_string();
        let (api, diags) = generator::lower(&spec, &generator::Config::default())
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let lossy: Vec<_> = diags.iter().filter(|d| d.is_lossy()).collect();
        prop_assert!(lossy.is_empty(), "{:?}", lossy);
        let case = api.types.iter().find(|t| t.name == "Case0").expect("Case0");
        let TypeKind::Struct { fields, .. } = &case.kind else {
            return Err(TestCaseError::fail(format!("not a struct: {:?}", case.kind)));
        };
        for side in [&pair.a, &pair.b] {
            for key in side["properties"].as_object().into_iter().flat_map(|m| m.keys()) {
                prop_assert!(fields.iter().any(|f| &f.json_name == key), "{key} missing");
            }
        }
    }
}
