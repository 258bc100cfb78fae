//! Signed updates on two channels, Stable and Beta. Rust picks the channel's manifest and
//! talks to tauri-plugin-updater; the webview has no `updater:*` permission and reaches all of
//! it through typed commands. Every package is verified against the public key in
//! `tauri.conf.json`, with the version bound into the signature (`requireSignedVersion`).

pub mod offer;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use specta::Type;
use stint_core::Store;
use tauri::{AppHandle, Manager, Runtime, Url};
use tauri_plugin_updater::{Error as UpdaterError, Update, Updater, UpdaterExt};
use tauri_specta::Event;

use offer::Offer;
use stint_core::settings;
pub use stint_core::UpdateChannel;

/// Where releases live. Set at build time for forks; at run time for tests.
pub const BASE_URL_ENV: &str = "STINT_UPDATE_BASE_URL";
const DEFAULT_BASE_URL: &str = "https://github.com/stint-app/stint/releases";
/// After launch, the first automatic check waits this long, so it never slows start-up.
const FIRST_CHECK_DELAY: Duration = Duration::from_secs(10);
const CHECK_INTERVAL: Duration = Duration::from_secs(6 * 60 * 60);

/// The base every channel's manifest URL hangs off (GitHub's releases of the project).
pub fn base_url() -> String {
    std::env::var(BASE_URL_ENV)
        .ok()
        .or_else(|| option_env!("STINT_UPDATE_BASE_URL").map(str::to_owned))
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
}

/// The channel's `latest.json`: Stable's on the latest release, Beta's on the `beta`
/// pre-release, whose assets the release workflow replaces.
pub fn manifest_url(base: &str, channel: UpdateChannel) -> Result<Url, url::ParseError> {
    let base = base.trim_end_matches('/');
    match channel {
        UpdateChannel::Stable => format!("{base}/latest/download/latest.json"),
        UpdateChannel::Beta => format!("{base}/download/beta/latest.json"),
    }
    .parse()
}

/// What a check found, for the person.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
#[serde(tag = "status")]
pub enum UpdateStatus {
    UpToDate {
        current: String,
    },
    Available {
        current: String,
        version: String,
        notes: Option<String>,
    },
    /// The installed version is newer than the channel's latest: nothing is installed unless
    /// the person asks to reinstall the channel's version.
    AheadOfChannel {
        current: String,
        channel_version: String,
    },
}

/// An update was found by an automatic check.
#[derive(Debug, Clone, Serialize, Type, tauri_specta::Event)]
pub struct UpdateFound(pub UpdateStatus);

/// How far an install has come: bytes so far of the total, when the server says it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "stage")]
pub enum InstallProgress {
    Downloading { received: u64, total: Option<u64> },
    Installing,
}

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("Could not check for updates: {0}")]
    Check(String),
    #[error("The update was refused: its signature does not check out ({0}). Nothing was installed; Stint {1} is unchanged.")]
    Refused(String, String),
    #[error(
        "The update could not be downloaded ({0}). Nothing was installed; Stint {1} is unchanged."
    )]
    Download(String, String),
    #[error("The update could not be installed: {0}")]
    Install(String),
    #[error("There is no update to install; check for updates first.")]
    NothingPending,
}

/// The updater as the commands see it, the same on every runtime: typed commands cannot be
/// generic over Tauri's runtime, so what needs the app handle is captured here once.
pub struct Updates {
    current: semver::Version,
    updater: Box<dyn Fn(Url) -> Result<Updater, UpdaterError> + Send + Sync>,
    restart: Box<dyn Fn() + Send + Sync>,
    /// The update the last check found, waiting for the person's go-ahead.
    pending: Mutex<Option<(Update, UpdateStatus)>>,
    /// An install is under way: nothing may end the process but its own restart.
    installing: AtomicBool,
}

impl Updates {
    pub fn new<R: Runtime>(app: &AppHandle<R>) -> Updates {
        let (a, b) = (app.clone(), app.clone());
        Updates {
            current: app.package_info().version.clone(),
            updater: Box::new(move |url| {
                let mut builder = a
                    .updater_builder()
                    .endpoints(vec![url])?
                    // Every release is returned; `offer` decides, so an older one is never
                    // offered.
                    .version_comparator(|_, _| true)
                    .timeout(Duration::from_secs(30));
                if let Some(pubkey) = test_pubkey() {
                    builder = builder.pubkey(pubkey);
                }
                builder.build()
            }),
            restart: Box::new(move || b.restart()),
            pending: Mutex::new(None),
            installing: AtomicBool::new(false),
        }
    }

