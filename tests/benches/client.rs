//! One typed call through the `axero` client against a loopback server, next to the same call made
//! with plain reqwest and serde_json, in the same run. `cargo xtask bench` runs this and prints the
//! ratio of the medians (the target is at most 1.05).

use std::time::Duration;

use axero_tests::{TOKEN, TestServer, envelope};
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use serde_json::json;

/// The envelope a hand-written client would declare.
#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(rename = "IsError")]
    is_error: bool,
    #[serde(rename = "ResponseData")]
    data: T,
}

fn user() -> serde_json::Value {
    json!({
        "UserID": 7, "UserName": "ada", "UserInfoDisplayName": "Ada Lovelace", "FirstName": "Ada",
        "LastName": "Lovelace", "Email": "ada@example.com", "AvatarImageURL": "https://example.com/a.png",
        "RankName": "Contributor"
    })
}

fn content(n: i64) -> serde_json::Value {
    json!({
        "ContentID": n, "EntityType": 3, "ContentTypeID": 3, "ContentTitle": format!("Article {n}"),
        "ContentSummary": "A summary of moderate length for a benchmark item.", "SpaceID": 77,
        "SpaceName": "Engineering", "AuthorID": 1496, "AuthorDisplayName": "Ada Lovelace", "StatusID": 1,
        "DateCreated": "2025-10-20T16:07:36.817", "DatePublished": "2025-10-20T16:07:36.817",
        "ViewCount": 120, "CommentCount": 4, "LikesCount": 9, "IsFeatured": false, "TagsCSV": "rust,api",
        "ContentURL": format!("https://example.com/content/{n}"), "ContentVersionID": "1"
    })
}

/// The call as a hand-written client makes it: GET with the token, read the body, decode the envelope.
async fn plain_get<T: serde::de::DeserializeOwned>(http: &reqwest::Client, url: &str, bearer: &str) -> T {
    let bytes = http
        .get(url)
        .header("authorization", bearer)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let env: Envelope<T> = serde_json::from_slice(&bytes).unwrap();
    assert!(!env.is_error);
    env.data
}

fn bench(c: &mut Criterion) {
    // The server gets its own runtime and thread, as a real server would be another process.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        rt.block_on(async move {
            let server = TestServer::start(|req, _| async move {
                if req.path.starts_with("/api/users/") {
                    envelope(user())
                } else {
                    axero_tests::page(json!((1..=25).map(content).collect::<Vec<_>>()), 25)
                }
            })
            .await;
            tx.send(server.url.clone()).unwrap();
            std::future::pending::<()>().await;
            drop(server);
        });
    });
    let url = rx.recv().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let client = axero::Client::builder().base_url(&url).bearer_token(TOKEN).build().unwrap();
    let http = reqwest::Client::builder().build().unwrap();
    let bearer = format!("Bearer {TOKEN}");

    let mut group = c.benchmark_group("users_get");
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("axero", |b| {
        b.to_async(&rt).iter(|| async { client.users().get(axero::ids::UserId(7)).await.unwrap() });
    });
    let user_url = format!("{url}/api/users/7");
    group.bench_function("reqwest_serde_json", |b| {
        b.to_async(&rt).iter(|| plain_get::<axero::types::User>(&http, &user_url, &bearer));
    });
    group.finish();

    let mut group = c.benchmark_group("content_list_25");
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("axero", |b| {
        b.to_async(&rt).iter(|| async { client.content().list().page(1).page_length(25).await.unwrap() });
    });
    let list_url = format!("{url}/api/content/list?StartPage=1&PageLength=25");
    group.bench_function("reqwest_serde_json", |b| {
        b.to_async(&rt).iter(|| plain_get::<Vec<axero::types::Content>>(&http, &list_url, &bearer));
    });
    group.finish();
}

/// Decoding alone (no network): the envelope and 25 content items, through the runtime and with
/// plain serde_json, so that the cost of the runtime's decoding shows on its own.
fn decode(c: &mut Criterion) {
    let body = serde_json::to_vec(&json!({
        "IsError": false, "ResponseMessage": "", "TotalRecords": 25,
        "ResponseData": (1..=25).map(content).collect::<Vec<_>>()
    }))
    .unwrap();
    let fields = axero_runtime::EnvelopeFields {
        error: "IsError",
        message: "ResponseMessage",
        total: "TotalRecords",
        data: "ResponseData",
    };
    let mut group = c.benchmark_group("decode_content_25");
    group.bench_function("axero", |b| {
        b.iter(|| {
            axero_runtime::__private::envelope::decode::<Vec<axero::types::Content>>(
                &body,
                axero::runtime::EnvelopeMode::Always,
                &fields,
            )
            .unwrap()
        })
    });
    group.bench_function("reqwest_serde_json", |b| {
        b.iter(|| serde_json::from_slice::<Envelope<Vec<axero::types::Content>>>(&body).unwrap().data)
    });
    group.finish();
}

criterion_group!(benches, bench, decode);
criterion_main!(benches);
