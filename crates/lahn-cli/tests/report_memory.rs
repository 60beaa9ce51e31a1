//! `lahn report` reads in bounded memory: the heap's high-water mark, counted by the test's
//! allocator, is the same for a small and a six times larger input streamed through it, with
//! a group per reply (capped) and a date on most.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufReader, Read};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::generated::{line, Rng};
use lahn_cli::report::{Options, Period, Stats};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Batch output made line by line as it is read, `bytes` of it.
struct Generated {
    rng: Rng,
    next: u64,
    left: usize,
    buf: Vec<u8>,
    at: usize,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.buf.len() {
            if self.left == 0 {
                return Ok(0);
            }
            let mut v = line(&mut self.rng, self.next);
            // A distinct group per reply: the cap on groups is what keeps them bounded.
            v["agent"] = self.next.into();
            self.next += 1;
            self.buf = format!("{v}\n").into_bytes();
            self.at = 0;
            self.left = self.left.saturating_sub(self.buf.len());
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The heap's high-water mark above what was live before, reading `bytes` of input.
fn peak_reading(bytes: usize) -> (usize, Stats) {
    let opts = Options {
        threshold: 70,
        by: Some("agent".into()),
        time: Some(("created_at".into(), Period::Day)),
        worst: 50,
        max_groups: 2_000,
    };
    let input = Generated {
        rng: Rng::new(7),
        next: 0,
        left: bytes,
        buf: Vec::new(),
        at: 0,
    };
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let stats = Stats::read(BufReader::new(input), &opts, |_| {}).unwrap();
    (PEAK.load(Ordering::Relaxed) - base, stats)
}

#[test]
fn memory_does_not_grow_with_the_input() {
    const MB: usize = 1 << 20;
    let (small, s) = peak_reading(8 * MB);
    let (large, l) = peak_reading(48 * MB);
    assert!(
        l.all.count > 5 * s.all.count,
        "{} vs {}",
        l.all.count,
        s.all.count
    );
    // Past the cap, every new agent is tallied as one group of the rest.
    assert_eq!(l.groups.len(), 2_001);
    assert!(l.groups[lahn_cli::report::stats::OTHER].count > 0);
    assert_eq!(l.worst().len(), 50);
    eprintln!(
        "peak heap: {:.1} MB reading 8 MB, {:.1} MB reading 48 MB",
        small as f64 / MB as f64,
        large as f64 / MB as f64
    );
    assert!(large < 16 * MB, "{large} bytes");
    assert!(large < small + 2 * MB, "{small} then {large} bytes");
}
