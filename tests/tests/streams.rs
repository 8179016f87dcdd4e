//! Streams that finish (issue 10): pages of the largest length the API accepts, a default page cap a
//! listing of 100,000 items fits in, and `TotalRecords` carried by pages and streams.

use axero::runtime::{Method, Request};
use axero::{PageRequest, RetryPolicy};
use axero_tests::{TestServer, raw};
use futures_util::{StreamExt, TryStreamExt};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    #[serde(rename = "UserID")]
    id: u64,
}

fn listing() -> Request {
    Request::new(Method::GET, "/api/users").paged(axero::CONVENTIONS.paging)
}

/// A server holding `count` items that pages them as asked (`StartPage`, `PageLength`), with
/// `TotalRecords` when `total` says so.
async fn items_server(count: u64, total: bool) -> TestServer {
    TestServer::start(move |req, _| async move {
        let q = req.query_pairs();
        let get = |name: &str| q.iter().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<u64>().ok());
        let (number, length) = (get("StartPage").unwrap_or(1), get("PageLength").unwrap_or(30));
        let first = (number - 1) * length + 1;
        let items: Vec<String> =
            (first..first + length).take_while(|&n| n <= count).map(|n| format!(r#"{{"UserID":{n}}}"#)).collect();
        let total = if total { format!(r#""TotalRecords":{count},"#) } else { String::new() };
        raw(200, "application/json", format!(r#"{{"IsError":false,{total}"ResponseData":[{}]}}"#, items.join(",")))
    })
    .await
}

#[tokio::test]
async fn a_stream_asks_for_the_largest_page_the_api_accepts() {
    let server = items_server(150, false).await;
    let items: Vec<Item> = server.client().runtime().stream(listing()).try_collect().await.unwrap();
    assert_eq!(items.len(), 150);
    let lengths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.query_pairs().into_iter().find(|(k, _)| k == "PageLength").map(|(_, v)| v).unwrap_or_default())
        .collect();
    assert_eq!(axero::CONVENTIONS.paging.max_size, 100);
    assert_eq!(lengths, ["100", "100"], "pages of Paging::max_size");
    // One page without a length still gets the API's default (30), and a stream can be told otherwise.
    let server = items_server(150, false).await;
    let page = server.client().runtime().page::<Item>(listing(), PageRequest::first()).await.unwrap();
    assert_eq!(page.items.len(), 30);
    let items: Vec<Item> = server.client().runtime().stream(listing()).page_length(50).try_collect().await.unwrap();
    assert_eq!(items.len(), 150);
    assert_eq!(server.requests().len(), 1 + 4, "one page, then 50 + 50 + 50 + an empty page");
}

#[tokio::test]
async fn a_listing_of_100000_items_finishes_under_the_default_cap() {
    let server = items_server(100_000, false).await;
    let client = server.builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let mut stream = client.runtime().stream::<Item>(listing());
    let mut expected = 1;
    while let Some(item) = stream.try_next().await.unwrap() {
        assert_eq!(item.id, expected, "every item once, in order");
        expected += 1;
    }
    assert_eq!(expected - 1, 100_000);
    assert_eq!(server.requests().len(), 1_001, "1,000 full pages of 100, then the empty one");
}

#[tokio::test]
async fn pages_and_streams_carry_total_records() {
    let server = items_server(250, true).await;
    let client = server.client();
    let page = client.runtime().page::<Item>(listing(), PageRequest::new(2, 100)).await.unwrap();
    assert_eq!((page.total, page.items.len()), (Some(250), 100));

    let mut stream = client.runtime().stream::<Item>(listing());
    assert_eq!(stream.total(), None, "before the first page");
    stream.next().await.unwrap().unwrap();
    assert_eq!(stream.total(), Some(250));
    assert_eq!(stream.count().await, 249);

    // Without a total, there is none to give.
    let server = items_server(10, false).await;
    let mut stream = server.client().runtime().stream::<Item>(listing());
    stream.next().await.unwrap().unwrap();
    assert_eq!(stream.total(), None);
}

#[tokio::test]
async fn a_stream_stops_when_the_items_reach_the_total() {
    let server = items_server(200, true).await;
    let items: Vec<Item> = server.client().runtime().stream(listing()).try_collect().await.unwrap();
    assert_eq!(items.len(), 200);
    assert_eq!(server.requests().len(), 2, "no request for an empty third page");
}
