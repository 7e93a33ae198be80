//! Emitting: the IR to the files of a standalone crate.
//!
//! `types.rs` and `operations.rs` are generated from the IR; `lib.rs` declares the API's
//! settings and wires the operations to the runtime crate (`client-runtime`), which does the
//! work.

mod crate_files;
mod docs;
mod operations;
mod paths;
mod template;
mod types;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::ir::Api;
use proc_macro2::TokenStream;
use template::Built;

/// One file of the generated crate: path relative to the crate root, and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators, e.g. `src/types.rs`.
    pub path: String,
    /// File contents.
    pub contents: String,
}

/// All files of the crate, in a fixed order.
///
/// `operations.rs` is formatted on a thread of its own while `types.rs` is, so that neither
/// file's last blocks leave a core idle.
pub fn emit(api: &Api, config: &Config) -> Result<Vec<File>, Diagnostic> {
    // First: `lib.rs` declares the modules, so their names must be valid, and it holds
    // the hand-written docs, so they must have been read.
    let modules = modules(config)?;
    if let Some(docs) = config.docs.as_ref().filter(|d| d.source.is_none()) {
        return Err(Diagnostic::error(
            "generator settings: docs",
            format!("`{}` was not read", docs.file),
        ));
    }
    let (types, operations) = std::thread::scope(|scope| {
        let operations = scope.spawn(|| rust_chunks("src/operations.rs", operations::emit(api)));
        let types = rust_chunks("src/types.rs", types::emit(api));
        let operations = operations
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (types, operations)
    });
    let mut files = vec![
        File {
            path: "Cargo.toml".to_owned(),
            contents: crate_files::cargo_toml(api, config),
        },
        File {
            path: "README.md".to_owned(),
            contents: crate_files::readme(api, config),
        },
        rust("src/lib.rs", crate_files::lib_rs(api, config)?),
        types?,
        operations?,
    ];
    files.extend(modules);
    Ok(files)
}

/// The hand-written modules of the settings, copied as they are.
fn modules(config: &Config) -> Result<Vec<File>, Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    config
        .modules
        .iter()
        .enumerate()
        .map(|(i, module)| {
            let at = format!("generator settings: modules[{i}]");
            let name = module.name.as_str();
            let identifier = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && syn::parse_str::<syn::Ident>(name).is_ok();
            if !identifier || ["types", "operations"].contains(&name) || !seen.insert(name) {
                return Err(Diagnostic::error(
                    at,
                    format!("`{name}` cannot name a module of the generated crate"),
                ));
            }
            let Some(source) = &module.source else {
                return Err(Diagnostic::error(
                    at,
                    format!("`{}` was not read", module.file),
                ));
            };
            Ok(File {
                path: format!("src/{name}.rs"),
                contents: format!(
                    "// Copied by `cargo xtask generate` from {}, beside the generator settings. \
                     Edit it there.\n\n{source}",
                    module.file
                ),
            })
        })
        .collect()
}

/// Puts a blank line between top-level items and after the module docs, which
/// `prettyplease` leaves packed together. Text is pushed piece by piece (a file's chunks in
/// order), each line judged by the line before it, even across pieces.
struct Spacer {
    out: String,
    /// The last line pushed so far.
    prev: String,
}

impl Spacer {
    /// A file starting with `header`.
    fn new(header: &str, capacity: usize) -> Self {
        let mut out = String::with_capacity(capacity + capacity / 20);
        out.push_str(header);
        Self {
            out,
            prev: String::new(),
        }
    }

