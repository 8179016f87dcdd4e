//! The call shape of the `axero` crate, exactly as its documentation shows it, compiled outside the
//! repository's workspace and run the way a user tests their own code: against the mock server of the
//! `axero-mock` crate, with an override that makes the API refuse a call once (a rate limit, which the
//! client waits out) and the mock's request log to check what was sent.

use std::time::Duration;

use axero::ids::{SpaceId, UserId};
use axero_mock::{MockServer, Reply};
use futures_util::{StreamExt, TryStreamExt};

/// A caller's own view of a user: only what it needs.
#[derive(Debug, serde::Deserialize)]
struct MyUser {
    #[serde(rename = "UserID")]
    id: i64,
}

/// Where the caller's export would keep an item.
fn save(content: axero::types::Content, saved: &mut Vec<axero::types::Content>) {
    saved.push(content);
}

#[tokio::main]
async fn main() -> axero::Result<()> {
    // A small twin: six users (roles 1, 2, 3 in turn, so two of role 3), two articles, in one space (77,
    // the spaces example's).
    let mock = MockServer::builder()
        .items(2)
        .size("users", 6)
        .size("content", 2)
        .size("spaces", 1)
        .start()
        .await
        .expect("the mock server listens on loopback");
    let client = axero::Client::builder().base_url(mock.url()).bearer_token(mock.token()).build()?;

    // The snippet, as written in the issue and the crate docs.
    let me = client.users().me().await?;
    let user = client.users().get(UserId(1043)).await?;
    let first = client.users().list().await?;
    let page = client.users().list().role_id(3).page(2).page_length(50).await?;
    let everyone: Vec<_> = client.users().list().role_id(3).stream().try_collect().await?;
    client.spaces().add_member(SpaceId(7), UserId(1043)).await?;

    let example = axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").and_then(|e| e.example_value());
    assert_eq!(Some(me.user_id.0), example.and_then(|u| u["UserID"].as_i64()).map(|id| id as i32));
    assert_eq!(user.user_id, UserId(1043), "the twin answers with the user asked for");
    assert_eq!((first.items.len(), first.total), (6, Some(6)));
    assert_eq!((page.number, page.items.len()), (2, 0), "two users fit on the first page");
    assert_eq!(everyone.len(), 2);

    // The user's own code under a rate limit: the API refuses once, with `Retry-After`; the call succeeds.
    mock.override_reply("users.me", Reply::status(429).retry_after("0").times(1)).expect("users.me is an endpoint");
    client.users().me().await?;

    // Issue 17's contract: every call has a way out (`decode_as`) and its own timeout, and one odd item
    // never costs the others.
    let user = client.users().get(UserId(1043)).await?;
    let raw: serde_json::Value = client.users().get(UserId(1043)).decode_as().await?;
    let mine: MyUser = client.users().get(UserId(1043)).timeout(Duration::from_secs(5)).decode_as().await?;
    let loose: Vec<serde_json::Value> = client.content().list().decode_as().stream().try_collect().await?;
    let page = client.content().list().space_id(SpaceId(77)).page_length(50).await?;
    for bad in &page.rejected {
        eprintln!("{bad}");
    } // good items are in page.items
    let mut saved = Vec::new();
    let mut s = client.content().list().space_id(SpaceId(77)).stream();
    while let Some(item) = s.next().await {
        match item {
            Ok(c) => save(c, &mut saved),
            Err(e @ axero::Error::Decode { .. }) => eprintln!("skipped: {e}"),
            Err(e) => return Err(e),
        }
    }
    assert_eq!((user.user_id, raw["UserID"].as_i64(), mine.id), (UserId(1043), Some(1043), 1043));
    assert_eq!((loose.len(), page.items.len(), page.rejected.len(), saved.len()), (2, 2, 0, 2));

    let log: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| {
            let query: Vec<String> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
            format!("{} {} {}{query} {}", r.status, r.method, r.path, r.text()).trim_end().to_owned()
        })
        .collect();
    let expected = [
        "200 GET /api/users/me",
        "200 GET /api/users/1043/details",
        "200 GET /api/users?StartPage=1&PageLength=30",
        "200 GET /api/users?RoleID=3&StartPage=2&PageLength=50",
        "200 GET /api/users?RoleID=3&StartPage=1&PageLength=100",
        "200 POST /api/spaces/7/users 1043",
        "429 GET /api/users/me",
        "200 GET /api/users/me",
        "200 GET /api/users/1043/details",
        "200 GET /api/users/1043/details",
        "200 GET /api/users/1043/details",
        "200 GET /api/content/list?StartPage=1&PageLength=100",
        "200 GET /api/content/list?SpaceID=77&StartPage=1&PageLength=50",
        "200 GET /api/content/list?SpaceID=77&StartPage=1&PageLength=100",
    ];
    assert_eq!(log, expected, "the requests the mock received");
    println!("downstream: {} calls made as documented, against the mock", log.len());
    Ok(())
}
