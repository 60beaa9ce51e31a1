//! HTML read as the text a customer sees: tags dropped (block ends become line breaks),
//! entities decoded, comments kept (they carry suppressions), with a map back into the HTML.

use super::map::Map;

/// The text of `html` and where each byte of it came from.
pub fn to_text(html: &str) -> (String, Map) {
    let mut out = String::with_capacity(html.len());
    let mut map = Map::new(0);
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = i;
        while i < b.len() && !matches!(b[i], b'<' | b'&' | b'\n' | b'\r') {
            i += 1;
        }
        out.push_str(&html[run..i]);
        map.copy(i - run, run);
        if i >= b.len() {
            break;
        }
        match b[i] {
            b'\n' | b'\r' => {
                // Source line breaks render as a space.
                out.push(' ');
                map.escape(1, i, 1);
                i += 1;
            }
            b'<' if html[i..].starts_with("<!--") => {
                let end = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
                out.push_str(&html[i..end]);
                map.copy(end - i, i);
                i = end;
            }
            b'<' => {
                let Some(close) = html[i..].find('>') else {
                    out.push('<');
                    map.copy(1, i);
                    i += 1;
                    continue;
                };
                let tag = &html[i + 1..i + close];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if name.is_empty() {
                    // `a < b`: not a tag.
                    out.push('<');
                    map.copy(1, i);
                    i += 1;
                    continue;
                }
                let closing = tag.starts_with('/');
                let end = i + close + 1;
                if !closing && matches!(name.as_str(), "script" | "style") {
                    let stop = format!("</{name}");
                    let lower = html[end..].to_ascii_lowercase();
                    i = lower
                        .find(&stop)
                        .and_then(|s| html[end + s..].find('>').map(|g| end + s + g + 1))
                        .unwrap_or(html.len());
                    continue;
                }
                let breaks = name == "br"
                    || (closing
                        && matches!(
                            name.as_str(),
                            "p" | "div"
                                | "li"
                                | "tr"
                                | "h1"
                                | "h2"
                                | "h3"
                                | "h4"
                                | "h5"
                                | "h6"
                                | "blockquote"
                                | "ul"
                                | "ol"
                                | "table"
                        ));
                if breaks {
                    out.push('\n');
                    map.escape(1, i, end - i);
                }
                i = end;
            }
            _ => {
                let (c, len) = entity(&html[i..]);
                out.push(c);
                map.escape(c.len_utf8(), i, len);
                i += len;
            }
        }
    }
    (out, map)
}

/// The character an entity at the start of `s` stands for, and its length; a lone `&` is
/// itself.
fn entity(s: &str) -> (char, usize) {
    let Some(semi) = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&b| b == b';')
    else {
        return ('&', 1);
    };
    let name = &s[1..semi];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{A0}'),
        "zwnj" => Some('\u{200C}'),
        "zwj" => Some('\u{200D}'),
        "rlm" => Some('\u{200F}'),
        "lrm" => Some('\u{200E}'),
        "laquo" => Some('«'),
        "raquo" => Some('»'),
        "hellip" => Some('…'),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        _ => {
            let num = name.strip_prefix('#');
            num.and_then(|n| match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => n.parse().ok(),
            })
            .and_then(char::from_u32)
        }
    };
    match c {
        Some(c) => (c, semi + 1),
        None => ('&', 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_map() {
        let html = "<p>سلام&zwnj;ها &amp; <b>شما</b></p><p>دوم</p>";
        let (text, map) = to_text(html);
        assert_eq!(text, "سلام\u{200C}ها & شما\nدوم\n");
        let at = text.find("شما").unwrap();
        assert_eq!(&html[map.start(at)..map.end(at + "شما".len())], "شما");
        let z = text.find('\u{200C}').unwrap();
        assert_eq!(&html[map.start(z)..map.end(z + 3)], "&zwnj;");
    }
}
