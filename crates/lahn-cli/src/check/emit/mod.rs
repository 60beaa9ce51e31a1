//! The output formats of `lahn check`, one file each: `human`, `json`, `sarif` and
//! `github`. They share the context and the walk over files, macros and findings here.

use std::io;
use std::path::Path;

use lahn::{Coach, Lang, Severity};

use super::{Checked, FileResult, Hit, Summary};

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::{human, macro_scores, summary_line};
pub use json::json;
pub use sarif::sarif;

/// What every format needs.
pub struct Ctx<'a> {
    pub results: &'a [FileResult],
    pub summary: &'a Summary,
    pub coach: &'a Coach,
    pub lang: Lang,
    pub color: bool,
    pub root: &'a Path,
    pub cwd: &'a Path,
    pub max_annotations: usize,
    /// Whether human output lists each macro's score.
    pub scores: bool,
    /// Threads a format may write with.
    pub threads: usize,
}

impl<'a> Ctx<'a> {
    /// Every finding of the run with its file and macro, in file and macro order.
    pub fn hits(&self) -> impl Iterator<Item = (&'a FileResult, &'a Checked, &'a Hit)> + 'a {
        self.results
            .iter()
            .flat_map(|r| r.hits().map(move |(m, h)| (r, m, h)))
    }
}

impl FileResult {
    /// The findings of this file with their macros, in macro order.
    pub fn hits(&self) -> impl Iterator<Item = (&Checked, &Hit)> + '_ {
        self.macros
            .iter()
            .flat_map(|m| m.hits.iter().map(move |h| (m, h)))
    }
}

/// Renders `items` on `threads` threads, runs of them at a time into buffers, and hands the
/// buffers to `write` in the items' order: a large library's output is mostly per finding,
/// and a group of runs at a time bounds the memory it takes. The group's buffers are cleared
/// and rendered into again, so they are allocated once.
pub fn render_in_parallel<T: Sync>(
    items: &[T],
    threads: usize,
    render: impl Fn(&mut Vec<u8>, &T) -> io::Result<()> + Sync,
    mut write: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    const RUN: usize = 128;
    let runs: Vec<&[T]> = items.chunks(RUN).collect();
    let group = threads.max(1) * 8;
    let mut bufs: Vec<Vec<u8>> = Vec::new();
    for runs in runs.chunks(group) {
        bufs.resize_with(group, Vec::new);
        let work: Vec<(&[T], Vec<u8>)> = runs.iter().copied().zip(bufs.drain(..)).collect();
        let pieces = crate::par::map(work, threads, |(run, mut buf)| {
            buf.clear();
            for item in run {
                render(&mut buf, item)?;
            }
            Ok::<_, io::Error>(buf)
        });
        for piece in pieces {
            let piece = piece?;
            write(&piece)?;
            bufs.push(piece);
        }
    }
    Ok(())
}

/// Most severe first.
fn sev_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_pieces_come_in_order_and_an_error_stops_them() {
        let items: Vec<usize> = (0..5000).collect();
        let want: String = items.iter().map(|i| format!("{i},")).collect();
        for threads in [1, 2, 3] {
            let mut out = Vec::new();
            render_in_parallel(
                &items,
                threads,
                |buf, i| {
                    // 5,000 items are several groups: a buffer not cleared before it is
                    // rendered into again would repeat an earlier run.
                    buf.extend_from_slice(format!("{i},").as_bytes());
                    Ok(())
                },
                |piece| {
                    out.extend_from_slice(piece);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "{threads} threads");

            let mut written = 0;
            let err = render_in_parallel(
                &items,
                threads,
                |buf, &i| match i {
                    3000 => Err(io::Error::other("no room")),
                    _ => {
                        buf.push(b'.');
                        Ok(())
                    }
                },
                |piece| {
                    written += piece.len();
                    Ok(())
                },
            )
            .unwrap_err();
            assert_eq!(err.to_string(), "no room");
            assert!(written < 3000, "{written} items written past the error");
        }
    }
}
