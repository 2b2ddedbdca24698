//! A 1 GiB response never takes 1 GiB: the client's peak heap while a server streams a
//! gigabyte at it stays near its response limit. Alone in its own test binary, so the counting
//! allocator sees only this test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use genesys_cloud_oauth::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const GIB: usize = 1 << 30;
const LIMIT: usize = 8 << 20;

#[tokio::test]
async fn a_gigabyte_response_keeps_the_heap_near_the_limit() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let chunk = vec![b' '; 1 << 20];
        let mut sent = 0;
        // A gigabyte in 1 MiB chunks, or until the client hangs up.
        while sent < GIB {
            let frame = format!("{:x}\r\n", chunk.len());
            if stream.write_all(frame.as_bytes()).await.is_err()
                || stream.write_all(&chunk).await.is_err()
                || stream.write_all(b"\r\n").await.is_err()
            {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    let client = Client::builder()
        .base_url(&url)
        .access_token("tok-abcdefgh")
        .max_response_bytes(LIMIT)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let error = client.get_oauth_scopes().await.unwrap_err();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: LIMIT, .. }),
        "{error:?}"
    );
    drop(client);
    let sent = server.await.unwrap();
    // The body buffer grows by doubling up to the limit (the old and the new buffer live side by
    // side while it moves); the HTTP stack's buffers and the server's own 1 MiB chunk are
    // counted too. Reading the whole response would take over a hundred times this.
    assert!(
        peak < 3 * LIMIT,
        "the heap grew by {peak} bytes for a limit of {LIMIT}"
    );
    assert!(sent < GIB, "the client read the whole gigabyte");
    println!(
        "peak heap growth {peak} bytes; the server sent {sent} bytes before the client hung up"
    );
}
