//! Updates against a real update server on loopback: manifests written by the release script
//! (`scripts/release_manifest.py`, the workflow's code path) from artifacts signed in the test
//! by `tauri signer` with a throwaway key, checked and downloaded by tauri-plugin-updater
//! running in the app on Tauri's mock runtime.
//!
//! Installing is not exercised here: on an unbundled binary the updater would replace the
//! running executable (the test binary itself).

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use common::{harness_with, Harness};
use serde_json::{json, Value};
use stint_app::updates::Updates;
use tauri::Manager;

/// Serves whatever the current test put in `routes`; 404 for the rest.
struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}/releases", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let served = routes.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                // Skip the headers; every request here is a bodiless GET.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .to_owned();
                let body = served.lock().unwrap().get(&path).cloned();
                let mut stream = stream;
                let _ = match body {
                    Some(body) => stream
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                body.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|_| stream.write_all(&body)),
                    None => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            }
        });
        Server { base, routes }
    }

    /// The route for a full URL or a path under the releases base.
    fn route(&self, url: &str) -> String {
        let path = url.strip_prefix(&self.base).unwrap_or(url);
        if path.starts_with("/releases") {
            path.to_owned()
        } else {
            format!("/releases{path}")
        }
    }

    fn serve(&self, url: &str, body: Vec<u8>) {
        let route = self.route(url);
        self.routes.lock().unwrap().insert(route, body);
    }

    /// Takes a file away again; panics if it was not served.
    fn withdraw(&self, url: &str) {
        let route = self.route(url);
        assert!(
            self.routes.lock().unwrap().remove(&route).is_some(),
            "{route}"
        );
    }
}

/// What every test shares: one server (the app reads its address from the environment) and
/// two throwaway key pairs. Tests take turns, since they share the server's routes.
struct Fixture {
    server: Server,
    dir: tempfile::TempDir,
    good_pubkey: String,
}

fn fixture() -> (MutexGuard<'static, ()>, &'static Fixture) {
    static TURN: Mutex<()> = Mutex::new(());
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let fixture = FIXTURE.get_or_init(|| {
        let server = Server::start();
        std::env::set_var(stint_app::updates::BASE_URL_ENV, &server.base);
        let dir = tempfile::tempdir().unwrap();
        for key in ["good", "other"] {
            tauri_cli(
                &["signer", "generate", "--ci", "-p", "", "-w"],
                &dir.path().join(key),
            );
        }
        let good_pubkey = std::fs::read_to_string(dir.path().join("good.pub")).unwrap();
        Fixture {
            server,
            dir,
            good_pubkey,
        }
    });
    fixture.server.routes.lock().unwrap().clear();
    (turn, fixture)
}

fn tauri_cli(args: &[&str], last: &Path) {
    let name = if cfg!(windows) { "tauri.cmd" } else { "tauri" };
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/node_modules/.bin")
        .join(name);
    assert!(
        cli.exists(),
        "the Tauri CLI is missing: run `npm ci` in ui/ (scripts/setup.sh does)"
    );
    let out = Command::new(&cli).args(args).arg(last).output().unwrap();
    assert!(out.status.success(), "tauri {args:?}: {out:?}");
}

impl Fixture {
    /// Where `publish` puts the bundle of `version` signed by `key`.
    fn bundle_url(&self, version: &str, key: &str) -> String {
        format!(
            "{}/download/v{version}-{key}/Stint_{version}_amd64.AppImage",
            self.server.base
        )
    }

