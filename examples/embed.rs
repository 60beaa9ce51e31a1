//! A helpdesk app embedding lahn: one coach shared by worker threads, each reviewing the
//! drafts of its queue and showing the agent what to fix.
//!
//! Run with `cargo run --example embed`.

use std::sync::Arc;
use std::thread;

use lahn::{Channel, Coach, Draft, Severity};

fn main() -> Result<(), lahn::Error> {
    let coach = Arc::new(Coach::builder().build()?);
    let queues = vec![
        vec![
            Draft::new("سلام، باید صبر کنید. همکاران ما در حال بررسی هستند.")
                .customer_message("سفارشم سه روزه نرسیده!!!")
                .customer_name("سپیده")
                .channel(Channel::Chat),
        ],
        vec![
            Draft::new("نگار جان، سفارشت فردا صبح می‌رسد. اگر سوالی بود، در خدمتم.")
                .customer_message("کی سفارشم می‌رسه؟")
                .customer_name("نگار")
                .channel(Channel::Chat),
        ],
    ];
    let workers: Vec<_> = queues
        .into_iter()
        .map(|queue| {
            let coach = Arc::clone(&coach);
            thread::spawn(move || {
                queue
                    .into_iter()
                    .map(|draft| {
                        let report = coach.review(&draft);
                        (draft, report)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for worker in workers {
        for (draft, report) in worker.join().expect("a review never panics") {
            println!("{} — score {}", draft.text, report.score);
            for f in report.at_least(Severity::Warning) {
                println!(
                    "  [{}] «{}» {}",
                    f.rule,
                    f.span.text(&draft.text),
                    f.message
                );
                if let Some(s) = &f.suggestion {
                    println!("      → {s}");
                }
            }
        }
    }
    Ok(())
}
