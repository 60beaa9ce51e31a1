//! CSV files of replies: a header row naming the columns (`title`, `body`, and optionally
//! `id` and `channel`), RFC 4180 quoting. A small reader of our own keeps each field's
//! position, which the csv crate reports only per record.

use lahn::Channel;

use super::map::{Enc, Located, Map};
use super::source::{macro_id, Macro, ParseError};

struct Field {
    value: String,
    at: Located,
    pos: usize,
}

fn records(text: &str) -> Result<Vec<Vec<Field>>, ParseError> {
    let b = text.as_bytes();
    let mut i = usize::from(text.starts_with('\u{FEFF}')) * 3;
    let mut rows = Vec::new();
    let mut row = Vec::new();
    while i <= b.len() {
        if i == b.len() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            break;
        }
        let pos = i;
        let field = if b[i] == b'"' {
            i += 1;
            let mut value = String::new();
            let mut map = Map::new(i);
            loop {
                let run = i;
                while i < b.len() && b[i] != b'"' {
                    i += 1;
                }
                value.push_str(&text[run..i]);
                map.copy(i - run, run);
                if i >= b.len() {
                    return Err(ParseError::new(
                        pos,
                        "invalid CSV: unterminated quoted field",
                    ));
                }
                if b.get(i + 1) == Some(&b'"') {
                    value.push('"');
                    map.escape(1, i, 2);
                    i += 2;
                } else {
                    i += 1;
                    break;
                }
            }
            Field {
                value,
                at: Located::one(map, Enc::CsvQuoted),
                pos,
            }
        } else {
            while i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
                i += 1;
            }
            Field {
                value: text[pos..i].to_owned(),
                at: Located::one(Map::identity(pos, i - pos), Enc::CsvPlain),
                pos,
            }
        };
        row.push(field);
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b'\r') if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                rows.push(std::mem::take(&mut row));
            }
            Some(b'\n' | b'\r') => {
                i += 1;
                rows.push(std::mem::take(&mut row));
            }
            None => {
                rows.push(std::mem::take(&mut row));
                break;
            }
            Some(_) => {
                return Err(ParseError::new(
                    i,
                    "invalid CSV: text after a closing quote",
                ))
            }
        }
    }
    Ok(rows)
}

/// The macros of a CSV file; `None` when its header has no `body` column.
pub fn macros(text: &str) -> Result<Option<Vec<Macro>>, ParseError> {
    let mut rows = records(text)?.into_iter();
    let Some(header) = rows.next() else {
        return Ok(None);
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|f| f.value.trim().eq_ignore_ascii_case(name))
    };
    let Some(body_col) = col("body") else {
        return Ok(None);
    };
    let (title_col, id_col, channel_col) = (col("title"), col("id"), col("channel"));
    let mut out = Vec::new();
    for (n, row) in rows.enumerate() {
        if row.len() == 1 && row[0].value.is_empty() {
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|c| row.get(c));
        let body = row.get(body_col).ok_or_else(|| {
            ParseError::new(
                row.first().map_or(0, |f| f.pos),
                format!("row {} has no body column", n + 2),
            )
        })?;
        let title = get(title_col).map(|f| f.value.clone());
        let channel = match get(channel_col).filter(|f| !f.value.trim().is_empty()) {
            Some(f) => Some(
                f.value
                    .parse::<Channel>()
                    .map_err(|e| ParseError::new(f.pos, e))?,
            ),
            None => None,
        };
        let id = macro_id(get(id_col).map(|f| f.value.clone()), title.as_deref(), n);
        out.push(Macro {
            id,
            title,
            channel,
            body: body.value.clone(),
            at: body.at.clone(),
        });
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_map_back() {
        let src = "title,body\nالف,\"سلام \"\"دوست\"\"\nخط ي\"\r\nب,ساده ي\n";
        let m = macros(src).unwrap().unwrap();
        assert_eq!(m[0].body, "سلام \"دوست\"\nخط ي");
        for x in &m {
            let at = x.body.find('ي').unwrap();
            let (s, e) = x.at.range(at, at + 2);
            assert_eq!(&src[s..e], "ي");
        }
    }

    #[test]
    fn empty_title_falls_back_to_the_position() {
        // Found by fuzzing: an empty title gave the macro an empty id.
        let src = "title,body\n\"\",abroken\n,x\n";
        let m = macros(src).unwrap().unwrap();
        assert_eq!(m[0].id, "#1");
        assert_eq!(m[1].id, "#2");
    }
}
