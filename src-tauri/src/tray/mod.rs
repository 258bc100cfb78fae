//! The tray icon: start, stop and continue without the window. Its menu is rebuilt from
//! [`model::tray_model`] whenever the data changes; while a timer runs one task keeps the title
//! and the Stop item's elapsed time current, once a second, and stops when the timer does.

pub mod model;

use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use stint_core::{Entry, Store, TimerStart};
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use model::{tray_model, TrayModel};

const TRAY_ID: &str = "stint";
const TOGGLE: &str = "toggle";
const CONTINUE: &str = "continue:";
const SHOW: &str = "show";
const IMPORT: &str = "import";
const REPORTS: &str = "reports";
const QUIT: &str = "quit";
const AWAY: &str = "away:";
/// What a timer started from the tray is called until the person names it in the window.
pub const UNTITLED: &str = "Untitled";

/// The parts of the tray that change between rebuilds of its menu.
struct TrayState<R: Runtime> {
    toggle: Mutex<Option<MenuItem<R>>>,
    ticker: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    app.manage(TrayState::<R> {
        toggle: Mutex::new(None),
        ticker: Mutex::new(None),
    });
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(false))
        .tooltip("Stint")
        .show_menu_on_left_click(true)
        .menu(&Menu::new(app)?)
        .on_menu_event(|app, event| {
            let (app, id) = (app.clone(), event.id().as_ref().to_string());
            tauri::async_runtime::spawn(async move { on_menu(&app, &id).await });
        })
        .build(app)?;
    let app = app.clone();
    tauri::async_runtime::spawn(async move { refresh(&app).await });
    Ok(())
}

/// Quits, remembering where the window was if it is open.
async fn quit<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
        crate::window::remember_geometry(&window.as_ref().window());
        crate::window::save_geometry(app).await;
    }
    app.exit(0);
}

/// Decoded at compile time, so the binary carries no PNG decoder (README, "Desktop footprint").
fn icon(running: bool) -> Image<'static> {
    if running {
        tauri::include_image!("../icons/tray-running.png")
    } else {
        tauri::include_image!("../icons/tray-idle.png")
    }
}

/// Shows the window and asks it to open something (a view, a dialog).
async fn ask_window<R: Runtime, E: tauri_specta::Event + serde::Serialize + Clone>(
    app: &AppHandle<R>,
    event: E,
) {
    crate::window::show_main(app);
    // A window opened just now listens once its page has loaded.
    for _ in 0..20 {
        if event.emit(app).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let store = app.state::<Store>();
    let now = Utc::now();
    let done = match id {
        TOGGLE => return toggle_timer(app).await,
        SHOW => return crate::window::show_main(app),
        IMPORT => return ask_window(app, crate::events::ImportAsked).await,
        REPORTS => return ask_window(app, crate::events::ReportsAsked).await,
        QUIT => return quit(app).await,
        other if other.starts_with(AWAY) => return answer_away(app, other).await,
        other => match other.strip_prefix(CONTINUE).and_then(|id| id.parse().ok()) {
            Some(entry) => store
                .continue_entry(entry, &chrono::Local, now)
                .await
                .map(drop),
            None => return,
        },
    };
    if let Err(err) = done {
        log::error!("the tray could not do that: {err}");
    }
    crate::watch::announce(app).await;
}

/// An answer to the question about time away, from the menu: `away:<answer>:<question id>`.
async fn answer_away<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let mut parts = id.splitn(3, ':').skip(1);
    let (Some(answer), Some(Ok(question))) = (parts.next(), parts.next().map(str::parse::<i64>))
    else {
        return;
    };
    let answer = match answer {
        "keep" => stint_core::away::AwayAnswer::Keep,
        "discard" => stint_core::away::AwayAnswer::Discard,
        "continue" => stint_core::away::AwayAnswer::DiscardAndContinue,
        // Naming the time away needs the window's form.
        "new" => return ask_window(app, crate::events::AwayAsked).await,
        _ => return,
    };
    let store = app.state::<Store>();
    if let Err(err) = store.answer_away(question, &answer, Utc::now()).await {
        log::error!("the tray could not answer the question about time away: {err}");
    }
    crate::watch::announce(app).await;
}

