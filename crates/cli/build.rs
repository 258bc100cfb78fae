//! Links `stint` at a fixed address on Linux. A position-independent binary has its ~33,000
//! pointers (clap's, sqlx's and tokio's tables) fixed up by the loader at every start, writing
//! to ~1 MiB of pages that each get copied first: about 2 ms of a command that otherwise takes
//! 5 (`perf stat stint --version`: 431 page faults PIE, 165 not). The libraries, heap and stack
//! are still placed at random; only the CLI's own code is not.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
