//! List my spaces: every space the token's user belongs to, fetched page by page (`GET /api/spaces/me`).
//!
//! ```sh
//! AXERO_BASE_URL=https://yoursite.axero.com AXERO_TOKEN=... cargo run -p axero --example my_spaces
//! ```

use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = axero::Client::builder()
        .base_url(std::env::var("AXERO_BASE_URL").map_err(|_| "set AXERO_BASE_URL, e.g. https://yoursite.axero.com")?)
        .bearer_token(std::env::var("AXERO_TOKEN").map_err(|_| "set AXERO_TOKEN to a Bearer token")?)
        .build()?;

    // `.stream()` yields every item, one page in memory at a time; `.await` alone would give one page.
    let mut spaces = client.spaces().list_mine().stream();
    let mut count = 0;
    while let Some(space) = spaces.try_next().await? {
        let id = space.space_id.map_or_else(|| "?".to_owned(), |id| id.to_string());
        println!("{id:>6}  {}", space.space_name.as_deref().unwrap_or("(no name)"));
        count += 1;
    }
    println!("{count} spaces");
    Ok(())
}