    fn push(&mut self, text: &str) {
        let mut prev: &str = &self.prev;
        for line in text.lines() {
            let top_level_start = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
            let after_item = prev == "}"
                || prev.ends_with(';') && !prev.starts_with(' ') && !prev.starts_with("//");
            let after_docs = prev.starts_with("//!") && !line.starts_with("//!");
            // Inside an `impl` or `enum` body: a blank line between one method (or
            // documented variant) and the next.
            let member_start = ["    ///", "    pub ", "    fn ", "    async fn ", "    #["]
                .iter()
                .any(|p| line.starts_with(p));
            let after_member = prev == "    }"
                || (prev.starts_with("    ") && !prev.starts_with("     ") && prev.ends_with(','));
            let in_docs =
                prev.trim_start().starts_with("///") || prev.trim_start().starts_with("#[");
            if (top_level_start && (after_item || after_docs))
                || (member_start && after_member && !in_docs)
            {
                self.out.push('\n');
            }
            self.out.push_str(line);
            self.out.push('\n');
            prev = line;
        }
        let last = prev.to_owned();
        self.prev = last;
    }
}

fn rust(path: &str, file: syn::File) -> File {
    let text = format_chunk(Chunk::file(file));
    self::file(path, &[text])
}

/// Items formatted together as one syntax tree, compiled only under `cfg` (a Cargo feature
/// per tag) if set.
pub(crate) struct Chunk {
    file: syn::File,
    cfg: Option<TokenStream>,
}

impl Chunk {
    /// Items compiled only when one of `features` is on (always, when it is empty).
    pub(crate) fn items(items: Vec<syn::Item>, features: &[String]) -> Self {
        Self {
            file: syn::File {
                shebang: None,
                frontmatter: None,
                attrs: Vec::new(),
                items,
            },
            cfg: feature_cfg(features),
        }
    }

    /// A whole module as one syntax tree (its inner attributes included), never gated.
    pub(crate) fn file(file: syn::File) -> Self {
        Self { file, cfg: None }
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
        attrs.push(template::attr_list("cfg", cfg.clone()));
    }
}

/// A file made of `count` chunks of items; `chunk(i)` makes the `i`-th (the first may carry
/// the module's inner attributes).
pub(crate) type Chunks<F> = (usize, F);

/// Chunks below this count are formatted on the calling thread.
const PARALLEL_ABOVE: usize = 64;
/// Chunks a worker claims at a time.
const BLOCK: usize = 32;

/// A Rust file from chunks of items, each made, parsed and formatted on its own (one large
/// token stream parses in more than linear time, and holding every item's syntax tree at
/// once costs gigabytes on large specs). Large files are formatted by one worker per core,
/// each claiming blocks of chunks in turn; the blocks are joined in order, so the output
/// does not depend on the scheduling.
fn rust_chunks<F>(path: &str, (count, chunk): Chunks<F>) -> Result<File, Diagnostic>
where
    F: Fn(usize) -> Built<Chunk> + Sync,
{
    let block = |b: usize| -> Built<String> {
        let mut text = String::new();
        for i in b * BLOCK..count.min((b + 1) * BLOCK) {
            text.push_str(&format_chunk(chunk(i)?));
        }
        Ok(text)
    };
    let blocks = count.div_ceil(BLOCK);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(blocks);
    let mut done: Vec<(usize, Built<String>)> = if count <= PARALLEL_ABOVE || workers < 2 {
        (0..blocks).map(|b| (b, block(b))).collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            let mut out = Vec::new();
            loop {
                let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if b >= blocks {
                    return out;
                }
                out.push((b, block(b)));
            }
        };
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    done.sort_by_key(|(b, _)| *b);
    let texts = done
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Built<Vec<String>>>()?;
    Ok(file(path, &texts))
}

/// One chunk, gated and formatted.
fn format_chunk(chunk: Chunk) -> String {
    let mut file = chunk.file;
    if let Some(cfg) = &chunk.cfg {
        gate(&mut file, cfg);
    }
    prettyplease::unparse(&file)
}

/// The file at `path` from its chunks' texts, with the generated-code header and items
/// spaced.
fn file(path: &str, texts: &[String]) -> File {
    let mut spacer = Spacer::new(
        "// Generated by `cargo xtask generate` from the OpenAPI spec. Do not edit.\n\n",
        texts.iter().map(String::len).sum(),
    );
    for text in texts {
        spacer.push(text);
    }
    File {
        path: path.to_owned(),
        contents: spacer.out,
    }
}
