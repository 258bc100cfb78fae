//! stint-app: the Tauri shell around stint-core. It wires the database, the typed commands and
//! the window; every decision about time and data is made in stint-core.

mod away;
pub mod commands;
pub mod data_dir;
mod desktop;
pub mod error;
pub mod events;
#[cfg(target_os = "linux")]
mod handover;
pub mod launch_check;
pub mod logging;
pub mod reporting;
pub mod tray;
pub mod updates;
mod watch;
#[cfg(target_os = "linux")]
mod webkit_env;
pub mod window;

use chrono::Utc;
use stint_core::Store;
use tauri::{Manager, Runtime};
use tauri_plugin_sql::{DbInstances, DbPool, Migration, MigrationKind};
use tauri_specta::Event as _;

pub use window::MAIN_WINDOW;

/// Every command the UI may call, for the invoke handler and for the TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    use commands::{away, data, entries, import, preferences, projects, reports, timer, updates};
    tauri_specta::Builder::<R>::new()
        // The limits the core enforces, so the window says them at the field (one source).
        .constant(
            "MAX_DESCRIPTION_CHARS",
            stint_core::entry::MAX_DESCRIPTION_CHARS,
        )
        .constant("MAX_NAME_CHARS", stint_core::entry::MAX_NAME_CHARS)
        // Currencies with no minor unit, so the window writes amounts as the core counts them.
        .constant("WHOLE_CURRENCIES", stint_core::report::WHOLE_CURRENCIES)
        .commands(tauri_specta::collect_commands![
            timer::get_running,
            timer::start_timer,
            timer::stop_timer,
            timer::continue_entry,
            entries::get_timeline,
            entries::search_entries,
            entries::get_days,
            entries::add_entry,
            entries::update_entry,
            entries::delete_entry,
            entries::restore_entry,
            projects::list_projects,
            projects::create_project,
            projects::ensure_project,
            projects::update_project,
            projects::delete_project,
            projects::restore_project,
            projects::list_tags,
            reports::get_report,
            reports::get_report_range,
            reports::step_report_range,
            reports::export_report,
            preferences::get_preferences,
            preferences::get_display_preferences,
            preferences::set_display_preferences,
            preferences::set_start_at_login,
            preferences::set_shortcut,
            preferences::acknowledge_tray_hint,
            preferences::open_log_folder,
            preferences::set_crash_reports,
            updates::get_update_settings,
            updates::set_update_channel,
            updates::set_auto_update,
            updates::check_for_update,
            updates::install_update,
            data::get_data_info,
            data::back_up_now,
            data::restore_backup,
            import::choose_import_file,
            import::preview_import,
            import::import_file,
            import::undo_import,
            away::get_away_question,
            away::answer_away,
            away::undo_away_answer,
            away::get_tracking,
            away::set_tracking,
        ])
        .events(tauri_specta::collect_events![
            events::DataChanged,
            events::CloseToTrayAsked,
            events::ImportAsked,
            events::ReportsAsked,
            events::AwayAsked,
            crate::updates::UpdateFound
        ])
        // Ids and millisecond instants stay far below 2^53, so plain numbers are exact.
        .dangerously_cast_bigints_to_number()
        // The domain types read and write the same shape; one TypeScript type each is enough.
        .disable_serde_phases()
}

/// Points tauri-plugin-sql's preload at `database_url`, so the plugin opens the database and
/// runs the migrations before any window exists.
pub fn preload_database<R: Runtime>(context: &mut tauri::Context<R>, database_url: &str) {
    context.config_mut().plugins.0.insert(
        "sql".into(),
        serde_json::json!({ "preload": [database_url] }),
    );
}

