#![allow(dead_code)] // each test file uses its own part

//! The app as the command tests drive it: the real configuration, capabilities and plugins on
//! Tauri's mock runtime, a real SQLite file in a temp dir, IPC requests as the webview sends them.

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
}

pub fn harness() -> Harness {
    harness_with(|_| {})
}

/// A harness whose context `adjust` changes first (the updater's key, the app's version).
pub fn harness_with(adjust: impl FnOnce(&mut tauri::Context<MockRuntime>)) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("stint.db").display());
    // The app's real configuration and capabilities, so the ACL is the one users get.
    let mut context = tauri::generate_context!("tauri.conf.json", test = true);
    stint_app::preload_database(&mut context, &url);
    adjust(&mut context);
    let mut app = stint_app::app_builder(mock_builder(), url, None, true)
        .build(context)
        .unwrap();
    // The first iteration runs the app's setup: the store is adopted and the window opened.
    // Called once, not in a loop, so the busy-loop deprecation does not apply.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let window = app
        .get_webview_window(stint_app::MAIN_WINDOW)
        .expect("main window");
    Harness { dir, app, window }
}

impl Harness {
    /// Invokes a command; Ok carries the response body, Err the serialized error.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|err| panic!("{cmd} failed: {err}"))
    }

    pub fn err_kind(&self, cmd: &str, args: Value) -> String {
        let err = self.invoke(cmd, args).expect_err(cmd);
        assert!(
            err["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{err}"
        );
        err["kind"].as_str().unwrap().to_string()
    }
}
