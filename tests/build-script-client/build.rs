//! Generates the Okta Users client from `spec/` into `OUT_DIR`, as a user's build script
//! would with `openapi-client-gen` as a build dependency.

fn main() {
    openapi_client_gen::build::Build::new("../../spec/okta-users.yaml")
        .config("../../spec/generator.yaml")
        .strict(true)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
}
