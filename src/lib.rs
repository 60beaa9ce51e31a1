//! lahn (لحن, "tone") coaches customer-support agents on the replies they write in Persian.
//! Give it a draft reply — and, when known, the customer's message, the customer's name and
//! the channel — and it scores the draft 0–100 and flags, with exact spans on the original
//! text, what hurts the customer's experience, with an explanation and a better wording.
//!
//! # Overview
//!
//! - [`Coach`] reviews drafts; build it once with [`Coach::builder`] (or
//!   [`Coach::default`] for the embedded rules) and share it across threads: [`Coach::review`]
//!   takes `&self`, never fails and never panics.
//! - [`Draft`] is a reply and its context; [`Report`] is the score, the sub-score of each
//!   [`Category`] and the [`Finding`]s, each with a [`Span`] (a byte range into the draft;
//!   [`span`] converts to characters, UTF-16 units and lines), a message, a suggestion and,
//!   for some, a [`Fix`] that [`fix`] applies.
//! - Rules are TOML packs, one rule per file, documented and tested by their own examples;
//!   [`rule`] holds the format, and a team adds its own with [`CoachBuilder::rule_dir`] or
//!   [`CoachBuilder::pack`]. [`Config`] reads a team's `lahn.toml` and applies it to a
//!   builder.
//! - [`suppress`] reads inline suppression comments in canned replies.
//!
//! # Reviewing a reply
//!
//! ```
//! use lahn::{Category, Channel, Coach, Draft};
//!
//! let coach = Coach::default();
//! let draft = Draft::new("خیر، ما آن چه میخواهید را نداریم.")
//!     .customer_message("سلام، می‌شود گزارش ماهانه را به پنل اضافه کنید؟")
//!     .customer_name("کامران")
//!     .channel(Channel::Email);
//! let report = coach.review(&draft);
//! assert!(report.score < 60);
//! assert!(report.flags(Category::Negativity));
//! for f in &report.findings {
//!     println!("{} «{}»: {}", f.rule, f.span.text(&draft.text), f.message);
//! }
//! ```
//!
//! # Adding a team's own rule
//!
//! ```
//! use lahn::{Coach, Draft, Lang};
//!
//! let pack = r#"
//! id = "brand-old-name"
//! category = "cliche"
//! severity = "warning"
//! message.fa = "نام قدیمی برند را به کار نبرید."
//! message.en = "Don't use the brand's old name."
//! [doc]
//! what = { fa = "نام قدیمی برند.", en = "The brand's old name." }
//! why = { fa = "برند تغییر نام داده است.", en = "The brand was renamed." }
//! [match]
//! phrases = ["پست‌یار"]
//! [fix]
//! replacement = "بسته‌یار"
//! safe = true
//! [[bad]]
//! text = "با پست‌یار ارسال می‌شود."
//! flagged = "پست‌یار"
//! [[good]]
//! text = "با بسته‌یار ارسال می‌شود."
//! "#;
//! let coach = Coach::builder()
//!     .pack("team/brand-old-name.toml", pack)
//!     .accept(["دیجی‌پی"])
//!     .lang(Lang::En)
//!     .build()?;
//! let fixed = coach.fix_safe(&Draft::new("سفارشت با پستیار میاد."));
//! assert_eq!(fixed, "سفارشت با بسته‌یار میاد.");
//! # Ok::<(), lahn::Error>(())
//! ```
//!
//! # Crate features
//!
//! None: the library has only its core dependencies, does no I/O beyond the rule directories
//! it is given, and never prints. The command line (`lahn-cli`), the language server
//! (`lahn-lsp`) and the config discovery they share (`lahn-config`) are crates of their own.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod checks;
mod coach;
mod config;
mod draft;
mod error;
pub mod fix;
mod lang;
mod report;
pub mod rule;
mod score;
mod settings;
pub mod span;
pub mod suppress;
mod tally;
pub mod text;

pub use coach::{Coach, CoachBuilder};
pub use config::{Config, Rejected};
pub use draft::{Channel, Draft};
pub use error::Error;
pub use lang::{Lang, Localized};
pub use report::{Category, Finding, Fix, Report, Severity};
pub use settings::{Digits, Ezafe, Limits, Orthography, Settings};
pub use span::Span;
pub use text::{Emotion, Profile, Register};

// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
