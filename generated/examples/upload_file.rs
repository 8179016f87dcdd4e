//! Upload a file into a folder of the file library (`POST /api/files`, multipart).
//!
//! ```sh
//! AXERO_BASE_URL=https://yoursite.axero.com AXERO_TOKEN=... cargo run -p axero --example upload_file -- 12 report.pdf
//! ```

use axero::ids::DirectoryId;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = axero::Client::builder()
        .base_url(std::env::var("AXERO_BASE_URL").map_err(|_| "set AXERO_BASE_URL, e.g. https://yoursite.axero.com")?)
        .bearer_token(std::env::var("AXERO_TOKEN").map_err(|_| "set AXERO_TOKEN to a Bearer token")?)
        .build()?;

    let mut args = std::env::args().skip(1);
    let usage = "usage: upload_file DIRECTORY_ID PATH";
    let directory: i32 = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
    let path = std::path::PathBuf::from(args.next().ok_or(usage)?);
    let name = path.file_name().and_then(|n| n.to_str()).ok_or("the path names no file")?.to_owned();
    let bytes = std::fs::read(&path)?;
    let size = bytes.len();

    let answer = client.files().upload(DirectoryId(directory), &name, axero::Upload::new(name.clone(), bytes)).await?;
    println!("uploaded {name} ({size} bytes) into folder {directory}: {answer}");
    Ok(())
}
