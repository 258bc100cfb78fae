//! Desktop notifications with actions: the question about time away, the reminder that nothing
//! is tracked, and the long-timer notice. An action is carried out without opening the window
//! where the platform delivers actions to the app (the freedesktop notification service on
//! Linux); elsewhere the notification only tells.

use tauri::{AppHandle, Runtime};

/// What to say.
#[derive(Debug, Clone)]
pub enum Notice {
    Away {
        // Read only where answers come back to the app (Linux).
        #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
        id: i64,
        sentence: String,
    },
    Reminder {
        last: Option<(i64, String)>,
    },
    Runaway {
        description: String,
        hours: u32,
    },
}

struct Shown {
    summary: String,
    body: String,
    /// (action id, label); "default" is a click on the notification itself.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    actions: Vec<(&'static str, String)>,
}

fn shown(notice: &Notice) -> Shown {
    match notice {
        Notice::Away { sentence, .. } => Shown {
            summary: "Were you away?".into(),
            body: sentence.clone(),
            actions: vec![
                ("default", "Open Stint".into()),
                ("keep", "Keep".into()),
                ("discard", "Discard".into()),
                ("continue", "Discard and continue".into()),
            ],
        },
        Notice::Reminder { last } => {
            let mut actions = vec![("start", "Start".to_string())];
            let body = match last {
                Some((_, description)) => {
                    actions.insert(0, ("default", format!("Continue “{description}”")));
                    actions.push(("continue", "Continue last".into()));
                    format!("Not tracking — start “{description}” again?")
                }
                None => "Not tracking — start a timer?".into(),
            };
            Shown {
                summary: "Stint".into(),
                body,
                actions,
            }
        }
        Notice::Runaway { description, hours } => Shown {
            summary: "A long timer".into(),
            body: format!(
                "“{description}” has been running for more than {hours} hours. Still on it?"
            ),
            actions: vec![
                ("default", "Open Stint".into()),
                ("stop", "Stop it now".into()),
            ],
        },
    }
}

/// Shows `notice` on a thread of its own and carries out the action chosen, if any.
pub fn send<R: Runtime>(app: &AppHandle<R>, notice: Notice) {
    let app = app.clone();
    let _ = std::thread::Builder::new()
        .name("stint-notice".into())
        .spawn(move || {
            let shown = shown(&notice);
            #[cfg(target_os = "linux")]
            match freedesktop::show_and_wait(&shown) {
                Ok(Some(action)) => {
                    tauri::async_runtime::spawn(async move { act(&app, &notice, &action).await });
                }
                Ok(None) => {}
                Err(err) => log::warn!("a notification could not be shown: {err}"),
            }
            // notify-rust delivers no answers on Windows or macOS: buttons there would do
            // nothing, so the notification only tells and the window asks.
            #[cfg(not(target_os = "linux"))]
            {
                let _ = &app;
                if let Err(err) = notify_rust::Notification::new()
                    .appname("Stint")
                    .summary(&shown.summary)
                    .body(&shown.body)
                    .show()
                {
                    log::warn!("a notification could not be shown: {err}");
                }
            }
        });
}

/// The freedesktop notification service, spoken to directly. notify-rust subscribes to
/// `ActionInvoked` only after `Notify` returns, so an answer given at once (a quick click, a
/// notification daemon that acts on its own) could be lost; here the subscription comes first.
#[cfg(target_os = "linux")]
mod freedesktop {
    use super::Shown;
    use std::collections::HashMap;
    use zbus::zvariant::Value;

    const SERVICE: &str = "org.freedesktop.Notifications";
    const PATH: &str = "/org/freedesktop/Notifications";

    /// Shows the notification and waits until it is answered (`Some(action)`) or closed
    /// (`None`).
    pub fn show_and_wait(shown: &Shown) -> zbus::Result<Option<String>> {
        let conn = zbus::blocking::Connection::session()?;
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(SERVICE)?
            .path(PATH)?
            .build();
        let signals = zbus::blocking::MessageIterator::for_match_rule(rule, &conn, Some(16))?;
        let actions: Vec<&str> = shown
            .actions
            .iter()
            .flat_map(|(id, label)| [*id, label.as_str()])
            .collect();
        let hints: HashMap<&str, Value<'_>> = HashMap::new();
        let reply = conn.call_method(
            Some(SERVICE),
            PATH,
            Some(SERVICE),
            "Notify",
            &(
                "Stint",
                0u32,
                "",
                shown.summary.as_str(),
                shown.body.as_str(),
                actions,
                hints,
                -1i32,
            ),
        )?;
        let id: u32 = reply.body().deserialize()?;
        for message in signals {
            let message = message?;
            let header = message.header();
            match header.member().map(|m| m.as_str()) {
                Some("ActionInvoked") => {
                    if let Ok((nid, action)) = message.body().deserialize::<(u32, String)>() {
                        if nid == id {
                            return Ok(Some(action));
                        }
                    }
                }
                Some("NotificationClosed") => {
                    if let Ok((nid, _reason)) = message.body().deserialize::<(u32, u32)>() {
                        if nid == id {
                            return Ok(None);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }
}

#[cfg(target_os = "linux")]
async fn act<R: Runtime>(app: &AppHandle<R>, notice: &Notice, action: &str) {
    use chrono::Utc;
    use stint_core::away::AwayAnswer;
    use stint_core::Store;
    use tauri::Manager;

    let store = app.state::<Store>();
    let now = Utc::now();
    let done = match (notice, action) {
        (Notice::Away { .. } | Notice::Runaway { .. }, "default") => {
            return crate::window::show_main(app)
        }
        (Notice::Away { id, .. }, answer) => {
            let answer = match answer {
                "keep" => AwayAnswer::Keep,
                "discard" => AwayAnswer::Discard,
                "continue" => AwayAnswer::DiscardAndContinue,
                _ => return,
            };
            store.answer_away(*id, &answer, now).await.map(drop)
        }
        (Notice::Reminder { last }, "default" | "continue") => match last {
            Some((id, _)) => store
                .continue_entry(*id, &chrono::Local, now)
                .await
                .map(drop),
            None => return crate::tray::toggle_timer(app).await,
        },
        (Notice::Reminder { .. }, "start") => return crate::tray::toggle_timer(app).await,
        (Notice::Runaway { .. }, "stop") => store.stop_timer(now).await.map(drop),
        _ => return,
    };
    if let Err(err) = done {
        log::error!("the notification's action failed: {err}");
    }
    crate::watch::announce(app).await;
}
