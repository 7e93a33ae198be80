//! Writing a generated crate into a directory without touching anything else.
//!
//! The output directory must be empty (or absent) or hold a manifest, `.generated-files`,
//! that an earlier run wrote: it lists every file that run wrote, and only files on that
//! list are ever replaced or removed. No symlink is followed: not the directory, not a
//! directory on the way to a file, not a listed file. Everything is checked before the first
//! byte is written, so a refusal leaves the directory as it was.

use generator::File;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The manifest of what a run wrote, relative to the output directory.
pub const MANIFEST: &str = ".generated-files";

const MANIFEST_HEADER: &str =
    "# Files written by openapi-client-gen; it replaces or removes only these.\n";

/// `files` plus the manifest listing them, as they are written and checked.
pub fn with_manifest(files: &[File]) -> Vec<File> {
    let mut listed: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    listed.sort_unstable();
    let mut contents = MANIFEST_HEADER.to_owned();
    for path in listed {
        let _ = writeln!(contents, "{path}");
    }
    let mut all = files.to_vec();
    all.push(File {
        path: MANIFEST.to_owned(),
        contents,
    });
    all
}

/// Writes `files` and the manifest under `out`, removing files the previous manifest lists
/// that are no longer generated. Refuses, touching nothing, when `out` is not a directory
/// this tool generated, or when any path involved is a symlink or leaves `out`.
pub fn write(out: &Path, files: &[File]) -> Result<(), String> {
    let files = with_manifest(files);
    let previous = previous_manifest(out)?;
    for file in &files {
        let relative = safe_relative(&file.path)?;
        no_symlink_below(out, &relative)?;
    }
    let new: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let stale: Vec<PathBuf> = previous
        .iter()
        .filter(|p| !new.contains(p.as_str()))
        .map(|p| safe_relative(p).map(|r| out.join(r)))
        .collect::<Result<_, _>>()?;
    for path in &stale {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.file_type().is_file() => {
                return Err(refusal(
                    path,
                    "is listed as generated but is not a regular file",
                ));
            }
            _ => {}
        }
    }
    for path in &stale {
        if let Err(e) = std::fs::remove_file(path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(format!("{}: {e}", path.display()));
            }
        }
        // A directory the removals emptied goes too (one that holds anything else stays).
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    for file in &files {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            std::fs::write(&path, &file.contents)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The files the previous run listed; empty for an absent or empty directory. Anything
/// else without a readable manifest is refused.
fn previous_manifest(out: &Path) -> Result<Vec<String>, String> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", out.display())),
    };
    if meta.file_type().is_symlink() {
        return Err(refusal(out, "is a symlink; give the real directory"));
    }
    if !meta.is_dir() {
        return Err(refusal(out, "is not a directory"));
    }
    let manifest = out.join(MANIFEST);
    match std::fs::symlink_metadata(&manifest) {
        Ok(m) if m.file_type().is_file() => {
            let text = std::fs::read_to_string(&manifest)
                .map_err(|e| format!("{}: {e}", manifest.display()))?;
            Ok(text
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect())
        }
        Ok(_) => Err(refusal(&manifest, "is not a regular file")),
        Err(_) => {
            let empty = std::fs::read_dir(out)
                .map_err(|e| format!("{}: {e}", out.display()))?
                .next()
                .is_none();
            if empty {
                Ok(Vec::new())
            } else {
                Err(refusal(
                    out,
                    &format!("is not empty and holds no {MANIFEST}, so it was not generated here; choose an empty directory"),
                ))
            }
        }
    }
}

/// `path` as a relative path of plain components (no `..`, root or prefix).
fn safe_relative(path: &str) -> Result<PathBuf, String> {
    let relative = Path::new(path);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if plain && !path.is_empty() {
        Ok(relative.to_path_buf())
    } else {
        Err(format!(
            "refusing to write `{path}`: not a plain relative path"
        ))
    }
}

/// Fails when any existing component of `out/relative` (after `out`) is a symlink.
fn no_symlink_below(out: &Path, relative: &Path) -> Result<(), String> {
    let mut path = out.to_path_buf();
    for component in relative.components() {
        path.push(component);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refusal(&path, "is a symlink; nothing was written"));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

fn refusal(path: &Path, why: &str) -> String {
    format!("refusing to write: {} {why}", path.display())
}
