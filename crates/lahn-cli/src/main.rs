//! The `lahn` binary.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// A process of lahn allocates and frees many small strings and vectors, in `check` and
/// `batch` on several threads at once: mimalloc does that with less CPU than the system's
/// allocator, and lets two threads scale better. It is built without transparent huge
/// pages, which would have made it faster still but doubled or tripled the memory a
/// process holds.
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

/// Every block mimalloc gives is aligned to a word: what asks for no more (nearly all
/// that lahn allocates) takes its plain entry points, whose fast path is shorter than
/// that of the aligned ones.
const WORD: usize = std::mem::size_of::<usize>();

struct MiMalloc;

// SAFETY: each call hands mimalloc's result on unchanged; a block asked for with an
// alignment of a word or less comes from the plain entry points, which align every block
// to a word, and any other from the aligned ones. `mi_free` frees blocks of both.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            mi::mi_malloc(layout.size()).cast()
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            mi::mi_zalloc(layout.size()).cast()
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

fn main() -> std::process::ExitCode {
    lahn_cli::main()
}
