//! The JSON of `lahn batch` and `lahn review --format json` on the bundled examples, byte
//! for byte (snapshots), and the same bytes whatever the number of threads.

mod common;

use std::path::Path;

use common::{examples, lahn, text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn batch_snapshot_on_every_thread_count() {
    let run = |threads: &str| {
        let o = lahn(
            root(),
            &["batch", "--isolated", "--threads", threads],
            &examples(),
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let one = run("1");
    assert_eq!(one.lines().count(), examples().lines().count());
    insta::assert_snapshot!("batch_examples", one);
    assert_eq!(run("2"), one);
    assert_eq!(run("3"), one);
}

#[test]
fn review_json_snapshot() {
    let o = lahn(
        root(),
        &[
            "review",
            "--isolated",
            "--format",
            "json",
            "--lang",
            "en",
            "--channel",
            "chat",
            "--name",
            "سپیده",
            "سلام، متاسفانه نمیتونیم كمک کنیم!!! \"تماس شما برای ما مهم است\" 😂",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    insta::assert_snapshot!("review_json_en", text(&o.stdout));
}
