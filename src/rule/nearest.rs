//! «Did you mean …»: the known name nearest an unknown one.

/// The candidate nearest `name` by edit distance, when it is near enough to be a typo (at
/// most a third of the name's length, and at least one edit).
pub fn nearest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_rule_and_strangers_nothing() {
        let ids = [
            "cliche-asap",
            "cliche-call-important",
            "negativity-inability",
        ];
        for (name, want) in [
            ("cliche-asp", Some("cliche-asap")),
            ("negativity-inabilty", Some("negativity-inability")),
            ("Cliche-Asap", Some("cliche-asap")),
            ("negativity", None),
            ("tone", None),
            ("", None),
        ] {
            assert_eq!(nearest(name, ids), want, "{name}");
        }
    }
}