    /// A bundle for `version`, signed by `key` for `signed_for`, with the channel's manifest
    /// written by the release script. Returns the bundle's bytes.
    fn publish(&self, manifest_path: &str, version: &str, key: &str, signed_for: &str) -> Vec<u8> {
        let dir = self
            .dir
            .path()
            .join(format!("{manifest_path}-{version}-{key}"));
        std::fs::create_dir_all(&dir).unwrap();
        let bundle = dir.join(format!("Stint_{version}_amd64.AppImage"));
        let bytes = format!("the Stint {version} AppImage").into_bytes();
        std::fs::write(&bundle, &bytes).unwrap();
        let key_path = self.dir.path().join(key);
        tauri_cli(
            &[
                "signer",
                "sign",
                "-f",
                key_path.to_str().unwrap(),
                "-p",
                "",
                "--app-version",
                signed_for,
            ],
            &bundle,
        );
        let notes = dir.join("notes.md");
        std::fs::write(&notes, format!("What is new in {version}.")).unwrap();
        let download = format!("{}/download/v{version}-{key}", self.server.base);
        let manifest = dir.join("latest.json");
        let out = release_manifest(&[
            "--version",
            // The script refuses a signature for another version, so a mismatch is made the
            // way an attacker would: by editing the manifest afterwards.
            signed_for,
            "--download-url",
            &download,
            "--notes-file",
            notes.to_str().unwrap(),
            "--out",
            manifest.to_str().unwrap(),
            bundle.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{out:?}");
        let mut json: Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
        json["version"] = json!(version);
        self.server
            .serve(manifest_path, serde_json::to_vec(&json).unwrap());
        self.server
            .serve(&self.bundle_url(version, key), bytes.clone());
        bytes
    }

    /// The app at 0.1.0 on Beta, whose check has found the update `publish` put there.
    fn offered_on_beta(&self) -> Harness {
        let h = self.harness("0.1.0");
        set_channel(&h, "beta");
        assert_eq!(check(&h)["status"], "Available");
        h
    }

    fn harness(&self, version: &str) -> Harness {
        let pubkey = self.good_pubkey.clone();
        let version = version.parse().unwrap();
        harness_with(move |context| {
            context
                .config_mut()
                .plugins
                .0
                .get_mut("updater")
                .expect("tauri.conf.json configures the updater")["pubkey"] = json!(pubkey);
            context.package_info_mut().version = version;
        })
    }
}

fn release_manifest(args: &[&str]) -> std::process::Output {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/release_manifest.py");
    Command::new(if cfg!(windows) { "python" } else { "python3" })
        .arg(script)
        .args(args)
        .output()
        .unwrap()
}

const STABLE: &str = "/latest/download/latest.json";
const BETA: &str = "/download/beta/latest.json";

fn check(h: &Harness) -> Value {
    h.ok("check_for_update", json!({}))
}

fn set_channel(h: &Harness, channel: &str) {
    h.ok("set_update_channel", json!({ "channel": channel }));
}

/// Tries to install what the check offered; returns the error.
fn install_error(h: &Harness) -> Value {
    h.invoke("install_update", json!({ "onProgress": "__CHANNEL__:1" }))
        .expect_err("the update must be refused")
}

/// A failed install tells the person that the running version was left as it was.
fn assert_says_unchanged(err: &Value) {
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("Stint 0.1.0 is unchanged"),
        "{err}"
    );
}

#[test]
fn stable_offers_nothing_newer_and_beta_finds_the_update() {
    let (_turn, f) = fixture();
    f.publish(STABLE, "0.1.0", "good", "0.1.0");
    f.publish(BETA, "0.2.0-beta.1", "good", "0.2.0-beta.1");
    let h = f.harness("0.1.0");

    let settings = h.ok("get_update_settings", json!({}));
    assert_eq!(settings["channel"], "stable");
    assert_eq!(
        settings["auto_check"], true,
        "automatic checks are on by default"
    );
    assert_eq!(settings["current_version"], "0.1.0");
    assert_eq!(
        check(&h),
        json!({ "status": "UpToDate", "current": "0.1.0" })
    );

    set_channel(&h, "beta");
    assert_eq!(
        check(&h),
        json!({ "status": "Available", "current": "0.1.0", "version": "0.2.0-beta.1",
                "notes": "What is new in 0.2.0-beta.1." })
    );
    // The window learns of it on its next look, too.
    assert_eq!(
        h.ok("get_update_settings", json!({}))["available"]["version"],
        "0.2.0-beta.1"
    );
    // Switching channel drops the other channel's offer.
    set_channel(&h, "stable");
    assert_eq!(
        h.ok("get_update_settings", json!({}))["available"],
        Value::Null
    );
}

#[test]
fn a_good_update_downloads_and_verifies() {
    let (_turn, f) = fixture();
    let bytes = f.publish(BETA, "0.2.0-beta.1", "good", "0.2.0-beta.1");
    let h = f.offered_on_beta();
    let updates = h.app.state::<Updates>();
    let mut seen = Vec::new();
    let (update, downloaded) =
        tauri::async_runtime::block_on(updates.download(|progress| seen.push(progress)))
            .expect("a good update downloads and verifies");
    assert_eq!(downloaded, bytes);
    assert_eq!(update.version, "0.2.0-beta.1");
    assert!(!seen.is_empty(), "progress was reported");
}

#[test]
fn a_tampered_artifact_is_refused_and_nothing_changes() {
    let (_turn, f) = fixture();
    f.publish(BETA, "0.2.0-beta.1", "good", "0.2.0-beta.1");
    // Swap the bundle for other bytes under the same signature.
    f.server.serve(
        &f.bundle_url("0.2.0-beta.1", "good"),
        b"something else entirely".to_vec(),
    );
    let h = f.offered_on_beta();
    let err = install_error(&h);
    assert_eq!(err["kind"], "UpdateRefused", "{err}");
    assert_says_unchanged(&err);
    // An install would end with a restart into the new version; a refused one leaves no install
    // under way (so quitting works again) and the offer standing, to retry once it is fixed.
    assert!(!h.app.state::<Updates>().installing());
    assert_eq!(
        h.ok("get_update_settings", json!({}))["available"]["version"],
        "0.2.0-beta.1"
    );
}

#[test]
fn a_failed_download_is_said_as_such_and_nothing_changes() {
    let (_turn, f) = fixture();
    f.publish(BETA, "0.2.0-beta.1", "good", "0.2.0-beta.1");
    // The manifest is there, the bundle is not (a half-published release).
    f.server.withdraw(&f.bundle_url("0.2.0-beta.1", "good"));
    let h = f.offered_on_beta();
    let err = install_error(&h);
    assert_eq!(err["kind"], "UpdateDownloadFailed", "{err}");
    assert_says_unchanged(&err);
}

#[test]
fn an_artifact_signed_by_another_key_is_refused() {
    let (_turn, f) = fixture();
    f.publish(BETA, "0.2.0-beta.1", "other", "0.2.0-beta.1");
    let h = f.offered_on_beta();
    let err = install_error(&h);
    assert_eq!(err["kind"], "UpdateRefused", "{err}");
}

#[test]
fn a_manifest_announcing_another_version_than_the_signed_one_is_refused() {
    let (_turn, f) = fixture();
    // A genuine 0.2.0-beta.1 bundle, announced as 0.3.0 to force it on people.
    f.publish(BETA, "0.3.0", "good", "0.2.0-beta.1");
    let h = f.harness("0.1.0");
    set_channel(&h, "beta");
    assert_eq!(check(&h)["version"], "0.3.0");
    let err = install_error(&h);
    assert_eq!(err["kind"], "UpdateRefused", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("0.2.0-beta.1"),
        "{err}"
    );
}

#[test]
fn back_on_stable_a_beta_is_not_downgraded_until_stable_passes_it() {
    let (_turn, f) = fixture();
    f.publish(BETA, "0.3.0-beta.1", "good", "0.3.0-beta.1");
    f.publish(STABLE, "0.2.5", "good", "0.2.5");
    let h = f.harness("0.3.0-beta.1");
    set_channel(&h, "beta");
    assert_eq!(check(&h)["status"], "UpToDate");

    set_channel(&h, "stable");
    assert_eq!(
        check(&h),
        json!({ "status": "AheadOfChannel", "current": "0.3.0-beta.1", "channel_version": "0.2.5" })
    );
    // Nothing is offered in the banner: staying is the default.
    assert_eq!(
        h.ok("get_update_settings", json!({}))["available"],
        Value::Null
    );
    // Asked for explicitly, the stable version is what would be reinstalled, and it verifies.
    let (update, _) = tauri::async_runtime::block_on(h.app.state::<Updates>().download(|_| {}))
        .expect("reinstalling stable downloads and verifies");
    assert_eq!(update.version, "0.2.5");

    // Once Stable passes the beta, it is an ordinary update.
    f.publish(STABLE, "0.3.0", "good", "0.3.0");
    assert_eq!(check(&h)["status"], "Available");
}

#[test]
fn a_missing_manifest_and_nothing_to_install_are_clear_errors() {
    let (_turn, f) = fixture();
    let h = f.harness("0.1.0");
    // Nothing published: the server answers 404.
    let err = h
        .invoke("check_for_update", json!({}))
        .expect_err("no manifest");
    assert_eq!(err["kind"], "UpdateCheckFailed", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("Could not check for updates"),
        "{err}"
    );
    assert_eq!(
        h.err_kind("install_update", json!({ "onProgress": "__CHANNEL__:1" })),
        "NoUpdatePending"
    );
}

#[test]
fn the_release_script_refuses_what_the_app_would_refuse() {
    let (_turn, f) = fixture();
    let dir = f.dir.path().join("script");
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = dir.join("Stint_1.0.0_amd64.deb");
    std::fs::write(&bundle, b"deb").unwrap();
    let out = dir.join("latest.json");
    let run = |version: &str| {
        release_manifest(&[
            "--version",
            version,
            "--download-url",
            "https://example.invalid/dl",
            "--out",
            out.to_str().unwrap(),
            bundle.to_str().unwrap(),
        ])
    };
    let unsigned = run("1.0.0");
    assert_eq!(unsigned.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unsigned.stderr).contains("no Stint_1.0.0_amd64.deb.sig"));

    let key = f.dir.path().join("good");
    tauri_cli(
        &[
            "signer",
            "sign",
            "-f",
            key.to_str().unwrap(),
            "-p",
            "",
            "--app-version",
            "1.0.0",
        ],
        &bundle,
    );
    let wrong = run("1.0.1");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("signed for version 1.0.0, not 1.0.1"));
    assert!(!out.exists(), "nothing is written when refused");

    assert!(run("1.0.0").status.success());
    let manifest: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(manifest["version"], "1.0.0");
    assert_eq!(
        manifest["platforms"]["linux-x86_64-deb"]["url"],
        "https://example.invalid/dl/Stint_1.0.0_amd64.deb"
    );
    // A .deb is not Linux's default updater target (the AppImage is).
    assert!(manifest["platforms"].get("linux-x86_64").is_none());
}
