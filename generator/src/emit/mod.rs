//! Emitting: the IR to the files of a standalone crate.
//!
//! `types.rs` and `operations.rs` are generated from the IR; `lib.rs` declares the API's
//! settings and wires the operations to the runtime crate (`client-runtime`), which does the
//! work.

mod crate_files;
mod docs;
mod operations;
mod paths;
mod types;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::ir::Api;
use proc_macro2::TokenStream;

/// One file of the generated crate: path relative to the crate root, and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators, e.g. `src/types.rs`.
    pub path: String,
    /// File contents.
    pub contents: String,
}

/// All files of the crate, in a fixed order.
pub fn emit(api: &Api, config: &Config) -> Result<Vec<File>, Diagnostic> {
    let files = vec![
        File {
            path: "Cargo.toml".to_owned(),
            contents: crate_files::cargo_toml(api, config),
        },
        File {
            path: "README.md".to_owned(),
            contents: crate_files::readme(api, config),
        },
        rust("src/lib.rs", crate_files::lib_rs(api, config))?,
        rust_chunks("src/types.rs", types::emit(api))?,
        rust_chunks("src/operations.rs", operations::emit(api))?,
    ];
    Ok(files)
}

/// Puts a blank line between top-level items and after the module docs, which
/// `prettyplease` leaves packed together.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut prev = "";
    for line in text.lines() {
        let top_level_start = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
        let after_item =
            prev == "}" || prev.ends_with(';') && !prev.starts_with(' ') && !prev.starts_with("//");
        let after_docs = prev.starts_with("//!") && !line.starts_with("//!");
        // Inside an `impl` or `enum` body: a blank line between one method (or
        // documented variant) and the next.
        let member_start = ["    ///", "    pub ", "    fn ", "    async fn ", "    #["]
            .iter()
            .any(|p| line.starts_with(p));
        let after_member = prev == "    }"
            || (prev.starts_with("    ") && !prev.starts_with("     ") && prev.ends_with(','));
        let in_docs = prev.trim_start().starts_with("///") || prev.trim_start().starts_with("#[");
        if (top_level_start && (after_item || after_docs))
            || (member_start && after_member && !in_docs)
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = line;
    }
    out
}

fn rust(path: &str, tokens: TokenStream) -> Result<File, Diagnostic> {
    rust_chunks(path, vec![Chunk::from(tokens)])
}

/// Items formatted together, compiled only under `cfg` (a Cargo feature per tag) if set.
pub(crate) struct Chunk {
    tokens: TokenStream,
    cfg: Option<TokenStream>,
}

impl From<TokenStream> for Chunk {
    fn from(tokens: TokenStream) -> Self {
        Self { tokens, cfg: None }
    }
}

impl Chunk {
    /// Items compiled only when one of `features` is on (always, when it is empty).
    pub(crate) fn gated(tokens: TokenStream, features: &[String]) -> Self {
        Self {
            tokens,
            cfg: feature_cfg(features),
        }
    }
}

/// `cfg(feature = "a")` or `cfg(any(feature = "a", …))`; `None` for no features.
pub(crate) fn feature_cfg(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote::quote!(feature = #one)),
        many => Some(quote::quote!(any(#(feature = #many),*))),
    }
}

/// Adds `#[cfg(..)]` to every item of `file`.
fn gate(file: &mut syn::File, cfg: &TokenStream) {
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            _ => continue,
        };
        attrs.push(syn::parse_quote!(#[cfg(#cfg)]));
    }
}

/// A Rust file from chunks of items, each parsed and formatted on its own (one large token
/// stream parses in more than linear time, and holding every item's syntax tree at once
/// costs gigabytes on large specs); the first chunk may carry the module's inner attributes.
fn rust_chunks(path: &str, chunks: impl IntoIterator<Item = Chunk>) -> Result<File, Diagnostic> {
    let parse = |tokens: TokenStream| {
        syn::parse2::<syn::File>(tokens).map_err(|e| {
            Diagnostic::error(
                "#",
                format!("internal error: generated {path} does not parse: {e}"),
            )
        })
    };
    let mut text = String::new();
    for chunk in chunks {
        let mut file = parse(chunk.tokens)?;
        if let Some(cfg) = &chunk.cfg {
            gate(&mut file, cfg);
        }
        text.push_str(&prettyplease::unparse(&file));
    }
    let body = space_items(&text);
    let contents = format!(
        "// Generated by `cargo xtask generate` from the OpenAPI spec. Do not edit.\n\n{body}"
    );
    Ok(File {
        path: path.to_owned(),
        contents,
    })
}
