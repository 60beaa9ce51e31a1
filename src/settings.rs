//! Settings of a coach that change what the logic rules expect.

use serde::{Deserialize, Serialize};

use crate::draft::Channel;
use crate::text::Register;

/// Length limits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Words in a chat reply.
    pub chat: usize,
    /// Words in a public social-media reply.
    pub social: usize,
    /// Words in an e-mail.
    pub email: usize,
    /// SMS parts (70 UCS-2 units for one part, 67 per part once split).
    pub sms_parts: usize,
    /// Words in any one sentence.
    pub sentence: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            chat: 60,
            social: 50,
            email: 150,
            sms_parts: 1,
            sentence: 35,
        }
    }
}

impl Limits {
    /// The word limit of `channel`; SMS is limited in parts instead.
    pub fn words(&self, channel: Channel) -> Option<usize> {
        match channel {
            Channel::Chat => Some(self.chat),
            Channel::Social => Some(self.social),
            Channel::Email => Some(self.email),
            Channel::Sms => None,
        }
    }
}

/// What the logic rules expect of a reply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Length limits.
    pub limits: Limits,
    /// The register the team writes in, used when the customer's message is unknown.
    pub expected_register: Option<Register>,
    /// Require a name (or a name placeholder) even when the customer's name is unknown, as
    /// for canned replies.
    pub require_name: bool,
    /// The house style where Persian style guides disagree.
    pub orthography: Orthography,
}

/// The house style of the orthography rules, where Persian style guides disagree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Orthography {
    /// How the ezafe after a silent «ه» is written.
    pub ezafe: Ezafe,
    /// The digits numbers in Persian text are written in.
    pub digits: Digits,
}

/// How the ezafe after a silent «ه» is written: «خانهٔ ما» or «خانه‌ی ما».
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ezafe {
    /// «خانهٔ ما»: heh with hamza above, as the Academy of Persian Language writes it.
    #[default]
    Hamza,
    /// «خانه‌ی ما»: a ZWNJ and «ی».
    Yeh,
}

/// The digits of numbers in Persian text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    /// Persian digits «۱۲۳» with the Persian decimal «٫», thousands «٬» and percent «٪».
    #[default]
    Persian,
    /// Latin digits «123», as some teams' systems need them.
    Latin,
}
