//! One `lahn batch` input line, read the way the binary reads it (its `review_line` is
//! private to the binary, so its steps are mirrored here on the library): bytes → UTF-8 →
//! JSON object → channel → review → output offsets.

#![no_main]

mod common;

use lahn::{Channel, Draft};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::Value;

/// The batch input object; other fields are ignored.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    #[allow(dead_code)]
    id: Value,
    draft: String,
    #[serde(default)]
    customer_message: Option<String>,
    #[serde(default)]
    customer_name: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

fuzz_target!(|line: &[u8]| {
    let Ok(text) = std::str::from_utf8(line) else {
        return;
    };
    let Ok(input) = serde_json::from_str::<Input>(text) else {
        // The binary then looks for an id in whatever JSON it was.
        let _ = serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get("id").cloned());
        return;
    };
    let channel = match input
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(c) => match c.parse::<Channel>() {
            Ok(c) => Some(c),
            Err(e) => {
                assert!(!e.is_empty());
                return;
            }
        },
    };
    let draft = Draft {
        text: input.draft,
        customer_message: input.customer_message,
        customer_name: input.customer_name,
        channel,
    };
    let coach = &*common::COACH_FA;
    let report = coach.review(&draft);
    common::check_report(coach, &draft, &report);
    let out = serde_json::to_string(&report).expect("a report serialises");
    assert!(!out.contains('\n'), "an output line must stay one line");
});
