//! Stream every article of a space (`GET /api/content/list`, page by page).
//!
//! ```sh
//! AXERO_BASE_URL=https://yoursite.axero.com AXERO_TOKEN=... cargo run -p axero --example space_articles -- 7
//! ```
//!
//! Without a space id, the first of my spaces is used.

use axero::ids::SpaceId;
use axero::types::EntityType;
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = axero::Client::builder()
        .base_url(std::env::var("AXERO_BASE_URL").map_err(|_| "set AXERO_BASE_URL, e.g. https://yoursite.axero.com")?)
        .bearer_token(std::env::var("AXERO_TOKEN").map_err(|_| "set AXERO_TOKEN to a Bearer token")?)
        .build()?;

    let space = match std::env::args().nth(1) {
        Some(id) => SpaceId(id.parse().map_err(|_| format!("not a space id: {id}"))?),
        None => {
            let first = client.spaces().list_mine().page_length(1).await?;
            first
                .items
                .into_iter()
                .next()
                .ok_or("you belong to no space; give a space id")?
                .space_id
                .ok_or("your first space came back without an id; give a space id")?
        }
    };

    let articles = client.content().list().space_id(space).entity_type(EntityType::Article).stream();
    let titles: Vec<String> = articles
        .map_ok(|article| format!("{:>6}  {}", article.content_id, article.content_title.as_deref().unwrap_or("")))
        .try_collect()
        .await?;
    for line in &titles {
        println!("{line}");
    }
    println!("{} articles in space {space}", titles.len());
    Ok(())
}
