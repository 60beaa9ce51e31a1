//! `lahn lsp` in a real editor: runs `tests/e2e/run-nvim.sh`, which opens a Persian reply in
//! headless Neovim with the server attached, checks the diagnostics' ranges and applies a
//! quick fix. Skipped (with a notice) only when Neovim is missing and `LAHN_E2E` is unset;
//! with `LAHN_E2E` set the script installs Neovim when it has to.

use std::process::Command;

#[test]
fn neovim_end_to_end() {
    let has_nvim = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_nvim && std::env::var_os("LAHN_E2E").is_none() {
        eprintln!("notice: neovim is not installed and LAHN_E2E is unset; skipping the e2e test");
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/run-nvim.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_lahn"))
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "e2e failed ({}):\n{}\n{stderr}",
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.contains("e2e: ok"), "{stderr}");
}
