//! A count of work done, shared by the threads of a coach: what decides when a structure that
//! is slower to build and faster to read is worth building.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How much has been read so far. A clone starts from the same count.
#[derive(Debug, Default)]
pub(crate) struct Tally(AtomicUsize);

impl Tally {
    /// Adds `n`; the count before.
    pub(crate) fn add(&self, n: usize) -> usize {
        self.0.fetch_add(n, Ordering::Relaxed)
    }
}

impl Clone for Tally {
    fn clone(&self) -> Tally {
        Tally(AtomicUsize::new(self.0.load(Ordering::Relaxed)))
    }
}
