//! TODO

use super::{Context, Out};

pub(crate) fn check(_cx: &Context<'_>, _out: &mut Out<'_>) {}
