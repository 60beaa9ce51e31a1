//! The `lahn` binary.

fn main() -> std::process::ExitCode {
    lahn_cli::main()
}
