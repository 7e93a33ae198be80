//! `heap`: where the heap of one decoded listUsers user goes, generated against hand-written,
//! by decoding the same user with parts of it removed (a global allocator counts bytes
//! requested and allocations). BENCHMARKS.md's memory breakdown comes from this.
use bench::{fixtures, hand};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static BYTES: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size(), Relaxed);
        COUNT.fetch_add(1, Relaxed);
        // SAFETY: forwards the caller's layout unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        BYTES.fetch_sub(layout.size(), Relaxed);
        COUNT.fetch_sub(1, Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes and allocations held by a `T` decoded from `json`, plus its inline size.
fn held<T: serde::de::DeserializeOwned>(json: &serde_json::Value) -> (usize, usize) {
    let text = serde_json::to_vec(json).expect("encodes");
    let (bytes, count) = (BYTES.load(Relaxed), COUNT.load(Relaxed));
    let value: T = serde_json::from_slice(&text).expect("decodes");
    let held = (
        BYTES.load(Relaxed) - bytes + std::mem::size_of::<T>(),
        COUNT.load(Relaxed) - count,
    );
    drop(value);
    held
}

fn main() {
    type Ours = okta_users::types::User;
    let user = fixtures::user(1, false);
    let without = |keys: &[&str]| {
        let mut u = user.clone();
        for key in keys {
            let (parent, key) = key.split_once('/').unwrap_or(("", key));
            let target = if parent.is_empty() {
                &mut u
            } else {
                &mut u[parent]
            };
            target.as_object_mut().expect("object").remove(key);
        }
        u
    };
    let custom = [
        "profile/favoriteColor",
        "profile/isContractor",
        "profile/badgeNumber",
        "profile/groupsOfInterest",
    ];
    let newer = ["transitioningToStatus", "lastLoginRegion", "riskLevel"];
    let all: Vec<&str> = custom.iter().chain(&newer).copied().collect();
    let rows: [(&str, serde_json::Value); 5] = [
        ("whole user", user.clone()),
        ("without 4 custom attributes", without(&custom)),
        ("without 3 undeclared top-level keys", without(&newer)),
        ("declared keys only", without(&all)),
        ("declared keys only, no _links", {
            let mut u = without(&all);
            u.as_object_mut().expect("object").remove("_links");
            u
        }),
    ];
    println!("| user | generated: bytes, allocations | hand: bytes, allocations |");
    println!("|---|---|---|");
    for (label, json) in rows {
        let (ours, ours_n) = held::<Ours>(&json);
        let (theirs, theirs_n) = held::<hand::User>(&json);
        println!("| {label} | {ours} B, {ours_n} | {theirs} B, {theirs_n} |");
    }
    println!(
        "\nsize_of: User {} (hand {}), UserProfile {}, UserLinks {}, HrefObject {}, UserCredentials {}",
        std::mem::size_of::<Ours>(),
        std::mem::size_of::<hand::User>(),
        std::mem::size_of::<okta_users::types::UserProfile>(),
        std::mem::size_of::<okta_users::types::UserLinks>(),
        std::mem::size_of::<okta_users::types::HrefObject>(),
        std::mem::size_of::<okta_users::types::UserCredentials>(),
    );
}
