//! `calls SIDE N [page|stream]`: N getUser round trips (with `page`, N listUsers pages of
//! 200 users; with `stream`, N walks through all 50 pages) on loopback by one side (`ours`
//! or `hand`), for instruction-level profiles (`valgrind --tool=callgrind`) of where a
//! call's time goes.
use bench::{hand, server, PAGES, PAGE_SIZE, TOKEN};
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let side = args.next().unwrap_or_else(|| "ours".to_owned());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let mode = args.next().unwrap_or_default();
    let (page, stream) = (mode == "page", mode == "stream");
    let base = server::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let id = "00u00000000000000001";
    rt.block_on(async {
        if side == "hand" {
            let client = hand::Client::new(&base, TOKEN);
            let first = client.first_page_url(PAGE_SIZE);
            for _ in 0..n {
                if stream {
                    let count = client.collect_all(PAGE_SIZE).await.expect("listUsers");
                    assert_eq!(count, PAGE_SIZE * PAGES);
                } else if page {
                    black_box(client.list_page(&first).await.expect("listUsers"));
                } else {
                    black_box(client.get_user(id).await.expect("getUser"));
                }
            }
        } else {
            let client = bench::generated(&base);
            for _ in 0..n {
                if stream {
                    assert_eq!(bench::stream_all(&client).await, PAGE_SIZE * PAGES);
                } else if page {
                    let users = client.list_users().limit(PAGE_SIZE as i32).send().await;
                    black_box(users.expect("listUsers"));
                } else {
                    black_box(client.get_user(id).send().await.expect("getUser"));
                }
            }
        }
    });
}