    pub fn current_version(&self) -> String {
        self.current.to_string()
    }

    /// The last check's offer, if it found a newer version.
    pub fn available(&self) -> Option<UpdateStatus> {
        let pending = self.pending.lock().ok()?;
        pending
            .as_ref()
            .map(|(_, status)| status.clone())
            .filter(|status| matches!(status, UpdateStatus::Available { .. }))
    }

    /// Drops what was offered (the channel changed).
    pub fn forget(&self) {
        self.set(None);
    }

    fn set(&self, pending: Option<(Update, UpdateStatus)>) {
        if let Ok(mut slot) = self.pending.lock() {
            *slot = pending;
        }
    }

    fn pending_update(&self) -> Option<Update> {
        self.pending
            .lock()
            .ok()?
            .as_ref()
            .map(|(update, _)| update.clone())
    }

    /// Asks the channel's manifest what its latest release is.
    pub async fn check(&self, channel: UpdateChannel) -> Result<UpdateStatus, UpdateError> {
        let check_error = |err: UpdaterError| UpdateError::Check(err.to_string());
        let url =
            manifest_url(&base_url(), channel).map_err(|e| UpdateError::Check(e.to_string()))?;
        let updater = (self.updater)(url).map_err(check_error)?;
        let current = self.current_version();
        let Some(update) = updater.check().await.map_err(check_error)? else {
            self.set(None);
            return Ok(UpdateStatus::UpToDate { current });
        };
        let remote = semver::Version::parse(&update.version)
            .map_err(|e| UpdateError::Check(format!("the manifest's version is not valid: {e}")))?;
        let status = match offer::offer(&self.current, &remote) {
            Offer::UpToDate => UpdateStatus::UpToDate { current },
            Offer::Newer => UpdateStatus::Available {
                current,
                version: update.version.clone(),
                notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
            },
            Offer::Behind => UpdateStatus::AheadOfChannel {
                current,
                channel_version: update.version.clone(),
            },
        };
        let keep = !matches!(status, UpdateStatus::UpToDate { .. });
        self.set(keep.then(|| (update, status.clone())));
        Ok(status)
    }

    /// Downloads the pending update and verifies its signature and the version signed into
    /// it. Nothing is installed here.
    pub async fn download(
        &self,
        mut progress: impl FnMut(InstallProgress),
    ) -> Result<(Update, Vec<u8>), UpdateError> {
        let update = self.pending_update().ok_or(UpdateError::NothingPending)?;
        let mut received = 0u64;
        let bytes = update
            .download(
                |chunk, total| {
                    received += chunk as u64;
                    progress(InstallProgress::Downloading { received, total });
                },
                || {},
            )
            .await
            .map_err(|err| download_error(err, &self.current_version()))?;
        Ok((update, bytes))
    }

    /// Whether an update is being downloaded or installed.
    pub fn installing(&self) -> bool {
        self.installing.load(Ordering::SeqCst)
    }

    /// Downloads, verifies, installs and restarts. Any failure leaves the running version as
    /// it was.
    pub async fn install(&self, progress: impl FnMut(InstallProgress)) -> Result<(), UpdateError> {
        self.installing.store(true, Ordering::SeqCst);
        let done = self.download_and_install(progress).await;
        self.installing.store(false, Ordering::SeqCst);
        done
    }

    async fn download_and_install(
        &self,
        mut progress: impl FnMut(InstallProgress),
    ) -> Result<(), UpdateError> {
        let (update, bytes) = self.download(&mut progress).await?;
        progress(InstallProgress::Installing);
        update
            .install(bytes)
            .map_err(|err| UpdateError::Install(err.to_string()))?;
        (self.restart)();
        Ok(())
    }
}

fn download_error(err: UpdaterError, current: &str) -> UpdateError {
    match err {
        UpdaterError::Minisign(_)
        | UpdaterError::Base64(_)
        | UpdaterError::SignatureUtf8(_)
        | UpdaterError::SignedVersionMismatch { .. }
        | UpdaterError::MissingSignedVersion => {
            UpdateError::Refused(err.to_string(), current.to_owned())
        }
        other => UpdateError::Download(other.to_string(), current.to_owned()),
    }
}

/// The test build may trust a throwaway key the tests made; no other build can.
fn test_pubkey() -> Option<String> {
    if cfg!(feature = "test-triggers") {
        std::env::var("STINT_UPDATER_PUBKEY").ok()
    } else {
        None
    }
}

