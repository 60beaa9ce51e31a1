//! Work spread over threads without a pool: scoped threads take chunks of the items from a
//! shared queue and the results come back in the items' order. With one thread the caller
//! does the work and no thread is started.

use std::sync::Mutex;
use std::thread;

/// The threads to use when the user didn't say: one per core.
pub fn default_threads() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` of every item, in the items' order, on `threads` threads (the caller's among them).
pub fn map<T: Send, R: Send>(items: Vec<T>, threads: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let len = items.len();
    let threads = threads.min(len);
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    // Small chunks balance uneven items (a long macro beside short ones); a chunk is still
    // many items, so the queue's lock is rarely contended.
    let chunk = (len / (threads * 16)).clamp(1, 64);
    let queue = Mutex::new(items.into_iter().enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken: Vec<(usize, T)> = {
                let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                q.by_ref().take(chunk).collect()
            };
            if taken.is_empty() {
                return done;
            }
            done.extend(taken.into_iter().map(|(i, item)| (i, f(item))));
        }
    };
    let parts: Vec<Vec<(usize, R)>> = thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut parts = vec![work()];
        for t in others {
            match t.join() {
                Ok(p) => parts.push(p),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut slots: Vec<Option<R>> = (0..len).map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every item was taken"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_order_on_any_number_of_threads() {
        for threads in [1, 2, 3, 8] {
            for len in [0, 1, 2, 5, 1000] {
                let items: Vec<usize> = (0..len).collect();
                let want: Vec<String> = items.iter().map(|i| format!("#{i}")).collect();
                assert_eq!(
                    map(items, threads, |i| format!("#{i}")),
                    want,
                    "{threads} {len}"
                );
            }
        }
    }
}
