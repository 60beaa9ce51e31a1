//! Dates of kept fields, read into the day or week a reply belongs to: ISO 8601 text
//! (`2026-03-01`, `2026-03-01T09:30:00Z`, `2026-03-01 09:30`) or Unix time in seconds or
//! milliseconds. Calendar dates in UTC, weeks starting on Monday and named by that day.

use serde_json::Value;

/// The length of a period of the time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Period {
    /// Calendar days.
    Day,
    /// Weeks from Monday, named by their Monday.
    Week,
}

/// The period (`YYYY-MM-DD`, of the day or of the week's Monday) a date falls in.
pub fn period_of(v: &Value, period: Period) -> Option<String> {
    let days = match v {
        Value::String(s) => days_of_text(s.trim())?,
        Value::Number(n) => {
            let t = n.as_f64()?;
            // Past 10^11 seconds is the year 5138: such a number is milliseconds.
            let secs = if t.abs() >= 1e11 { t / 1000.0 } else { t };
            if !secs.is_finite() || secs.abs() > 1e13 {
                return None;
            }
            (secs / 86_400.0).floor() as i64
        }
        _ => return None,
    };
    let days = match period {
        Period::Day => days,
        // 1970-01-01 was a Thursday: three days after a Monday.
        Period::Week => days - (days + 3).rem_euclid(7),
    };
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Days since 1970-01-01 of text starting `YYYY-MM-DD`.
fn days_of_text(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || (b.len() > 10 && b[10].is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[m as usize - 1] {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_fall_in_their_day_and_week() {
        let cases = [
            (json!("2026-03-01"), "2026-03-01", "2026-02-23"),
            (json!("2026-03-01T23:59:59Z"), "2026-03-01", "2026-02-23"),
            (json!("2026-03-02 08:00"), "2026-03-02", "2026-03-02"),
            (json!("2024-02-29"), "2024-02-29", "2024-02-26"),
            (json!(0), "1970-01-01", "1969-12-29"),
            (json!(1_772_323_200), "2026-03-01", "2026-02-23"),
            (json!(1_772_323_200_000_i64), "2026-03-01", "2026-02-23"),
            (json!(-1), "1969-12-31", "1969-12-29"),
        ];
        for (v, day, week) in cases {
            assert_eq!(period_of(&v, Period::Day).as_deref(), Some(day), "{v}");
            assert_eq!(period_of(&v, Period::Week).as_deref(), Some(week), "{v}");
        }
        for bad in [
            json!("2023-02-29"),
            json!("2026-13-01"),
            json!("۱۴۰۵-۰۱-۰۱"),
            json!("01/03/2026"),
            json!("2026-03-011"),
            json!(null),
            json!([2026]),
            json!(1e300),
        ] {
            assert_eq!(period_of(&bad, Period::Day), None, "{bad}");
        }
    }
}
