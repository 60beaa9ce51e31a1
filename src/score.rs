//! The score: 100 points shared among the categories by weight; each warning or error takes
//! points from its category, up to the category's weight, and records what it took.

use std::collections::BTreeMap;

use crate::report::{Category, Finding, Severity};

/// What a finding of `severity` costs in a category of `weight`.
fn cost(severity: Severity, weight: u32) -> u32 {
    match severity {
        Severity::Error => weight,
        Severity::Warning => (weight * 2).div_ceil(3),
        Severity::Info => 0,
    }
}

/// Sets each finding's penalty and returns the score and the per-category sub-scores of the
/// `categories` in force. Findings are charged in order, so with the category's points
/// spent, later findings cost nothing.
pub(crate) fn score(
    findings: &mut [Finding],
    categories: &[Category],
) -> (u32, BTreeMap<Category, u32>) {
    let mut lost: BTreeMap<Category, u32> = categories.iter().map(|&c| (c, 0)).collect();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(findings[i].severity));
    for i in order {
        let f = &mut findings[i];
        let weight = f.category.weight();
        let spent = lost.entry(f.category).or_insert(0);
        let take = cost(f.severity, weight).min(weight - *spent);
        *spent += take;
        f.penalty = take;
    }
    let total: u32 = lost.values().sum();
    let subs = lost
        .into_iter()
        .map(|(c, l)| (c, (c.weight() - l) * 100 / c.weight()))
        .collect();
    (100u32.saturating_sub(total), subs)
}
