//! `cargo xtask generate --out DIR` writes only into an empty directory or one it generated
//! before, replaces or removes only files its manifest lists, and never follows a symlink;
//! every refusal leaves the directory exactly as it was.

use generator::File;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use xtask::{write, MANIFEST};

fn file(path: &str, contents: &str) -> File {
    File {
        path: path.to_owned(),
        contents: contents.to_owned(),
    }
}

/// A fresh scratch directory under the target directory's scratch space.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("output-dir-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Every file below `dir` with its contents, symlinks not followed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Option<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir").flatten() {
            let path = entry.path();
            let kind = entry.file_type().expect("type");
            if kind.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read_to_string(&path).ok()));
            }
        }
    }
    out.sort();
    out
}

fn crate_files() -> Vec<File> {
    vec![
        file("Cargo.toml", "[package]\n"),
        file("src/lib.rs", "pub mod a;\n"),
        file("src/a.rs", "// a\n"),
    ]
}

#[test]
fn a_directory_not_generated_here_is_refused_untouched() {
    let dir = scratch("foreign");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").expect("user file");
    std::fs::write(dir.join("notes.txt"), "mine\n").expect("user file");
    let before = snapshot(&dir);
    let error = write(&dir, &crate_files()).expect_err("refused");
    assert!(
        error.contains("not empty") && error.contains(MANIFEST),
        "{error}"
    );
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn regeneration_replaces_and_removes_only_listed_files() {
    let dir = scratch("regenerate");
    write(&dir, &crate_files()).expect("empty directory");
    std::fs::write(dir.join("src/custom.rs"), "// the user's\n").expect("user file");
    let fewer = vec![file("Cargo.toml", "[package]\n"), file("src/lib.rs", "\n")];
    write(&dir, &fewer).expect("generated before");
    assert!(!dir.join("src/a.rs").exists(), "stale listed file removed");
    assert_eq!(
        std::fs::read_to_string(dir.join("src/custom.rs"))
            .ok()
            .as_deref(),
        Some("// the user's\n"),
        "unlisted file kept"
    );
    let manifest = std::fs::read_to_string(dir.join(MANIFEST)).expect("manifest");
    assert!(manifest.contains("src/lib.rs") && !manifest.contains("src/a.rs"));
}

#[test]
fn symlinks_are_never_followed() {
    let victim = scratch("victim");
    std::fs::write(victim.join("precious.rs"), "// keep\n").expect("victim file");
    let victim_before = snapshot(&victim);

    // The output directory itself is a symlink.
    let link = scratch("links").join("out");
    symlink(&victim, &link).expect("symlink");
    assert!(write(&link, &crate_files()).is_err());

    // A directory inside a generated crate is a symlink out of it.
    let dir = scratch("inner-link");
    write(&dir, &crate_files()).expect("first run");
    std::fs::remove_dir_all(dir.join("src")).expect("rm src");
    symlink(&victim, dir.join("src")).expect("symlink");
    let before = snapshot(&dir);
    let error = write(&dir, &crate_files()).expect_err("refused");
    assert!(error.contains("symlink"), "{error}");
    assert_eq!(snapshot(&dir), before);

    // A listed file replaced by a symlink.
    let dir = scratch("file-link");
    write(&dir, &crate_files()).expect("first run");
    std::fs::remove_file(dir.join("src/a.rs")).expect("rm");
    symlink(victim.join("precious.rs"), dir.join("src/a.rs")).expect("symlink");
    assert!(write(&dir, &crate_files()).is_err());
    let fewer = vec![file("Cargo.toml", "[package]\n")];
    assert!(
        write(&dir, &fewer).is_err(),
        "a stale symlink is not removed"
    );

    assert_eq!(
        snapshot(&victim),
        victim_before,
        "nothing outside was touched"
    );
}

#[test]
fn a_manifest_cannot_point_outside() {
    let victim = scratch("outside");
    std::fs::write(victim.join("precious.rs"), "// keep\n").expect("victim file");
    let dir = scratch("evil-manifest");
    write(&dir, &crate_files()).expect("first run");
    let escape = format!(
        "# forged\n../outside/precious.rs\n{}/precious.rs\n",
        victim.display()
    );
    std::fs::write(dir.join(MANIFEST), escape).expect("forged manifest");
    let error = write(&dir, &crate_files()).expect_err("refused");
    assert!(error.contains("not a plain relative path"), "{error}");
    assert!(victim.join("precious.rs").exists());
}
