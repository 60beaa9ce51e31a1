//! A radix sort of numbered items, for building the word automata: a few passes over a list
//! of thousands of patterns cost many times less than comparing them.

/// Sorts `items` by their numbers, a byte at a time from the last, keeping the order of equal
/// ones.
pub(crate) fn radix_sort(items: &mut Vec<(u64, u32)>) {
    let mut other = vec![(0, 0); items.len()];
    for shift in (0..64).step_by(8) {
        let digit = |&(k, _): &(u64, u32)| (k >> shift) as u8 as usize;
        let mut count = [0usize; 256];
        for item in items.iter() {
            count[digit(item)] += 1;
        }
        // A byte every item has alike orders nothing.
        if count.contains(&items.len()) {
            continue;
        }
        let mut at = 0;
        for c in &mut count {
            (*c, at) = (at, at + *c);
        }
        for item in items.iter() {
            let d = digit(item);
            other[count[d]] = *item;
            count[d] += 1;
        }
        std::mem::swap(items, &mut other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The radix sort orders as a stable sort by the numbers does.
    #[test]
    fn radix_sort_is_a_stable_sort() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut items: Vec<(u64, u32)> = (0..3000u32)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Few distinct numbers, differing in any of their bytes.
                (x & 0x0300_0000_0003_0300, i)
            })
            .collect();
        items.push((u64::MAX, 3000));
        items.push((0, 3001));
        let mut want = items.clone();
        want.sort_by_key(|&(k, _)| k);
        radix_sort(&mut items);
        assert_eq!(items, want);
    }
}