/// Stops the running timer, or starts an untitled one: the tray's first item and the global
/// shortcut.
pub async fn toggle_timer<R: Runtime>(app: &AppHandle<R>) {
    let store = app.state::<Store>();
    let start = TimerStart {
        description: UNTITLED.into(),
        ..Default::default()
    };
    let done = store.toggle_timer(&start, &chrono::Local, Utc::now()).await;
    if let Err(err) = done {
        log::error!("could not start or stop the timer: {err}");
    }
    crate::watch::announce(app).await;
}

/// Rebuilds the menu, icon, title and tooltip from the database, and starts or stops the ticker.
pub async fn refresh<R: Runtime>(app: &AppHandle<R>) {
    if app.try_state::<TrayState<R>>().is_none() {
        return; // No tray in this process (tests on the mock runtime).
    }
    let store = app.state::<Store>();
    let (running, recent) = match (store.running().await, store.recent(25).await) {
        (Ok(running), Ok(recent)) => (running, recent),
        (Err(err), _) | (_, Err(err)) => return log::warn!("tray not refreshed: {err}"),
    };
    let model = tray_model(running.as_ref(), &recent, Utc::now().timestamp_millis());
    let clock = store
        .display_preferences()
        .await
        .map(|p| p.clock)
        .unwrap_or_default();
    let away = store
        .away_question()
        .await
        .ok()
        .flatten()
        .and_then(|question| {
            model::away_menu(&question, |ms| {
                clock.time(stint_core::local_time::from_ms(ms).with_timezone(&chrono::Local))
            })
        });
    if let Err(err) = apply(app, &model, away) {
        log::warn!("tray not refreshed: {err}");
    }
    let state = app.state::<TrayState<R>>();
    let mut ticker = state.ticker.lock().expect("tray state lock");
    if let Some(old) = ticker.take() {
        old.abort();
    }
    if let Some(entry) = running {
        *ticker = Some(tauri::async_runtime::spawn(tick(app.clone(), entry)));
    }
}

fn apply<R: Runtime>(
    app: &AppHandle<R>,
    model: &TrayModel,
    away: Option<(String, Vec<(String, String)>)>,
) -> tauri::Result<()> {
    let item = |id: String, label: &str| MenuItem::with_id(app, id, label, true, None::<&str>);
    let continue_id = |entry: &i64| format!("{CONTINUE}{entry}");
    let toggle = item(TOGGLE.into(), &model.toggle_label)?;
    let menu = Menu::new(app)?;
    // The question about time away comes first while it waits.
    if let Some((heading, answers)) = away {
        menu.append(&MenuItem::with_id(
            app,
            "away-heading",
            heading,
            false,
            None::<&str>,
        )?)?;
        for (id, label) in answers {
            menu.append(&item(id, &label)?)?;
        }
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&toggle)?;
    if let Some((id, label)) = &model.continue_item {
        menu.append(&item(continue_id(id), label)?)?;
    }
    let recent = Submenu::new(app, "Recent", !model.recent.is_empty())?;
    for (id, label) in &model.recent {
        recent.append(&item(continue_id(id), label)?)?;
    }
    menu.append(&recent)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&item(SHOW.into(), "Show Stint")?)?;
    menu.append(&item(REPORTS.into(), "Reports…")?)?;
    menu.append(&item(IMPORT.into(), "Import…")?)?;
    menu.append(&item(QUIT.into(), "Quit Stint")?)?;
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        tray.set_menu(Some(menu))?;
        tray.set_icon(Some(icon(model.running)))?;
        tray.set_title(model.title.as_deref())?;
        tray.set_tooltip(Some(&model.tooltip))?;
    }
    *app.state::<TrayState<R>>()
        .toggle
        .lock()
        .expect("tray state lock") = Some(toggle);
    Ok(())
}

/// While `entry` runs: once a second, update the title and the Stop item when their text
/// changes (once a minute). Aborted by the next refresh.
async fn tick<R: Runtime>(app: AppHandle<R>, entry: Entry) {
    let mut shown = tray_model(Some(&entry), &[], Utc::now().timestamp_millis());
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    loop {
        ticks.tick().await;
        let model = tray_model(Some(&entry), &[], Utc::now().timestamp_millis());
        if model.title == shown.title {
            continue;
        }
        if let Some(tray) = app.tray_by_id(TRAY_ID) {
            let _ = tray.set_title(model.title.as_deref());
            let _ = tray.set_tooltip(Some(&model.tooltip));
        }
        if let Some(toggle) = &*app
            .state::<TrayState<R>>()
            .toggle
            .lock()
            .expect("tray state lock")
        {
            let _ = toggle.set_text(&model.toggle_label);
        }
        shown = model;
    }
}
