//! The input of a review: the draft reply and what is known of its context.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a reply will be sent; limits and expectations differ per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Channel {
    /// Live chat or a messenger.
    Chat,
    /// E-mail.
    Email,
    /// SMS: length is counted in UCS-2 segments.
    Sms,
    /// A public reply on social media.
    Social,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 4] = [Channel::Chat, Channel::Email, Channel::Sms, Channel::Social];

    /// The channel's name as written in JSON and config.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Social => "social",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Channel {
    type Err = String;
    fn from_str(s: &str) -> Result<Channel, String> {
        Channel::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown channel `{s}` (expected chat, email, sms or social)"))
    }
}

/// A draft reply and its context. Made with [`Draft::new`] and the context setters; fields
/// may be added in a later version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Draft {
    /// The reply being written.
    pub text: String,
    /// The customer's message it answers, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_message: Option<String>,
    /// The customer's name as they write it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// Where it will be sent, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
}

impl Draft {
    /// A draft with no context.
    pub fn new(text: impl Into<String>) -> Draft {
        Draft {
            text: text.into(),
            ..Draft::default()
        }
    }

    /// Sets the customer's message.
    pub fn customer_message(mut self, message: impl Into<String>) -> Draft {
        self.customer_message = Some(message.into());
        self
    }

    /// Sets the customer's name.
    pub fn customer_name(mut self, name: impl Into<String>) -> Draft {
        self.customer_name = Some(name.into());
        self
    }

    /// The same context with another text: a fixed draft, to review again.
    pub fn with_text(&self, text: impl Into<String>) -> Draft {
        Draft {
            text: text.into(),
            ..self.clone()
        }
    }

    /// Sets the channel.
    pub fn channel(mut self, channel: Channel) -> Draft {
        self.channel = Some(channel);
        self
    }
}
