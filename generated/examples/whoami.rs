//! Who am I: the user the token belongs to (`GET /api/users/me`).
//!
//! ```sh
//! AXERO_BASE_URL=https://yoursite.axero.com AXERO_TOKEN=... cargo run -p axero --example whoami
//! ```
//!
//! Against the mock server instead of a site: `cargo xtask mock` in another terminal, then
//! `AXERO_BASE_URL=http://127.0.0.1:8765 AXERO_TOKEN=axero-mock-demo-token cargo run -p axero --example whoami`.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = axero::Client::builder()
        .base_url(std::env::var("AXERO_BASE_URL").map_err(|_| "set AXERO_BASE_URL, e.g. https://yoursite.axero.com")?)
        .bearer_token(std::env::var("AXERO_TOKEN").map_err(|_| "set AXERO_TOKEN to a Bearer token")?)
        .build()?;

    let me = client.users().me().await?;
    let name = me.user_info_display_name.as_deref().or(me.user_name.as_deref()).unwrap_or("(no name)");
    println!("signed in as {name} (user {})", me.user_id);
    Ok(())
}
