//! Client overhead: the generated client beside hand-written `reqwest` + `serde_json` calls of the
//! same requests, against the same in-process server on 127.0.0.1, in the same run; and the peak
//! heap while decoding a 1,000-entity listing. Run with `cargo bench -p tests --bench client`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use genesys_cloud_oauth::models::{OAuthClient, OAuthClientEntityListing};
use genesys_cloud_oauth::{Client, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Counts live heap bytes and their peak, for the memory figure.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TOKEN: &str = "bench-token";

fn entity(i: usize) -> Value {
    json!({
        "id": format!("0b7a1c8e-1f2d-4a5b-9c3d-{i:012}"),
        "name": format!("client {i}"),
        "accessTokenValiditySeconds": 86400,
        "description": "A client used by the nightly export of interaction data.",
        "registeredRedirectUri": ["https://app.example.com/callback"],
        "roleIds": [],
        "dateCreated": "2024-01-02T03:04:05.123Z",
        "dateModified": "2024-06-07T08:09:10Z",
        "createdBy": {"id": "u-1", "selfUri": "/api/v2/users/u-1"},
        "modifiedBy": {"id": "u-2", "selfUri": "/api/v2/users/u-2"},
        "scope": ["analytics:readonly", "users:readonly"],
        "roleDivisions": [{"roleId": "r-1", "divisionId": "d-1"}],
        "state": "active",
        "selfUri": format!("/api/v2/oauth/clients/{i}")
    })
}

fn listing() -> Value {
    json!({"entities": (0..1000).map(entity).collect::<Vec<_>>(), "pageSize": 1000, "pageNumber": 1, "total": 1000, "pageCount": 1})
}

fn one_client() -> Value {
    let mut one = entity(1);
    one["authorizedGrantType"] = json!("CLIENT-CREDENTIALS");
    one["secret"] = json!("s3cr3t");
    one
}

fn peak_while<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = f();
    (value, PEAK.load(Ordering::Relaxed) - before)
}

fn client_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(async {
        // Recording every request would grow the server's memory through the run and slow each
        // benchmark more than the one before it.
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v2/oauth/clients/c-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(one_client()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v2/oauth/clients"))
            .respond_with(ResponseTemplate::new(200).set_body_json(listing()))
            .mount(&server)
            .await;
        server
    });
    let generated = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    // The same request as the generated client sends: the same headers (User-Agent included) and
    // the same time-out. `bare` leaves both out, for comparison.
    let same = reqwest::Client::builder()
        .user_agent(concat!("genesys-cloud-oauth/", "0.1.0"))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let bare = reqwest::Client::new();
    let hand_written = |http: &reqwest::Client, url: String, timeout: Option<Duration>| {
        let http = http.clone();
        async move {
            let mut request = http
                .get(url)
                .bearer_auth(TOKEN)
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(timeout) = timeout {
                request = request.timeout(timeout);
            }
            let response = request.send().await.unwrap().error_for_status().unwrap();
            response.bytes().await.unwrap()
        }
    };
    let timeout = Some(Duration::from_secs(30));

    // Peak heap of decoding the listing, once, outside the timed loops.
    let body = runtime.block_on(hand_written(
        &bare,
        format!("{}/api/v2/oauth/clients", server.uri()),
        None,
    ));
    let (decoded, peak) =
        peak_while(|| serde_json::from_slice::<OAuthClientEntityListing>(&body).unwrap());
    println!(
        "peak heap while decoding the 1,000-entity listing: {:.2} MiB (body {:.2} MiB, {} entities)",
        peak as f64 / 1_048_576.0,
        body.len() as f64 / 1_048_576.0,
        decoded.entities.map_or(0, |e| e.len())
    );

    let mut group = c.benchmark_group("get_oauth_client");
    group.bench_function("generated", |b| {
        b.iter(|| {
            runtime
                .block_on(async { generated.get_oauth_client(black_box("c-1")).await })
                .unwrap()
        })
    });
    let url = format!("{}/api/v2/oauth/clients/c-1", server.uri());
    group.bench_function("hand-written reqwest, same request", |b| {
        b.iter(|| {
            serde_json::from_slice::<OAuthClient>(&runtime.block_on(hand_written(
                &same,
                url.clone(),
                timeout,
            )))
            .unwrap()
        })
    });
    group.bench_function("hand-written reqwest, bare", |b| {
        b.iter(|| {
            serde_json::from_slice::<OAuthClient>(&runtime.block_on(hand_written(
                &bare,
                url.clone(),
                None,
            )))
            .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("get_oauth_clients 1000");
    group.sample_size(30);
    group.bench_function("generated", |b| {
        b.iter(|| {
            runtime
                .block_on(async { generated.get_oauth_clients().await })
                .unwrap()
        })
    });
    let url = format!("{}/api/v2/oauth/clients", server.uri());
    group.bench_function("hand-written reqwest, same request", |b| {
        b.iter(|| {
            let bytes = runtime.block_on(hand_written(&same, url.clone(), timeout));
            serde_json::from_slice::<OAuthClientEntityListing>(&bytes).unwrap()
        })
    });
    group.bench_function("hand-written reqwest, bare", |b| {
        b.iter(|| {
            let bytes = runtime.block_on(hand_written(&bare, url.clone(), None));
            serde_json::from_slice::<OAuthClientEntityListing>(&bytes).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
