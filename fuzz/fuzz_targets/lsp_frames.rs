//! Any byte stream through the language server's framing (`lahn_lsp::transport::Frames`),
//! handed over in pieces whose size the first byte picks. Asserts: it ends, every call makes
//! progress (at most one result per input byte, plus the end), and no body is longer than
//! the input that held it or than the length limit.

#![no_main]

use std::io::{self, Read};

use lahn_lsp::transport::{Frames, MAX_CONTENT_LENGTH};
use libfuzzer_sys::fuzz_target;

/// Hands out `data` `step` bytes at a time.
struct Pieces<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let step = usize::from(first % 64) + 1;
    let mut frames = Frames::new(Pieces { data: rest, step });
    let mut results = 0;
    while let Some(frame) = frames.read().expect("reading from memory never fails") {
        results += 1;
        assert!(results <= rest.len() + 1, "no progress");
        if let Ok(body) = frame {
            assert!(body.len() <= rest.len() && body.len() <= MAX_CONTENT_LENGTH);
        }
    }
});
