//! Peak memory of decoding one large page of content items (issue 18, item 2), as the client decodes
//! a page: `cargo run --release -p axero-tests --example decode_peak -- MODE [MiB]`.
//!
//! The page is the captured `content/list` items (`tests/fixtures/captured/`), repeated until the body
//! holds MiB mebibytes (32 by default). The figure is the peak resident memory during the decode above
//! what the process held before the body was built, as a multiple of the body's size (so the body
//! itself counts once). MODE is what decodes it:
//! - `page`: the client's page decode (each item on its own, from raw items borrowed from the body);
//! - `whole`: the whole list in one pass into `Vec<Content>` (how a page was decoded before);
//! - `value`: `serde_json::Value`, the untyped tree, for reference.
//!
//! Linux only (it reads `/proc/self/status` and resets the peak through `/proc/self/clear_refs`).

use axero::types::Content;
use axero_runtime::__private::envelope::{self, Decoded};
use axero_runtime::EnvelopeMode;

/// A field of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (Linux)");
    let line = status.lines().find(|l| l.starts_with(field)).expect("the field");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number of KiB")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("page", String::as_str).to_owned();
    let mib: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(32);
    let before = status_kib("VmRSS:");

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/captured");
    let mut items: Vec<String> = Vec::new();
    for name in ["content-list-1.json", "content-list-2.json"] {
        let text = std::fs::read_to_string(root.join(name)).expect("a capture");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        items.extend(value["ResponseData"].as_array().expect("a list").iter().map(|i| i.to_string()));
    }
    // `numbers`: each item also carries a field the spec does not know, a list of small numbers (the
    // worst case for a tree of values: a few bytes of JSON each).
    let numbers = mode.ends_with("-numbers");
    let known = mode.ends_with("-known");
    let mode = mode.trim_end_matches("-numbers").trim_end_matches("-known").to_owned();
    let list: Vec<String> = (0..100_000).map(|n| (n % 10).to_string()).collect();
    if numbers {
        items = vec![format!(r#"{{"ContentID":1,"ContentTitle":"t","Numbers":[{}]}}"#, list.join(","))];
    }
    if known {
        // A declared list field of small ids (`ChatThreadsRead.threadIDCSV`, which also takes a list).
        items = vec![format!(r#"{{"threadIDCSV":[{}]}}"#, list.join(","))];
    }
    let mut body = String::from(r#"{"IsError":false,"ResponseMessage":"","TotalRecords":0,"ResponseData":["#);
    let mut count = 0usize;
    while body.len() < mib << 20 {
        if count > 0 {
            body.push(',');
        }
        body.push_str(&items[count % items.len()]);
        count += 1;
    }
    body.push_str("]}");
    drop(items);
    let body = body.into_bytes();
    let fields = axero::CONVENTIONS.envelope;

    std::fs::write("/proc/self/clear_refs", "5").expect("resetting the peak (Linux)");
    let decoded = match mode.as_str() {
        "page" => {
            let Ok(Decoded::Value((raw, list), _)) = envelope::items(&body, EnvelopeMode::Always, &fields) else {
                panic!("a page")
            };
            if known {
                let mut good: Vec<axero::types::ChatThreadsRead> = Vec::with_capacity(raw.len());
                for (index, item) in raw.into_iter().enumerate() {
                    good.push(envelope::item(item, list, index).expect("an item"));
                }
                good.len()
            } else {
                let mut good: Vec<Content> = Vec::with_capacity(raw.len());
                for (index, item) in raw.into_iter().enumerate() {
                    good.push(envelope::item(item, list, index).expect("a content item"));
                }
                good.len()
            }
        }
        "whole" => match envelope::decode::<Vec<Content>>(&body, EnvelopeMode::Always, &fields).expect("a page") {
            Decoded::Value(all, _) => all.len(),
            Decoded::ApiError(m) => panic!("{m}"),
        },
        "value" => serde_json::from_slice::<serde_json::Value>(&body).expect("JSON")["ResponseData"]
            .as_array()
            .map_or(0, Vec::len),
        other => panic!("unknown mode {other}: page, whole or value"),
    };
    let peak = status_kib("VmHWM:");
    assert_eq!(decoded, count, "every item decoded");
    let body_kib = (body.len() / 1024) as f64;
    let used = peak.saturating_sub(before) as f64;
    println!(
        "{mode}: {count} items, body {:.1} MiB, peak {:.1} MiB above the start = {:.2}x the body",
        body_kib / 1024.0,
        used / 1024.0,
        used / body_kib
    );
}
