//! Every command through Tauri's IPC on the mock runtime, against a real SQLite file opened and
//! migrated by tauri-plugin-sql, exactly as the app wires it.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("stint.db").display());
    // The app's real configuration and capabilities, so the ACL is the one users get.
    let mut context = tauri::generate_context!(test = true);
    stint_app::preload_database(&mut context, &url);
    let mut app = stint_app::app_builder(mock_builder(), url, None)
        .build(context)
        .unwrap();
    // The first iteration runs the app's setup: the store is adopted and the window opened.
    app.run_iteration(|_, _| {});
    let window = app
        .get_webview_window(stint_app::MAIN_WINDOW)
        .expect("main window");
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

impl Harness {
    /// Invokes a command; Ok carries the response body, Err the serialized error.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
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

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|err| panic!("{cmd} failed: {err}"))
    }

    fn err_kind(&self, cmd: &str, args: Value) -> String {
        let err = self.invoke(cmd, args).expect_err(cmd);
        assert!(
            err["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{err}"
        );
        err["kind"].as_str().unwrap().to_string()
    }
}

fn start(description: &str) -> Value {
    json!({ "start": { "description": description, "project_id": null, "tags": [], "start": null } })
}

#[test]
fn timer_starts_and_stops() {
    let h = harness();
    assert_eq!(h.ok("get_running", json!({})), Value::Null);
    let started = h.ok("start_timer", start("Writing report"));
    assert_eq!(started["description"], "Writing report");
    assert_eq!(started["stop_ms"], Value::Null);
    assert_eq!(h.ok("get_running", json!({}))["id"], started["id"]);
    let stopped = h.ok("stop_timer", json!({}));
    assert_eq!(stopped["id"], started["id"]);
    assert!(stopped["stop_ms"].as_i64().unwrap() >= started["start_ms"].as_i64().unwrap());
    assert_eq!(h.ok("get_running", json!({})), Value::Null);
}
