//! Peak heap while decoding and collecting 10,000 users, generated types against the
//! hand-written structs, counted by a global allocator wrapper. Prints one JSON line per
//! side (`cargo xtask bench` reads them).
use bench::{fixtures, hand};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: forwards the caller's layout unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let now =
                CURRENT.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(now, Relaxed);
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: forwards the caller's pointer and layout unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const USERS: usize = 10_000;

/// Peak and retained heap (bytes above what was live before) of decoding `T`s one page at a
/// time, as a client collecting a stream does, and keeping them all.
fn measure<T: serde::de::DeserializeOwned>(pages: &[Vec<u8>]) -> (usize, usize) {
    let before = CURRENT.load(Relaxed);
    PEAK.store(before, Relaxed);
    let mut all: Vec<T> = Vec::new();
    for page in pages {
        let users: Vec<T> = serde_json::from_slice(page).expect("decodes");
        all.extend(users);
    }
    let retained = CURRENT.load(Relaxed) - before;
    let peak = PEAK.load(Relaxed) - before;
    std::hint::black_box(&all);
    (peak, retained)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let pages: Vec<Vec<u8>> = (0..USERS / bench::PAGE_SIZE)
        .map(|_| fixtures::page(bench::PAGE_SIZE))
        .collect();
    let (peak, retained) = measure::<okta_users::types::User>(&pages);
    println!("{{\"memory\":\"generated\",\"peak\":{peak},\"retained\":{retained}}}");
    let (peak, retained) = measure::<hand::User>(&pages);
    println!("{{\"memory\":\"hand\",\"peak\":{peak},\"retained\":{retained}}}");
    // The same users with only the keys the spec declares: what the generated types cost
    // without the undeclared keys and custom attributes they keep (and the hand structs drop).
    let declared: Vec<Vec<u8>> = pages
        .iter()
        .map(|page| fixtures::declared_only(page))
        .collect();
    let (peak, retained) = measure::<okta_users::types::User>(&declared);
    println!("{{\"memory\":\"generated_declared\",\"peak\":{peak},\"retained\":{retained}}}");
    println!(
        "{{\"size_of\":{{\"generated\":{},\"hand\":{}}}}}",
        std::mem::size_of::<okta_users::types::User>(),
        std::mem::size_of::<hand::User>()
    );
}
