//! Streams that finish (issue 10): pages of the largest length the API accepts, a default page cap a
//! listing of 100,000 items fits in, and `TotalRecords` carried by pages and streams.

use axero::ids::{ContentId, SpaceId};
use axero::runtime::{Method, Request};
use axero::{PageRequest, RetryPolicy};
use axero_tests::{TestServer, page, raw};
use futures_util::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::json;

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

/// A server of three pages of 100 content items, with four odd ones on each page: item 10 has a
/// US-format date (as the API's `…String` fields write them), item 20 a date in no known form, item 30
/// a list where its id should be, and item 40 no id at all.
async fn odd_items_server() -> TestServer {
    TestServer::start(|req, _| async move {
        let q = req.query_pairs();
        let number: u64 = q.iter().find(|(k, _)| k == "StartPage").map_or(1, |(_, v)| v.parse().unwrap());
        let items: Vec<serde_json::Value> = (0..100)
            .map(|i| {
                let id = (number - 1) * 100 + i + 1;
                match i {
                    10 => json!({"ContentID": id, "DatePublished": "10/20/2025 11:07 AM"}),
                    20 => json!({"ContentID": id, "DatePublished": "the day after launch"}),
                    30 => json!({"ContentID": [id], "ContentTitle": "a list for an id"}),
                    40 => json!({"ContentTitle": "no id"}),
                    _ => json!({"ContentID": id, "DatePublished": "2025-10-20T16:07:36.817"}),
                }
            })
            .collect();
        page(json!(items), 300)
    })
    .await
}

/// One odd item never costs the others: a page keeps the good items and the rejected ones side by
/// side, and a stream yields each bad item's error in its place and goes on.
#[tokio::test]
async fn one_bad_item_never_costs_the_others() {
    let server = odd_items_server().await;
    let client = server.client();
    for number in 1..=3u32 {
        let page = client.content().list().space_id(SpaceId(77)).page(number).page_length(100).await.unwrap();
        assert_eq!((page.items.len(), page.rejected.len()), (98, 2), "page {number}");
        assert_eq!(page.rejected.iter().map(|r| r.index).collect::<Vec<_>>(), [30, 40]);
        assert!(page.rejected[0].raw.contains("a list for an id"), "{}", page.rejected[0].raw);
        let shown = page.rejected[1].to_string();
        assert!(shown.contains(&format!("item 40 of page {number}")) && shown.contains("ContentID"), "{shown}");
        let first = (u64::from(number) - 1) * 100;
        let us = page.items.iter().find(|c| c.content_id == ContentId(first as i32 + 11)).unwrap();
        assert_eq!(
            us.date_published.as_ref().and_then(|d| d.naive()).map(|d| d.to_string()).as_deref(),
            Some("2025-10-20 11:07:00")
        );
        let odd = page.items.iter().find(|c| c.content_id == ContentId(first as i32 + 21)).unwrap();
        assert_eq!(
            odd.date_published.as_ref().and_then(|d| d.text()),
            Some("the day after launch"),
            "the text is kept"
        );
    }

    let results: Vec<axero::Result<axero::types::Content>> =
        client.content().list().space_id(SpaceId(77)).stream().collect().await;
    assert_eq!(results.len(), 300);
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 294);
    let errors: Vec<(usize, String, Option<u32>, Option<u32>)> = results
        .iter()
        .enumerate()
        .filter_map(|(at, r)| match r {
            Ok(_) => None,
            Err(axero::Error::Decode { path, page, index, .. }) => {
                Some((at, path.clone(), page.map(|p| p.get()), *index))
            }
            Err(other) => panic!("{other}"),
        })
        .collect();
    let want: Vec<(usize, String, Option<u32>, Option<u32>)> = (1..=3u32)
        .flat_map(|p| {
            let base = (p as usize - 1) * 100;
            [
                (base + 30, "ResponseData[30].ContentID".to_owned(), Some(p), Some(30)),
                (base + 40, "ResponseData[40]".to_owned(), Some(p), Some(40)),
            ]
        })
        .collect();
    assert_eq!(errors, want, "in order, each in its item's place");
    // The good items come in the server's order.
    let ids: Vec<i32> = results.iter().filter_map(|r| r.as_ref().ok()).map(|c| c.content_id.0).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(server.requests().len(), 3 + 3, "three pages, then the stream's three, ending at the total");
}

/// A page that fails as a whole is its error and no more: the stream goes on with the next page.
#[tokio::test]
async fn a_bad_page_costs_only_itself() {
    let server = TestServer::start(|req, _| async move {
        let q = req.query_pairs();
        match q.iter().find(|(k, _)| k == "StartPage").map(|(_, v)| v.as_str()) {
            Some("2") => raw(200, "application/json", r#"{"IsError":false,"ResponseData":{"not":"a list"}}"#),
            Some("3") => page(json!([{"UserID": 201}]), 201),
            _ => page(json!((1..=100).map(|id| json!({"UserID": id})).collect::<Vec<_>>()), 201),
        }
    })
    .await;
    let results: Vec<axero::Result<Item>> = server.client().runtime().stream(listing()).collect().await;
    assert_eq!(results.len(), 102);
    match &results[100] {
        Err(axero::Error::Decode { page, index: None, path, .. }) => {
            assert_eq!((page.map(|p| p.get()), path.as_str()), (Some(2), "ResponseData"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(results[101].as_ref().unwrap(), &Item { id: 201 });
}

/// An error that makes the next page meaningless ends the stream; three failed pages in a row do too.
#[tokio::test]
async fn a_stream_ends_on_auth_errors_and_on_pages_failing_in_a_row() {
    let server = TestServer::start(|_, _| async { raw(401, "application/json", "{}") }).await;
    let results: Vec<axero::Result<Item>> = server.client().runtime().stream(listing()).collect().await;
    assert!(matches!(results[..], [Err(axero::Error::Unauthorized { .. })]), "{results:?}");
    let server = TestServer::start(|_, _| async { raw(200, "application/json", "not json") }).await;
    let results: Vec<axero::Result<Item>> = server.client().runtime().stream(listing()).collect().await;
    assert_eq!(results.len(), axero_runtime::__private::MAX_FAILED_PAGES_IN_A_ROW as usize);
    assert!(results.iter().all(|r| matches!(r, Err(axero::Error::Decode { .. }))), "{results:?}");
}
