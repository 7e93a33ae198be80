//! The generated client against the hand-written one on loopback (getUser, one listUsers
//! page, a stream of 50 pages), and decoding users against plain serde structs, each
//! measured in alternation with its baseline (`bench::paired`). Prints one JSON line per
//! measure; `cargo xtask bench` reads them. An argument narrows to measures whose name
//! contains it.
use bench::paired::{measure, Paired};
use bench::{fixtures, generated, hand, server, stream_all, PAGES, PAGE_SIZE, TOKEN};
use std::hint::black_box;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Runs `measure` for `group` when it matches the filter, and prints its line.
fn run(filter: Option<&str>, group: &str, measure: impl FnOnce() -> Paired) {
    if filter.is_some_and(|f| !group.contains(f)) {
        return;
    }
    let paired = measure();
    eprintln!(
        "{group}: ours {:.1} µs, hand {:.1} µs, median ratio {:.3}",
        paired.ours / 1e3,
        paired.theirs / 1e3,
        paired.ratio
    );
    println!("{}", paired.json(group));
}

/// One batch: `n` calls of `call` awaited in turn on `rt`.
fn batch<F: std::future::Future>(rt: &tokio::runtime::Runtime, n: u64, call: impl Fn() -> F) {
    rt.block_on(async {
        for _ in 0..n {
            black_box(call().await);
        }
    })
}

fn round_trips(filter: Option<&str>) {
    let base = server::start();
    let rt = runtime();
    let (ours, theirs) = (&generated(&base), &hand::Client::new(&base, TOKEN));
    let id = "00u00000000000000001";

    run(filter, "get_user", || {
        measure(
            |n| {
                batch(&rt, n, || async move {
                    ours.get_user(id).send().await.expect("getUser")
                })
            },
            |n| {
                batch(&rt, n, || async move {
                    theirs.get_user(id).await.expect("getUser")
                })
            },
        )
    });

    let first = &theirs.first_page_url(PAGE_SIZE);
    run(filter, "list_page", || {
        measure(
            |n| {
                batch(&rt, n, || async move {
                    let page = ours.list_users().limit(PAGE_SIZE as i32).send().await;
                    page.expect("listUsers")
                })
            },
            |n| {
                batch(&rt, n, || async move {
                    theirs.list_page(first).await.expect("listUsers")
                })
            },
        )
    });

    run(filter, "stream_50_pages", || {
        measure(
            |n| {
                batch(&rt, n, || async move {
                    assert_eq!(stream_all(ours).await, PAGE_SIZE * PAGES);
                })
            },
            |n| {
                batch(&rt, n, || async move {
                    let count = theirs.collect_all(PAGE_SIZE).await.expect("listUsers");
                    assert_eq!(count, PAGE_SIZE * PAGES);
                })
            },
        )
    });
}

/// Decoding `body` into `T` (generated) and `U` (hand-written), `n` times each.
fn decoding<T, U>(body: &[u8]) -> Paired
where
    T: serde::de::DeserializeOwned,
    U: serde::de::DeserializeOwned,
{
    measure(
        |n| {
            for _ in 0..n {
                let value: T = serde_json::from_slice(black_box(body)).expect("decodes");
                black_box(value);
            }
        },
        |n| {
            for _ in 0..n {
                let value: U = serde_json::from_slice(black_box(body)).expect("decodes");
                black_box(value);
            }
        },
    )
}

fn decodes(filter: Option<&str>) {
    type Ours = okta_users::types::User;
    // The body of the getUser round trip: one user with its lifecycle links.
    let user = serde_json::to_vec(&fixtures::user(1, true)).expect("fixture encodes");
    run(filter, "decode_user", || {
        decoding::<Ours, hand::User>(&user)
    });
    let page = fixtures::page(PAGE_SIZE);
    run(filter, "decode_page", || {
        decoding::<Vec<Ours>, Vec<hand::User>>(&page)
    });
    // The same users with only the keys the spec declares: the cost of the generated
    // types themselves, without the undeclared keys they keep and the hand structs drop.
    let declared = fixtures::declared_only(&page);
    run(filter, "decode_page_declared_keys", || {
        decoding::<Vec<Ours>, Vec<hand::User>>(&declared)
    });
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    decodes(filter.as_deref());
    round_trips(filter.as_deref());
}
