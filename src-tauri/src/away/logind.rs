//! Sleep and screen lock from systemd-logind, on the system bus: `PrepareForSleep(true/false)`
//! on the manager, `Lock`/`Unlock` on this session. The bus comes from
//! `DBUS_SYSTEM_BUS_ADDRESS` when set, which is how the tests stand a logind in.

use tokio::sync::mpsc::UnboundedSender;

/// What logind said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Sleeping,
    Woke,
    Locked,
    Unlocked,
}

const LOGIND: &str = "org.freedesktop.login1";

/// Listens on a thread of its own for as long as the app runs. Returns why it cannot, if it
/// cannot (no system bus, no logind): Settings says so.
pub fn watch(signals: UnboundedSender<Signal>) -> Result<(), String> {
    let conn = zbus::blocking::Connection::system().map_err(|_| {
        "Stint cannot reach the system bus, so it cannot notice sleep or a locked screen."
            .to_string()
    })?;
    let session = own_session(&conn);
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .sender(LOGIND)
        .map_err(|err| err.to_string())?
        .build();
    let messages =
        zbus::blocking::MessageIterator::for_match_rule(rule, &conn, Some(64)).map_err(|_| {
            "logind does not answer here, so Stint cannot notice sleep or a locked screen."
                .to_string()
        })?;
    std::thread::Builder::new()
        .name("stint-logind".into())
        .spawn(move || {
            for message in messages.flatten() {
                let header = message.header();
                let member = header.member().map(|m| m.as_str().to_string());
                let path = header.path().map(|p| p.as_str().to_string());
                let signal = match member.as_deref() {
                    Some("PrepareForSleep") => match message.body().deserialize::<bool>() {
                        Ok(true) => Signal::Sleeping,
                        Ok(false) => Signal::Woke,
                        Err(_) => continue,
                    },
                    Some(lock @ ("Lock" | "Unlock")) => {
                        // Another user's session locking is not this person leaving.
                        if session
                            .as_ref()
                            .is_some_and(|own| path.as_ref() != Some(own))
                        {
                            continue;
                        }
                        if lock == "Lock" {
                            Signal::Locked
                        } else {
                            Signal::Unlocked
                        }
                    }
                    _ => continue,
                };
                if signals.send(signal).is_err() {
                    return;
                }
            }
        })
        .map_err(|err| err.to_string())?;
    Ok(())
}

/// This process's session object, so only its own lock counts; `None` accepts any session.
fn own_session(conn: &zbus::blocking::Connection) -> Option<String> {
    let reply = conn
        .call_method(
            Some(LOGIND),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "GetSessionByPID",
            &(std::process::id()),
        )
        .ok()?;
    let path: zbus::zvariant::OwnedObjectPath = reply.body().deserialize().ok()?;
    Some(path.as_str().to_string())
}