/// Adds the whole app to `builder`: the database plugin with stint-core's migrations, the
/// commands, the store adopted from the plugin's pool, and the main window. Tests pass
/// `tauri::test::mock_builder()`; `data_dir` is the `STINT_DATA_DIR` override, if any.
pub fn app_builder<R: Runtime>(
    builder: tauri::Builder<R>,
    database_url: String,
    data_dir: Option<std::path::PathBuf>,
    open_window: bool,
) -> tauri::Builder<R> {
    let migrations = stint_core::migrations()
        .map(|m| Migration {
            version: m.version,
            description: m.description,
            sql: m.sql,
            kind: MigrationKind::Up,
        })
        .collect();
    let specta = specta_builder::<R>();
    let commands = specta.invoke_handler();
    #[cfg(feature = "test-triggers")]
    let commands = reporting::triggers::with_triggers(commands);
    builder
        .plugin(
            tauri_plugin_sql::Builder::new()
                .add_migrations(&database_url, migrations)
                .build(),
        )
        .plugin(tauri_plugin_updater::Builder::new().build())
        // For the Import… file chooser, shown from Rust; the webview gets no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands)
        .setup(move |app| {
            #[cfg(feature = "test-triggers")]
            reporting::triggers::allow(app)?;
            let store = tauri::async_runtime::block_on(adopt_store(app.handle(), &database_url))?;
            specta.mount_events(app);
            watch::spawn(app.handle().clone(), store.clone());
            let database = data_dir::database_file(&database_url);
            daily_backups(store.clone(), database.clone());
            if let Some(folder) = database.parent() {
                away::spawn(app.handle().clone(), store.clone(), folder.to_path_buf());
            }
            app.manage(commands::data::DatabasePath(database));
            app.manage(commands::import::PendingImport::default());
            app.manage(commands::import::FileChooser::native(app.handle().clone()));
            app.manage(commands::reports::SaveChooser::native(app.handle().clone()));
            app.manage(store);
            let geometry = tauri::async_runtime::block_on(
                app.state::<Store>()
                    .get(&stint_core::settings::WINDOW_GEOMETRY),
            )
            .unwrap_or_else(|err| {
                log::warn!("the window's last place is unreadable, using the default: {err}");
                None
            });
            app.manage(logging::LogFolder(logging::folder(
                app.handle(),
                data_dir.as_deref(),
            )));
            app.manage(window::MainWindow::new(data_dir.clone(), geometry));
            app.manage(updates::Updates::new(app.handle()));
            app.manage(desktop::Desktop::new(app.handle()));
            let hint_shown = tauri::async_runtime::block_on(
                app.state::<Store>()
                    .get(&stint_core::settings::TRAY_HINT_SHOWN),
            )?;
            app.manage(window::TrayHint::new(hint_shown));
            tauri::async_runtime::block_on(reporting::redactions::refresh(&app.state::<Store>()));
            if open_window {
                window::open(app.handle())?;
            }
            Ok(())
        })
}

/// Takes the pool tauri-plugin-sql opened and migrated, and hands it to stint-core.
async fn adopt_store<R: Runtime>(
    app: &tauri::AppHandle<R>,
    database_url: &str,
) -> Result<Store, Box<dyn std::error::Error>> {
    let instances = app.state::<DbInstances>();
    let pool = match instances.0.read().await.get(database_url) {
        Some(DbPool::Sqlite(pool)) => pool.clone(),
        _ => return Err(format!("the database {database_url} was not preloaded").into()),
    };
    let store = Store::from_pool(pool).await?;
    store.purge_deleted(Utc::now()).await?;
    Ok(store)
}

