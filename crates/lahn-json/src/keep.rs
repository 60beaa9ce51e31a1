//! `lahn batch --keep` / `--keep-all`: the analyst's input fields carried over to each output
//! line exactly as written (numbers keep every digit, nested values every byte).

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

/// Which input fields each output line carries over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Keep {
    /// None: the output is the report alone.
    #[default]
    Nothing,
    /// These fields, in this order, where a line has them.
    Fields(Vec<String>),
    /// Every field of the line but the output's own names.
    All,
}

/// Names the output object itself uses. `id` is not among them: a kept id is written where
/// `--keep` puts it rather than in the report's place.
const OUTPUT_NAMES: [&str; 5] = ["score", "categories", "findings", "error", "line"];

impl Keep {
    /// The choice of `--keep FIELDS` / `--keep-all`, or why it can't be kept.
    pub fn new(fields: Vec<String>, all: bool) -> Result<Keep, String> {
        if all {
            return Ok(Keep::All);
        }
        let mut unique: Vec<String> = Vec::new();
        for f in fields.into_iter().map(|f| f.trim().to_owned()) {
            if f.is_empty() {
                return Err("--keep: an empty field name".to_owned());
            }
            if OUTPUT_NAMES.contains(&f.as_str()) {
                return Err(format!(
                    "--keep: `{f}` is a name of the output object itself"
                ));
            }
            if !unique.contains(&f) {
                unique.push(f);
            }
        }
        Ok(match unique.is_empty() {
            true => Keep::Nothing,
            false => Keep::Fields(unique),
        })
    }

    /// Adds the fields of input `line` this choice names to the output object just written
    /// at `buf[start..]`. A kept `id` replaces the report's.
    pub(crate) fn append(&self, buf: &mut Vec<u8>, start: usize, line: &[u8]) {
        if *self == Keep::Nothing {
            return;
        }
        let kept = self.fields_of(line);
        if kept.is_empty() {
            return;
        }
        if kept.iter().any(|(k, _)| k == "id") {
            // The report's own fields, without its id, in their order and bytes.
            let written = buf.split_off(start);
            let Ok(Fields(own)) = serde_json::from_slice::<Fields>(&written) else {
                unreachable!("an output line is an object")
            };
            buf.push(b'{');
            write_members(buf, start, own.into_iter().filter(|(k, _)| k != "id"));
            write_members(buf, start, kept.into_iter());
        } else {
            buf.pop(); // the closing brace
            write_members(buf, start, kept.into_iter());
        }
        buf.push(b'}');
    }

    /// The fields of `line` this choice names, as written, in the order `--keep` gave (or the
    /// line's, for `--keep-all`). Nothing for a line that is not a JSON object.
    fn fields_of<'a>(&self, line: &'a [u8]) -> Vec<(String, &'a RawValue)> {
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let Ok(Fields(fields)) = serde_json::from_slice::<Fields>(line) else {
            return Vec::new();
        };
        match self {
            Keep::Nothing => Vec::new(),
            Keep::All => fields
                .into_iter()
                .filter(|(k, _)| !OUTPUT_NAMES.contains(&k.as_str()))
                .collect(),
            Keep::Fields(names) => names
                .iter()
                .filter_map(|n| {
                    let (_, raw) = fields.iter().find(|(k, _)| k == n)?;
                    Some((n.clone(), *raw))
                })
                .collect(),
        }
    }
}

/// Writes `members` into the object opened at `buf[start]`, each after a comma unless it is
/// the first.
fn write_members<'a>(
    buf: &mut Vec<u8>,
    start: usize,
    members: impl Iterator<Item = (String, &'a RawValue)>,
) {
    for (k, raw) in members {
        if buf.len() > start + 1 {
            buf.push(b',');
        }
        let _ = serde_json::to_writer(&mut *buf, &k);
        buf.push(b':');
        buf.extend_from_slice(raw.get().as_bytes());
    }
}

/// A JSON object's members as written, in order; a repeated name keeps its first place and
/// its last value.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Fields<'de>, A::Error> {
                let mut fields: Vec<(String, &'de RawValue)> = Vec::new();
                // Where each name is, so a line of many fields is read in linear time.
                let mut at: HashMap<String, usize> = HashMap::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    match at.get(&k) {
                        Some(&i) => fields[i].1 = v,
                        None => {
                            at.insert(k.clone(), fields.len());
                            fields.push((k, v));
                        }
                    }
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(Visit)
    }
}
