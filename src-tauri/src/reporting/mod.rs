//! Crash and error reports to Sentry, sent only after the person said yes and scrubbed of what
//! they were working on. Rust panics, native crashes (minidumps from a crash reporter
//! process), command errors that mean a bug, and uncaught UI errors (through
//! tauri-plugin-sentry, so the webview holds no DSN) all go through the same client.

mod gate;
pub mod kpi;
pub mod redactions;
pub(crate) mod scrub;
#[cfg(feature = "test-triggers")]
pub mod triggers;

use std::sync::Arc;

use sentry::integrations::minidump::MinidumpIntegration;
use sentry::protocol::Event;
use sentry::{ClientOptions, SessionMode, TracesSamplingStrategy};

use crate::updates::UpdateChannel;

pub use gate::granted;

/// Runtime override of the build's DSN, for tests and forks.
pub const DSN_ENV: &str = "STINT_SENTRY_DSN";
/// The crash reporter process is this binary again, marked by this variable.
const REPORTER_ENV: &str = "STINT_CRASH_REPORTER";
/// How the crash reporter process learns the consent: a tag on its scope, kept in sync over
/// the integration's socket and removed before anything is sent.
const CONSENT_TAG: &str = "stint.consent";
/// Share of start-ups and command calls measured as transactions.
const TRACES_SAMPLE_RATE: f32 = 0.1;

/// What start-up reads from the settings before anything else runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Launch {
    pub consent: bool,
    pub channel: UpdateChannel,
}

/// Keeps the client alive; the plugin carries UI errors to it.
pub struct Reporting {
    _guard: sentry::ClientInitGuard,
    pub plugin: tauri_plugin_sentry::Sentry,
}

/// The build's DSN (`SENTRY_DSN` at compile time), unless `STINT_SENTRY_DSN` overrides it.
fn dsn() -> Option<sentry::types::Dsn> {
    let text = std::env::var(DSN_ENV)
        .ok()
        .or_else(|| option_env!("SENTRY_DSN").map(str::to_owned))
        .filter(|text| !text.trim().is_empty())?;
    match text.trim().parse() {
        Ok(dsn) => Some(dsn),
        Err(err) => {
            crate::logging::before_start(&format!(
                "crash reports are off: the DSN is not valid: {err}"
            ));
            None
        }
    }
}

/// Whether this process is the crash reporter that the app process spawned.
pub fn is_crash_reporter() -> bool {
    std::env::var_os(REPORTER_ENV).is_some()
}

/// Reports go to this environment: the channel, or `development` for debug builds.
fn environment(channel: UpdateChannel) -> &'static str {
    if cfg!(debug_assertions) {
        "development"
    } else {
        channel.as_str()
    }
}

/// Starts the client, first thing in the app. A build without a DSN starts nothing and
/// reports nothing. In the crash reporter process this never returns.
pub fn init(launch: impl FnOnce() -> Launch) -> Option<Reporting> {
    let dsn = dsn()?;
    // The crash reporter learns the consent from the app over its socket, not from the disk.
    let launch = if is_crash_reporter() {
        Launch::default()
    } else {
        launch()
    };
    // The updater and the Sentry transport share rustls without a built-in crypto provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let plugin = tauri_plugin_sentry::Sentry::with_options(tauri_plugin_sentry::Options {
        // The UI bundles the few SDK parts it uses (ui/src/errorReporting.ts).
        javascript: tauri_plugin_sentry::JavaScriptOptions::no_injection(),
    });
    let reporter = is_crash_reporter();
    let mut options = ClientOptions::default();
    options.dsn = Some(dsn);
    options.release = Some(format!("stint@{}", env!("CARGO_PKG_VERSION")).into());
    options.environment = Some(environment(launch.channel).into());
    options.send_default_pii = false;
    options.auto_session_tracking = launch.consent && !reporter;
    options.session_mode = SessionMode::Application;
    options.traces_sampling_strategy = TracesSamplingStrategy::FixedRate(TRACES_SAMPLE_RATE);
    if reporter {
        // It only ever sends the minidump event, which its scope marks with the consent.
        options.before_send = Some(Arc::new(reporter_before_send));
    } else {
        options.before_send = Some(Arc::new(app_before_send));
        options.transport = Some(Arc::new(gate::GatedTransportFactory));
    }
    options.integrations.push(Arc::new(plugin.clone()));
    // The crash reporter is a second process (~14 MiB PSS): only someone who agreed pays for
    // it, from the launch after they agreed. Turning consent off still applies at once.
    if reporter || launch.consent {
        options.integrations.push(Arc::new(
            MinidumpIntegration::new()
                .server_env_var(REPORTER_ENV)
                .process_name("stint crash reporter")
                .inherit_args(false)
                .before_capture(scrub::minidump),
        ));
    }
    gate::set(launch.consent);
    let guard = sentry::init(options);
    sync_reporter_consent(launch.consent);
    Some(Reporting {
        _guard: guard,
        plugin,
    })
}

/// Whether reports can be sent at all: the client started with a DSN.
pub fn available() -> bool {
    sentry::Hub::main()
        .client()
        .is_some_and(|client| client.is_enabled())
}

/// Applies the person's answer at once, in this process and in the crash reporter.
pub fn set_consent(granted: bool) {
    gate::set(granted);
    sync_reporter_consent(granted);
}

fn sync_reporter_consent(granted: bool) {
    sentry::with_integration(|minidumps: &MinidumpIntegration, _| {
        minidumps.set_tag(CONSENT_TAG.into(), granted.then(|| "granted".into()));
    });
}

/// Sends what is queued before the process ends (Tauri's loop never returns on Linux).
pub fn flush() {
    if let Some(client) = sentry::Hub::current().client() {
        client.flush(Some(std::time::Duration::from_secs(2)));
    }
}

fn app_before_send(mut event: Event<'static>) -> Option<Event<'static>> {
    if !gate::granted() {
        return None;
    }
    // tauri-plugin-sentry marks events from the webview as JavaScript.
    let origin = if event.platform == "javascript" {
        "webview"
    } else {
        "rust"
    };
    event.tags.insert("origin".into(), origin.into());
    scrub::event(event)
}

fn reporter_before_send(mut event: Event<'static>) -> Option<Event<'static>> {
    if event.tags.remove(CONSENT_TAG).as_deref() != Some("granted") {
        return None;
    }
    event.tags.insert("origin".into(), "native".into());
    scrub::event(event)
}