/// How long after launch the first daily backup is looked at: copying a long history (~200 ms
/// of work at 100,000 entries) would otherwise compete with the window being drawn.
const FIRST_BACKUP_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Writes a backup once a day while Stint runs (stint-core decides whether one is due).
fn daily_backups(store: Store, database: std::path::PathBuf) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_BACKUP_AFTER).await;
        loop {
            if let Err(err) = store.daily_backup(&database, Utc::now()).await {
                log::error!("the daily backup failed: {err}");
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// The argument the login item starts Stint with.
pub(crate) const HIDDEN_ARG: &str = "--hidden";

/// Registers the global shortcut the person chose, if any, at start-up.
async fn restore_shortcut<R: Runtime>(app: &tauri::AppHandle<R>) {
    use std::str::FromStr;
    let store = app.state::<Store>();
    let saved: Option<String> = store
        .get(&stint_core::settings::TOGGLE_SHORTCUT)
        .await
        .ok()
        .flatten();
    let Some(text) = saved else { return };
    let desktop = app.state::<desktop::Desktop>();
    match tauri_plugin_global_shortcut::Shortcut::from_str(&text) {
        Ok(shortcut) => {
            if let Err(err) = (desktop.register_shortcut)(Some(shortcut)) {
                log::warn!("the shortcut {text} could not be registered: {err}");
            }
        }
        Err(_) => log::warn!("the saved shortcut {text} is not valid"),
    }
}

/// The settings crash reporting starts from, read before the app opens its database.
fn launch_settings(data_dir: Option<&std::path::Path>) -> reporting::Launch {
    let Some(dir) = data_dir
        .map(std::path::Path::to_path_buf)
        .or_else(stint_core::data_dir::default_dir)
    else {
        return reporting::Launch::default();
    };
    let path = dir.join(stint_core::DATABASE_FILE);
    let snapshot = tauri::async_runtime::block_on(stint_core::SettingsSnapshot::read(&path))
        .unwrap_or_else(|err| {
            logging::before_start(&format!(
                "could not read the settings, crash reports stay off: {err}"
            ));
            Default::default()
        });
    reporting::Launch {
        consent: snapshot
            .get(&stint_core::settings::CRASH_REPORTS)
            .unwrap_or(false),
        channel: snapshot.get(&stint_core::settings::UPDATE_CHANNEL),
    }
}

/// Runs the desktop app.
pub fn run() {
    let began = std::time::SystemTime::now();
    #[cfg(target_os = "linux")]
    webkit_env::apply();
    // A Stint taking over the tray from one whose window closed (handover.rs) starts once that
    // one has gone; its start is not a launch the person waits for.
    #[cfg(target_os = "linux")]
    let succeeding = handover::predecessor().inspect(|pid| handover::await_exit(*pid));
    #[cfg(not(target_os = "linux"))]
    let succeeding: Option<u32> = None;
    let (data_dir, mut problem) = match stint_core::data_dir::override_dir() {
        Ok(dir) => (dir, None),
        Err(err) => {
            let named = std::env::var_os(stint_core::data_dir::DATA_DIR_ENV).unwrap_or_default();
            let problem = launch_check::LaunchProblem {
                message: format!(
                    "Stint cannot use the data folder {} names ({}).",
                    stint_core::data_dir::DATA_DIR_ENV,
                    stint_core::error::io_words(&err)
                ),
                database: std::path::PathBuf::from(named),
                backups: Vec::new(),
            };
            (None, Some(problem))
        }
    };
    // First, so a panic anywhere after is reported. The crash reporter process (this binary
    // again) never returns from here.
    let reporting = reporting::init(|| launch_settings(data_dir.as_deref()));
    if succeeding.is_none() {
        reporting::kpi::startup_began(began);
    }
    let database_url = data_dir::database_url(data_dir.as_deref());
    let mut context = tauri::generate_context!();
    // stint-core opens the file first (check, backup, upgrade); if it cannot, Stint says so
    // and starts nothing over it.
    if problem.is_none() {
        problem = launch_check::preflight(&data_dir::database_file(&database_url)).err();
    }
    if let Some(problem) = problem {
        let builder = tauri::Builder::default().plugin(logging::plugin(data_dir.as_deref()));
        let code = launch_check::run_problem(builder, context, problem);
        reporting::flush();
        std::process::exit(code);
    }
    preload_database(&mut context, &database_url);
    // Registered first, so a second launch hands over to the running Stint before doing anything.
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show_main(app)
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_ARG]),
        ))
        // The global-shortcut plugin is installed when a shortcut is first set (desktop.rs).
        .manage(desktop::ShortcutsOnDemand)
        .on_page_load(|_webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                reporting::kpi::startup_finished();
            }
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.state::<window::TrayHint>().shown() {
                    window::remember_geometry(window);
                } else {
                    // The first time, the window explains the tray and then closes itself.
                    api.prevent_close();
                    let _ = events::CloseToTrayAsked.emit(window);
                }
            }
        });
    let builder = builder.plugin(logging::plugin(data_dir.as_deref()));
    let builder = match &reporting {
        Some(reporting) => builder.plugin(reporting.plugin.clone()),
        None => builder,
    };
    // Started at login, Stint waits in the tray and builds no webview until asked.
    let open_window = !std::env::args().any(|arg| arg == HIDDEN_ARG);
    app_builder(builder, database_url, data_dir, open_window)
        .build(context)
        .expect("Stint failed to start")
        .run(move |app, event| match event {
            tauri::RunEvent::Ready => {
                log::info!(
                    "Stint {} started on {} {}{}",
                    app.package_info().version,
                    std::env::consts::OS,
                    std::env::consts::ARCH,
                    if open_window { "" } else { ", in the tray" }
                );
                if !open_window {
                    reporting::kpi::startup_finished();
                }
                if let Err(err) = tray::create(app) {
                    log::warn!("no tray icon: {err}");
                }
                updates::spawn_automatic_checks(app.clone());
                let app = app.clone();
                tauri::async_runtime::spawn(async move { restore_shortcut(&app).await });
            }
            // Closing the window keeps Stint in the tray; only Quit (an explicit exit code) ends
            // it. On Linux a fresh process takes the tray over (handover.rs).
            tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } => {
                api.prevent_exit();
                #[cfg(target_os = "linux")]
                handover::begin(app);
                #[cfg(not(target_os = "linux"))]
                {
                    let app = app.clone();
                    tauri::async_runtime::spawn(async move { window::save_geometry(&app).await });
                }
            }
            tauri::RunEvent::Exit => {
                let database = app.state::<commands::data::DatabasePath>().0.clone();
                if let Some(folder) = database.parent() {
                    away::quitting(folder);
                }
                // Fold the WAL back so the one file holds everything (see README).
                tauri::async_runtime::block_on(app.state::<Store>().checkpoint());
                reporting::flush();
            }
            _ => {}
        });
}

/// Writes the TypeScript bindings for every command and type to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let language = specta_typescript::Typescript::default()
        .header("// Generated from the Rust commands by tauri-specta. Do not edit by hand:\n// run `UPDATE_BINDINGS=1 cargo test -p stint-app --test bindings` after changing a command.\n");
    specta_builder::<tauri::Wry>().export(language, path)?;
    Ok(())
}
