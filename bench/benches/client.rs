//! The generated client against the hand-written one on loopback (getUser, one listUsers
//! page, a stream of 50 pages), and decoding a 200-user page against plain serde structs.
//! Each group holds both sides; `cargo xtask bench` prints their ratio.
use bench::{fixtures, hand, server, PAGES, PAGE_SIZE, TOKEN};
use criterion::{criterion_group, criterion_main, Criterion};
use futures_util::StreamExt;
use std::hint::black_box;
use std::time::Duration;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn generated(base: &str) -> okta_users::Client {
    okta_users::Client::builder()
        .base_url(base)
        .api_key(TOKEN)
        .allow_http_on_loopback()
        .build()
        .expect("client")
}

fn round_trips(c: &mut Criterion) {
    let base = server::start();
    let rt = runtime();
    let ours = generated(&base);
    let theirs = hand::Client::new(&base, TOKEN);
    let id = "00u00000000000000001";

    let mut group = c.benchmark_group("get_user");
    group.bench_function("generated", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(ours.get_user(id).send().await.expect("getUser")) })
    });
    group.bench_function("hand", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(theirs.get_user(id).await.expect("getUser")) })
    });
    group.finish();

    let mut group = c.benchmark_group("list_page");
    let first = theirs.first_page_url(PAGE_SIZE);
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            let page = ours.list_users().limit(PAGE_SIZE as i32).send().await;
            black_box(page.expect("listUsers"))
        })
    });
    group.bench_function("hand", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(theirs.list_page(&first).await.expect("listUsers")) })
    });
    group.finish();

    let mut group = c.benchmark_group("stream_50_pages");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            let mut users = ours.list_users().limit(PAGE_SIZE as i32).stream();
            let mut count = 0;
            while let Some(user) = users.next().await {
                black_box(user.expect("user"));
                count += 1;
            }
            assert_eq!(count, PAGE_SIZE * PAGES);
        })
    });
    group.bench_function("hand", |b| {
        b.to_async(&rt).iter(|| async {
            let count = theirs.collect_all(PAGE_SIZE).await.expect("listUsers");
            assert_eq!(count, PAGE_SIZE * PAGES);
        })
    });
    group.finish();
}

fn decoding(c: &mut Criterion) {
    // The body of the getUser round trip: one user with its lifecycle links.
    let user = serde_json::to_vec(&fixtures::user(1, true)).expect("fixture encodes");
    let mut group = c.benchmark_group("decode_user");
    group.bench_function("generated", |b| {
        b.iter(|| {
            let user: okta_users::types::User =
                serde_json::from_slice(black_box(&user)).expect("decodes");
            black_box(user)
        })
    });
    group.bench_function("hand", |b| {
        b.iter(|| {
            let user: hand::User = serde_json::from_slice(black_box(&user)).expect("decodes");
            black_box(user)
        })
    });
    group.finish();

    let page = fixtures::page(PAGE_SIZE);
    decode_pages(c, "decode_page", &page);
    // The same users with only the keys the spec declares: the cost of the generated
    // types themselves, without the undeclared keys they keep and the hand structs drop.
    decode_pages(
        c,
        "decode_page_declared_keys",
        &fixtures::declared_only(&page),
    );
}

/// Decoding one page into generated and into hand-written users.
fn decode_pages(c: &mut Criterion, name: &str, page: &[u8]) {
    let mut group = c.benchmark_group(name);
    group.bench_function("generated", |b| {
        b.iter(|| {
            let users: Vec<okta_users::types::User> =
                serde_json::from_slice(black_box(page)).expect("decodes");
            black_box(users)
        })
    });
    group.bench_function("hand", |b| {
        b.iter(|| {
            let users: Vec<hand::User> = serde_json::from_slice(black_box(page)).expect("decodes");
            black_box(users)
        })
    });
    group.finish();
}

criterion_group!(benches, decoding, round_trips);
criterion_main!(benches);
