//! The call shape of the `axero` crate, exactly as its documentation shows it, compiled outside the
//! repository's workspace and run against a loopback server that records what it receives.

use std::sync::{Arc, Mutex};

use axero::ids::{SpaceId, UserId};
use futures_util::TryStreamExt;

/// What the server saw: method, path and query of each request.
type Log = Arc<Mutex<Vec<String>>>;

#[tokio::main]
async fn main() -> axero::Result<()> {
    let (base_url, log) = serve().await;
    let client = axero::Client::builder().base_url(base_url).bearer_token("downstream-token").build()?;

    // The snippet, as written in the issue and the crate docs.
    let me = client.users().me().await?;
    let user = client.users().get(UserId(42)).await?;
    let first = client.users().list().await?;
    let page = client.users().list().role_id(3).page(2).page_length(50).await?;
    let everyone: Vec<_> = client.users().list().role_id(3).stream().try_collect().await?;
    client.spaces().add_member(SpaceId(7), UserId(42)).await?;

    assert_eq!(me.user_id, UserId(1));
    assert_eq!(user.user_id, UserId(42));
    assert_eq!((first.items.len(), first.total), (2, Some(2)));
    assert_eq!(page.number, 2);
    assert_eq!(everyone.len(), 2);
    let log = log.lock().map(|l| l.clone()).unwrap_or_default();
    let expected = [
        "GET /api/users/me",
        "GET /api/users/42/details",
        "GET /api/users?StartPage=1&PageLength=30",
        "GET /api/users?RoleID=3&StartPage=2&PageLength=50",
        "GET /api/users?RoleID=3&StartPage=1&PageLength=100",
        "POST /api/spaces/7/users 42",
    ];
    assert_eq!(log, expected, "the requests the server received");
    println!("downstream: {} calls made as documented", log.len());
    Ok(())
}

/// Starts the loopback server: users by id, a list of two users, and `true` for anything else.
async fn serve() -> (String, Log) {
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let seen = Arc::clone(&seen);
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
            let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            let body = String::from_utf8_lossy(&body);
            let line = format!("{} {}{query} {body}", parts.method, parts.uri.path());
            if let Ok(mut seen) = seen.lock() {
                seen.push(line.trim_end().to_owned());
            }
            let user = |id: i32| serde_json::json!({"UserID": id, "UserName": format!("user{id}")});
            let data = match parts.uri.path() {
                "/api/users/me" => user(1),
                "/api/users/42/details" => user(42),
                "/api/users" => serde_json::json!([user(1), user(2)]),
                _ => serde_json::json!(true),
            };
            let envelope = serde_json::json!({"IsError": false, "ResponseMessage": "", "TotalRecords": 2, "ResponseData": data});
            ([("content-type", "application/json")], envelope.to_string())
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, log)
}
