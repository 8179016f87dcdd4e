//! Uploads over loopback without holding the file in memory: from a path (read as it is sent, and
//! again on a retry), from a reader or a stream (sent once: never retried).

use std::path::PathBuf;

use axero::Upload;
use axero::ids::{ContentId, DirectoryId, UserId};
use axero_tests::{TestServer, envelope, json};
use bytes::Bytes;
use serde_json::json;

/// A file of `len` bytes in the temp folder, with a pattern that shows any lost or repeated chunk.
fn file_of(name: &str, len: usize) -> (PathBuf, Vec<u8>) {
    let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    let path = std::env::temp_dir().join(format!("axero-{name}-{}", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    (path, data)
}

#[tokio::test]
async fn a_file_is_streamed_from_its_path_with_its_length_and_sent_whole_again_on_a_retry() {
    let (path, data) = file_of("image.png", 3 << 20);
    // The first attempt fails with a 503; a PUT is retried, and the file is read again from the start.
    let server =
        TestServer::start(|_, n| async move { if n == 0 { json(503, json!({})) } else { envelope(json!(null)) } })
            .await;
    let image = Upload::from_path(&path).unwrap().with_content_type("image/png");
    assert_eq!(image.len(), Some(3 << 20));
    server.client().users().set_profile_image(UserId(42), image).await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(r.header("content-length"), Some((3 << 20).to_string().as_str()));
        assert!(r.body[..] == data[..], "the whole file, byte for byte");
    }
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_multipart_file_part_comes_from_its_path() {
    let (path, data) = file_of("plan.xlsx", 200_000);
    let server = TestServer::start(|_, _| async { envelope(json!(88)) }).await;
    let file = Upload::from_path(&path).unwrap();
    let reply = server.client().files().upload(DirectoryId(14), "plan.xlsx", file).await.unwrap();
    assert_eq!(reply, ContentId(88));
    let body = server.only_request().body;
    let start = body.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4).expect("the part's headers");
    assert!(body[start..].starts_with(&data[..1000]) && body.len() > data.len(), "the file follows the part header");
    let head = String::from_utf8_lossy(&body[..start]);
    assert!(head.contains("filename=\"axero-plan.xlsx"), "named after the file: {head}");
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_and_never_retried() {
    let server = TestServer::start(|_, _| async { json(503, json!({})) }).await;
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        (0..4).map(|i| Ok(Bytes::from(vec![b'a' + i as u8; 1000]))).collect();
    let upload = Upload::from_stream("log.txt", futures_util::stream::iter(chunks), None);
    // A PUT answered 503 would be retried; with a stream, there is nothing to send again.
    let err = server.client().users().set_profile_image(UserId(42), upload).await.unwrap_err();
    assert!(matches!(err, axero::Error::Server { .. }), "{err:?}");
    let r = server.only_request();
    assert_eq!(r.body.len(), 4000);
    assert_eq!(r.header("content-length"), None, "no length was given: the body is chunked");

    let (path, data) = file_of("reader.bin", 50_000);
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let reader = tokio::fs::File::open(&path).await.unwrap();
    let upload = Upload::from_reader("reader.bin", reader, Some(50_000));
    server.client().content().set_image_bytes(ContentId(5), "reader.bin", upload).await.unwrap();
    assert!(server.only_request().body[..] == data[..]);
    std::fs::remove_file(path).unwrap();
}

/// Issue 18, item 6: a file rewritten between the first attempt and a retry is not sent as another
/// upload (before, the retry sent the file cut to its old length and the call returned `Ok`).
#[tokio::test]
async fn a_file_that_changed_before_a_retry_fails_the_call() {
    let (path, _) = file_of("changing.png", 100_000);
    let shrink = path.clone();
    let server = TestServer::start(move |_, n| {
        if n == 0 {
            // The file is rewritten while the first attempt is answered with a 503.
            std::fs::write(&shrink, b"a shorter file").unwrap();
        }
        async move { if n == 0 { json(503, json!({})) } else { envelope(json!(null)) } }
    })
    .await;
    let image = Upload::from_path(&path).unwrap();
    let err = server.client().users().set_profile_image(UserId(42), image).await.unwrap_err();
    assert!(matches!(&err, axero::Error::Request { message, .. } if message.contains("changed")), "{err:?}");
    assert_eq!(server.requests().len(), 1, "the changed file was not sent");
    std::fs::remove_file(path).unwrap();
}
