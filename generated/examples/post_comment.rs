//! Post a comment on an article (`POST /api/comments`).
//!
//! ```sh
//! AXERO_BASE_URL=https://yoursite.axero.com AXERO_TOKEN=... cargo run -p axero --example post_comment -- 1234 "Nice article!"
//! ```

use axero::types::{EntityType, NewComment};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = axero::Client::builder()
        .base_url(std::env::var("AXERO_BASE_URL").map_err(|_| "set AXERO_BASE_URL, e.g. https://yoursite.axero.com")?)
        .bearer_token(std::env::var("AXERO_TOKEN").map_err(|_| "set AXERO_TOKEN to a Bearer token")?)
        .build()?;

    let mut args = std::env::args().skip(1);
    let usage = "usage: post_comment CONTENT_ID TEXT";
    let content_id: i32 = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
    let text = args.next().ok_or(usage)?;

    let comment = NewComment::new(text, content_id, EntityType::Article);
    let id = client.comments().create(&comment).await?;
    println!("posted comment {id} on content {content_id}");
    Ok(())
}
