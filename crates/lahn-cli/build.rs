//! Links the `lahn` binary as a position-dependent executable on Linux.

fn main() {
    // A position-independent executable has the dynamic loader patch every pointer in its
    // tables at start-up (some 17,000 of them, the bundled rules' among them) and copy
    // each page it patches: a third of a millisecond of every short `lahn review`.
    // Linked at a fixed address, the pointers are written by the linker instead. The
    // binary's own code then loads at the same address each run (its stack, heap and
    // libraries are still placed at random).
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