/// Whether automatic checks are on (the default).
pub async fn auto_check_enabled(store: &Store) -> bool {
    store
        .get(&settings::UPDATE_AUTO_CHECK)
        .await
        .unwrap_or(true)
}

pub async fn channel(store: &Store) -> UpdateChannel {
    store
        .get(&settings::UPDATE_CHANNEL)
        .await
        .unwrap_or_default()
}

/// How long until the next automatic check: shortly (a launch's delay) when the last check is
/// six hours old (or unknown, or in the future because the clock moved), else until it is. A
/// check that found an update is not recorded in the settings, so the next start looks again
/// and can offer it.
pub fn next_check_in(checked_at_ms: Option<i64>, now_ms: i64) -> Duration {
    let Some(checked_at) = checked_at_ms else {
        return FIRST_CHECK_DELAY;
    };
    let since = now_ms - checked_at;
    let interval = CHECK_INTERVAL.as_millis() as i64;
    if !(0..interval).contains(&since) {
        return FIRST_CHECK_DELAY;
    }
    Duration::from_millis((interval - since) as u64).max(FIRST_CHECK_DELAY)
}

/// The longest one sleep between checks lasts. Tokio's clock stops while the computer is
/// suspended; waking up at least this often and looking at the wall clock means a laptop that
/// slept through the six hours checks within this long of waking.
const LONGEST_SLEEP: Duration = Duration::from_secs(60 * 60);

/// Checks shortly after launch (or when six hours have passed since the last check) and then
/// every six hours of wall-clock time, while automatic checks are on, and tells the window when
/// there is something new. Sleeps in between: at most one wakeup an hour.
pub fn spawn_automatic_checks<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let store = app.state::<Store>().inner().clone();
        let now = || chrono::Utc::now().timestamp_millis();
        let mut checked_at = store.get(&settings::UPDATE_CHECKED_AT).await.ok().flatten();
        loop {
            let wait = next_check_in(checked_at, now());
            if wait > LONGEST_SLEEP {
                tokio::time::sleep(LONGEST_SLEEP).await;
                continue;
            }
            tokio::time::sleep(wait).await;
            // Whatever the outcome, the next look is six hours on: an offer stays offered,
            // and an offline machine is not asked again every few seconds.
            checked_at = Some(now());
            if !auto_check_enabled(&store).await {
                continue;
            }
            match app.state::<Updates>().check(channel(&store).await).await {
                Ok(status @ UpdateStatus::Available { .. }) => {
                    let _ = UpdateFound(status).emit(&app);
                }
                Ok(_) => {
                    if let Err(err) = store.set(&settings::UPDATE_CHECKED_AT, Some(now())).await {
                        log::warn!("could not record the update check: {err}");
                    }
                }
                Err(err) => log::warn!("{err}"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 60 * 60 * 1000;
    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn the_first_check_comes_soon_when_none_is_recorded_or_it_is_old() {
        assert_eq!(next_check_in(None, NOW), FIRST_CHECK_DELAY);
        assert_eq!(
            next_check_in(Some(NOW - 6 * HOUR_MS), NOW),
            FIRST_CHECK_DELAY
        );
        assert_eq!(
            next_check_in(Some(NOW - 30 * HOUR_MS), NOW),
            FIRST_CHECK_DELAY
        );
    }

    #[test]
    fn a_recent_check_puts_the_first_off_until_six_hours_are_up() {
        assert_eq!(
            next_check_in(Some(NOW - 2 * HOUR_MS), NOW),
            Duration::from_secs(4 * 60 * 60)
        );
        // Never sooner than a launch's own delay.
        assert_eq!(
            next_check_in(Some(NOW - 6 * HOUR_MS + 1000), NOW),
            FIRST_CHECK_DELAY
        );
    }

    #[test]
    fn a_check_recorded_in_the_future_means_the_clock_moved_and_is_not_trusted() {
        assert_eq!(next_check_in(Some(NOW + HOUR_MS), NOW), FIRST_CHECK_DELAY);
    }

    #[test]
    fn each_channel_has_its_manifest_under_the_base() {
        let base = "https://github.com/stint-app/stint/releases/";
        assert_eq!(
            manifest_url(base, UpdateChannel::Stable).unwrap().as_str(),
            "https://github.com/stint-app/stint/releases/latest/download/latest.json"
        );
        assert_eq!(
            manifest_url(base, UpdateChannel::Beta).unwrap().as_str(),
            "https://github.com/stint-app/stint/releases/download/beta/latest.json"
        );
    }
}
