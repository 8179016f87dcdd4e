//! The call shape of the `axero` crate, exactly as its documentation shows it, compiled outside the
//! repository's workspace and run the way a user tests their own code: against the mock server of the
//! `axero-mock` crate, with an override that makes the API refuse a call once (a rate limit, which the
//! client waits out) and the mock's request log to check what was sent.

use axero::ids::{SpaceId, UserId};
use axero_mock::{MockServer, Reply};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> axero::Result<()> {
    let mock = MockServer::builder().items(2).start().await.expect("the mock server listens on loopback");
    let client = axero::Client::builder().base_url(mock.url()).bearer_token(mock.token()).build()?;

    // The snippet, as written in the issue and the crate docs.
    let me = client.users().me().await?;
    let user = client.users().get(UserId(42)).await?;
    let first = client.users().list().await?;
    let page = client.users().list().role_id(3).page(2).page_length(50).await?;
    let everyone: Vec<_> = client.users().list().role_id(3).stream().try_collect().await?;
    client.spaces().add_member(SpaceId(7), UserId(42)).await?;

    let example = axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").and_then(|e| e.example_value());
    assert_eq!(Some(me.user_id.0), example.and_then(|u| u["UserID"].as_i64()).map(|id| id as i32));
    assert_eq!(user.user_id, UserId(42), "the mock answers with the user asked for");
    assert_eq!((first.items.len(), first.total), (2, Some(2)));
    assert_eq!((page.number, page.items.len()), (2, 0), "two users fit on the first page");
    assert_eq!(everyone.len(), 2);

    // The user's own code under a rate limit: the API refuses once, with `Retry-After`; the call succeeds.
    mock.override_reply("users.me", Reply::status(429).retry_after("0").times(1)).expect("users.me is an endpoint");
    client.users().me().await?;

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
        "200 GET /api/users/42/details",
        "200 GET /api/users?StartPage=1&PageLength=30",
        "200 GET /api/users?RoleID=3&StartPage=2&PageLength=50",
        "200 GET /api/users?RoleID=3&StartPage=1&PageLength=100",
        "200 POST /api/spaces/7/users 42",
        "429 GET /api/users/me",
        "200 GET /api/users/me",
    ];
    assert_eq!(log, expected, "the requests the mock received");
    println!("downstream: {} calls made as documented, against the mock", log.len());
    Ok(())
}
