//! How long since the person last touched the keyboard or pointer, from whatever this desktop
//! offers. Chosen once at start-up; see docs/ARCHITECTURE.md ("Time away") for why each.

/// One way of reading the idle time.
pub enum IdleSource {
    /// The X server's MIT-SCREEN-SAVER extension (x11rb, pure Rust: no libXss).
    #[cfg(target_os = "linux")]
    X11 {
        conn: Box<x11rb::rust_connection::RustConnection>,
        root: u32,
    },
    /// GNOME on Wayland: `org.gnome.Mutter.IdleMonitor` on the session bus.
    #[cfg(target_os = "linux")]
    Mutter(zbus::blocking::Connection),
    /// KDE and others: `org.freedesktop.ScreenSaver.GetSessionIdleTime`.
    #[cfg(target_os = "linux")]
    ScreenSaver(zbus::blocking::Connection),
    /// `GetLastInputInfo`.
    #[cfg(windows)]
    Windows,
    /// `CGEventSourceSecondsSinceLastEventType`.
    #[cfg(target_os = "macos")]
    Mac,
    /// Nothing here tells; the reason, for Settings.
    Unavailable(String),
}

impl IdleSource {
    /// The best source this session has.
    pub fn detect() -> IdleSource {
        #[cfg(target_os = "linux")]
        {
            linux::detect()
        }
        #[cfg(windows)]
        {
            IdleSource::Windows
        }
        #[cfg(target_os = "macos")]
        {
            IdleSource::Mac
        }
        #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
        {
            IdleSource::Unavailable("Stint cannot tell idle time on this system.".into())
        }
    }

    /// Milliseconds since the last input, or `None` if the source failed this time.
    pub fn idle_ms(&self) -> Option<u64> {
        match self {
            #[cfg(target_os = "linux")]
            IdleSource::X11 { conn, root } => linux::x11_idle(conn, *root),
            #[cfg(target_os = "linux")]
            IdleSource::Mutter(conn) => linux::mutter_idle(conn),
            #[cfg(target_os = "linux")]
            IdleSource::ScreenSaver(conn) => linux::screensaver_idle(conn),
            #[cfg(windows)]
            IdleSource::Windows => windows::idle_ms(),
            #[cfg(target_os = "macos")]
            IdleSource::Mac => mac::idle_ms(),
            IdleSource::Unavailable(_) => None,
        }
    }

    /// What Settings → Tracking says about idle detection here.
    pub fn describe(&self) -> Result<&'static str, String> {
        match self {
            #[cfg(target_os = "linux")]
            IdleSource::X11 { .. } => Ok("the X server's idle time"),
            #[cfg(target_os = "linux")]
            IdleSource::Mutter(_) => Ok("GNOME's idle monitor"),
            #[cfg(target_os = "linux")]
            IdleSource::ScreenSaver(_) => Ok("the desktop's screen saver service"),
            #[cfg(windows)]
            IdleSource::Windows => Ok("Windows' last-input time"),
            #[cfg(target_os = "macos")]
            IdleSource::Mac => Ok("macOS's input event times"),
            IdleSource::Unavailable(reason) => Err(reason.clone()),
        }
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use super::IdleSource;
    use x11rb::connection::Connection;
    use x11rb::protocol::screensaver::ConnectionExt as _;

    pub fn detect() -> IdleSource {
        let wayland = std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t == "wayland")
            || (std::env::var_os("WAYLAND_DISPLAY").is_some()
                && std::env::var_os("DISPLAY").is_none());
        // Under Wayland, XWayland's idle time sees only X clients' input: ask the compositor.
        if wayland {
            if let Ok(conn) = zbus::blocking::Connection::session() {
                let mutter = IdleSource::Mutter(conn.clone());
                if mutter.idle_ms().is_some() {
                    return mutter;
                }
                let screensaver = IdleSource::ScreenSaver(conn);
                if screensaver.idle_ms().is_some() {
                    return screensaver;
                }
            }
            return IdleSource::Unavailable(
                "This Wayland desktop offers no idle time to apps (neither GNOME's idle monitor nor the freedesktop screen saver service answered), so Stint cannot tell when you are away. Screen lock and sleep are still noticed.".into(),
            );
        }
        match x11rb::connect(None) {
            Ok((conn, screen)) => {
                let root = conn.setup().roots[screen].root;
                let source = IdleSource::X11 {
                    conn: Box::new(conn),
                    root,
                };
                if source.idle_ms().is_some() {
                    return source;
                }
                IdleSource::Unavailable(
                    "The X server has no screen saver extension, so Stint cannot tell when you are away. Screen lock and sleep are still noticed.".into(),
                )
            }
            Err(_) => IdleSource::Unavailable(
                "Stint could not reach the display server to read idle time, so it cannot tell when you are away.".into(),
            ),
        }
    }

    pub fn x11_idle(conn: &x11rb::rust_connection::RustConnection, root: u32) -> Option<u64> {
        let info = conn.screensaver_query_info(root).ok()?.reply().ok()?;
        Some(u64::from(info.ms_since_user_input))
    }

    pub fn mutter_idle(conn: &zbus::blocking::Connection) -> Option<u64> {
        let reply = conn
            .call_method(
                Some("org.gnome.Mutter.IdleMonitor"),
                "/org/gnome/Mutter/IdleMonitor/Core",
                Some("org.gnome.Mutter.IdleMonitor"),
                "GetIdletime",
                &(),
            )
            .ok()?;
        reply.body().deserialize::<u64>().ok()
    }

    pub fn screensaver_idle(conn: &zbus::blocking::Connection) -> Option<u64> {
        let reply = conn
            .call_method(
                Some("org.freedesktop.ScreenSaver"),
                "/org/freedesktop/ScreenSaver",
                Some("org.freedesktop.ScreenSaver"),
                "GetSessionIdleTime",
                &(),
            )
            .ok()?;
        reply.body().deserialize::<u32>().ok().map(u64::from)
    }
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod windows {
    use windows_sys::Win32::System::SystemInformation::GetTickCount;
    use windows_sys::Win32::UI::Input::KeyboardAndMouse::{GetLastInputInfo, LASTINPUTINFO};

    pub fn idle_ms() -> Option<u64> {
        let mut info = LASTINPUTINFO {
            cbSize: std::mem::size_of::<LASTINPUTINFO>() as u32,
            dwTime: 0,
        };
        // SAFETY: `info` is a valid LASTINPUTINFO with `cbSize` set, as the call requires; it
        // only writes `dwTime`. GetTickCount has no preconditions.
        let (ok, now) = unsafe { (GetLastInputInfo(&mut info), GetTickCount()) };
        (ok != 0).then(|| u64::from(now.wrapping_sub(info.dwTime)))
    }
}

#[cfg(target_os = "macos")]
#[allow(unsafe_code)]
mod mac {
    #[link(name = "CoreGraphics", kind = "framework")]
    extern "C" {
        fn CGEventSourceSecondsSinceLastEventType(state: i32, event_type: u32) -> f64;
    }
    /// kCGEventSourceStateCombinedSessionState
    const COMBINED_SESSION: i32 = 0;
    /// kCGAnyInputEventType
    const ANY_INPUT: u32 = !0;

    pub fn idle_ms() -> Option<u64> {
        // SAFETY: a pure query taking two plain integers; no pointers cross.
        let seconds =
            unsafe { CGEventSourceSecondsSinceLastEventType(COMBINED_SESSION, ANY_INPUT) };
        (seconds.is_finite() && seconds >= 0.0).then_some((seconds * 1000.0) as u64)
    }
}
