//! The `lahn` binary.

/// A process of lahn allocates and frees many small strings and vectors, in `check` and
/// `batch` on several threads at once: mimalloc does that with less CPU than the system's
/// allocator, and lets two threads scale better. It is built without transparent huge
/// pages, which would have made it faster still but doubled or tripled the memory a
/// process holds.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    lahn_cli::main()
}
