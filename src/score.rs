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
    // Points lost per category, by its place in `Category::ALL` (the order of the map);
    // `None` for a category neither in force nor found.
    let mut lost: [Option<u32>; Category::ALL.len()] = [None; Category::ALL.len()];
    for &c in categories {
        lost[c as usize] = Some(0);
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(findings[i].severity));
    for i in order {
        let f = &mut findings[i];
        let weight = f.category.weight();
        let spent = lost[f.category as usize].get_or_insert(0);
        let take = cost(f.severity, weight).min(weight - *spent);
        *spent += take;
        f.penalty = take;
    }
    let total: u32 = lost.iter().flatten().sum();
    let subs = Category::ALL
        .into_iter()
        .zip(lost)
        .filter_map(|(c, l)| Some((c, (c.weight() - l?) * 100 / c.weight())))
        .collect();
    (100u32.saturating_sub(total), subs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn finding(category: Category, severity: Severity) -> Finding {
        Finding {
            rule: "r".into(),
            category,
            severity,
            span: Span::new(0, 1),
            message: "".into(),
            suggestion: None,
            fix: None,
            penalty: 0,
        }
    }

    #[test]
    fn categories_are_indexed_in_their_order() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i);
        }
        assert!(Category::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn errors_are_charged_first_and_no_category_loses_more_than_its_weight() {
        let w = Category::Negativity.weight();
        let mut findings = vec![
            finding(Category::Negativity, Severity::Warning),
            finding(Category::Negativity, Severity::Error),
            finding(Category::Tone, Severity::Info),
        ];
        let (score, subs) = score(&mut findings, &[Category::Negativity, Category::Closing]);
        assert_eq!(findings[1].penalty, w);
        assert_eq!(findings[0].penalty, 0);
        assert_eq!(findings[2].penalty, 0);
        assert_eq!(score, 100 - w);
        // The categories in force, and any a finding was in, each with its sub-score.
        assert_eq!(
            subs.into_iter().collect::<Vec<_>>(),
            [
                (Category::Negativity, 0),
                (Category::Tone, 100),
                (Category::Closing, 100)
            ]
        );
    }
}
