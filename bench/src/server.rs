//! A minimal HTTP/1.1 server on loopback with precomputed answers, so a benchmark measures
//! the clients, not a mock framework: `GET /api/v1/users/{id}` (one user, `ETag`) and
//! `GET /api/v1/users?limit=200[&after=N]` ([`PAGES`] pages chained by `Link` headers).
//! Runs on its own thread and runtime; keeps connections alive.
use crate::{fixtures, PAGES, PAGE_SIZE};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Answers {
    user: Vec<u8>,
    pages: Vec<Vec<u8>>,
}

/// Starts the server; its base URL (`http://127.0.0.1:PORT`).
pub fn start() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("address");
    let answers = Arc::new(answers(addr));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(stream, answers.clone()));
            }
        });
    });
    format!("http://{addr}")
}

fn answers(addr: SocketAddr) -> Answers {
    let base = format!("http://{addr}");
    let user = serde_json::to_vec(&fixtures::user(1, true)).expect("fixture encodes");
    let user = response(&user, &[("etag", "W/\"1700000000000\"".to_owned())]);
    let body = fixtures::page(PAGE_SIZE);
    let pages = (0..PAGES)
        .map(|n| {
            let mut headers = vec![(
                "link",
                format!("<{base}/api/v1/users?limit={PAGE_SIZE}>; rel=\"self\""),
            )];
            if n + 1 < PAGES {
                let next = format!(
                    "<{base}/api/v1/users?limit={PAGE_SIZE}&after={}>; rel=\"next\"",
                    n + 1
                );
                headers.push(("link", next));
            }
            response(&body, &headers)
        })
        .collect();
    Answers { user, pages }
}

fn response(body: &[u8], extra: &[(&str, String)]) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-okta-request-id: XbenchAAAAAAAAAAAAAAAAAAAAAA\r\n\
         x-rate-limit-limit: 600\r\nx-rate-limit-remaining: 599\r\nx-rate-limit-reset: 1700000060\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

async fn serve(mut stream: tokio::net::TcpStream, answers: Arc<Answers>) {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // Requests are GETs without bodies: everything up to the blank line.
        let end = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let target = std::str::from_utf8(&buf[..end])
            .ok()
            .and_then(|head| head.split(' ').nth(1))
            .unwrap_or("")
            .to_owned();
        buf.drain(..end);
        let answer = route(&answers, &target);
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

fn route<'a>(answers: &'a Answers, target: &str) -> &'a [u8] {
    if let Some(query) = target.strip_prefix("/api/v1/users?") {
        let after = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("after="))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        return &answers.pages[after.min(PAGES - 1)];
    }
    &answers.user
}
