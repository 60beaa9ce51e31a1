//! Byte tables for finding marks by their last UTF-8 byte (see `chars_ending_in`), built from
//! the marks themselves so no table spells out bytes by hand.

/// Which marks end in each byte: `0` none, `1` an ASCII mark (the byte itself), `2` a mark of
/// three or four bytes (or two-byte marks of different lead bytes), and otherwise the lead
/// byte of the two-byte mark that ends in it. «؟» (0xD8 0x9F) puts 0xD8 at 0x9F, so a letter
/// that ends in 0x9F after another lead byte is passed over without being decoded; «،» ends
/// in 0x8C like «ی» (0xDB 0x8C), one of the commonest letters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkBytes(pub(crate) [u8; 256]);

/// Which bytes end one of the characters of `chars`, and how (see [`MarkBytes`]).
pub(crate) const fn last_bytes(chars: &str) -> MarkBytes {
    let b = chars.as_bytes();
    let mut t = [0u8; 256];
    let mut k = 0;
    while k < b.len() {
        let len = if b[k] < 0x80 {
            1
        } else if b[k] < 0xE0 {
            2
        } else if b[k] < 0xF0 {
            3
        } else {
            4
        };
        let last = b[k + len - 1] as usize;
        let how = match len {
            1 => 1,
            2 => b[k],
            _ => 2,
        };
        t[last] = if t[last] == 0 || t[last] == how {
            how
        } else {
            2
        };
        k += len;
    }
    MarkBytes(t)
}

#[cfg(test)]
mod tests {
    use super::last_bytes;

    #[test]
    fn tables_hold_each_marks_last_byte() {
        let t = last_bytes("!?؟،؛…").0;
        let set: Vec<(usize, u8)> = (0..256).filter(|&b| t[b] != 0).map(|b| (b, t[b])).collect();
        assert_eq!(
            set,
            [
                (0x21, 1),
                (0x3F, 1),
                (0x8C, 0xD8),
                (0x9B, 0xD8),
                (0x9F, 0xD8),
                (0xA6, 2)
            ]
        );
        // Two-byte marks of different leads that share a last byte are decoded.
        assert_eq!(last_bytes("،ی").0[0x8C], 2);
        assert_eq!(last_bytes("").0, [0; 256]);
    }
}
