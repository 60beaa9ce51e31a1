//! Parses arbitrary text as a `lahn.toml`. A config that parses is applied to a builder (its
//! rule directories point nowhere, so building may fail, but must fail cleanly) and the
//! coach it builds reviews a few fixed texts.

#![no_main]

mod common;

use std::path::Path;

use lahn::{Coach, Config, Draft, Error};
use libfuzzer_sys::fuzz_target;

const TEXTS: &[&str] = &[
    "سلام علی جان، متأسفانه در حال حاضر نمی‌توانیم این کار را انجام دهیم. در اسرع وقت خبر می‌دهیم.",
    "مشتري گرامي, شما باید صبر کنید!!! {{ticket.requester.first_name}} https://x.ir/a.b",
];

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let config = match Config::parse("team/lahn.toml", source) {
        Ok(c) => c,
        Err(Error::Config {
            line,
            column,
            message,
            ..
        }) => {
            assert!(
                line >= 1 && line <= source.split('\n').count(),
                "line {line}: {message}"
            );
            assert!(column >= 1 && !message.is_empty());
            return;
        }
        Err(e) => panic!("a config failed with {e:?}"),
    };
    let Ok(builder) = config.apply(Coach::builder(), Path::new("/nonexistent-lahn-fuzz")) else {
        return;
    };
    let Ok(coach) = builder.build() else { return };
    for text in TEXTS {
        let draft = Draft::new(*text);
        let report = coach.review(&draft);
        // A team's replacement may re-match its own phrase; only the structure is promised.
        common::check_structure(&draft, &report);
        let _ = coach.fix_safe(&draft);
    }
});
