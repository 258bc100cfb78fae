//! The `stint` binary run against a temp STINT_DATA_DIR, in a fixed time zone.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Cli {
    pub dir: TempDir,
    /// The data folder, when not `dir` itself.
    pub data: Option<std::path::PathBuf>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
            data: None,
        }
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self.data
            .clone()
            .unwrap_or_else(|| self.dir.path().to_path_buf())
    }

    pub fn database(&self) -> std::path::PathBuf {
        self.data_dir().join("stint.db")
    }

    /// Does `work` on this CLI's database through stint-core directly, as the app would, and
    /// closes it again before the next `stint` command.
    pub fn with_store<T>(&self, work: impl AsyncFnOnce(&stint_core::Store) -> T) -> T {
        let database = self.database();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let store = stint_core::Store::open(&database).await.unwrap();
                let value = work(&store).await;
                store.close().await;
                value
            })
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("stint")
            .unwrap()
            .env("STINT_DATA_DIR", self.data_dir())
            .env("TZ", "Europe/Berlin")
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "stint {args:?} failed: {}", run.stderr);
        run.stdout
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Runs a command that must be refused; returns its message.
    pub fn refused(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 1,
            "stint {args:?} should be refused: {} {}",
            run.stdout, run.stderr
        );
        assert!(run.stdout.is_empty());
        run.stderr
    }
}

/// Runs another program (Python, bash, Timewarrior…) to the end with no input and returns what it
/// printed; the test fails with the program's own error text if it does not succeed.
pub fn output_of(command: &mut std::process::Command) -> String {
    let out = command
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("{command:?} could not run: {error}"));
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
