#![doc = include_str!("../README.md")]
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
pub mod text;

pub use coach::{Coach, CoachBuilder};
pub use config::{Config, Rejected};
pub use draft::{Channel, Draft};
pub use error::Error;
pub use lang::{Lang, Localized};
pub use report::{Category, Finding, Fix, Report, Severity};
pub use settings::{Limits, Settings};
pub use span::Span;
pub use text::{Emotion, Profile, Register};
