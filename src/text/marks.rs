//! Byte tables for finding marks by their last UTF-8 byte (see `chars_ending_in`), built from
//! the marks themselves so no table spells out bytes by hand.

/// Which bytes end one of the characters of `chars`: for «؟» (0xD8 0x9F) that is 0x9F, for
/// an ASCII mark the mark itself.
pub(crate) const fn last_bytes(chars: &str) -> [bool; 256] {
    let b = chars.as_bytes();
    let mut t = [false; 256];
    let mut k = 0;
    while k < b.len() {
        // A byte is a character's last when no continuation byte (0b10xx_xxxx) follows it.
        if k + 1 == b.len() || (b[k + 1] & 0xC0) != 0x80 {
            t[b[k] as usize] = true;
        }
        k += 1;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::last_bytes;

    #[test]
    fn tables_hold_each_marks_last_byte() {
        let t = last_bytes("!?؟،؛…");
        let set: Vec<usize> = (0..256).filter(|&b| t[b]).collect();
        assert_eq!(set, [0x21, 0x3F, 0x8C, 0x9B, 0x9F, 0xA6]);
        assert_eq!(last_bytes(""), [false; 256]);
    }
}
