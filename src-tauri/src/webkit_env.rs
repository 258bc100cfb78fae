//! The environment Stint gives WebKitGTK on Linux: settings WebKit and its JavaScript engine
//! read only from the environment, when its processes start. They are set before any thread
//! starts, and a person's own setting of any of them wins.

use std::ffi::OsString;

/// What to set, given how the environment reads now.
///
/// - **No GPU compositing, no DMA-BUF renderer.** WebKitGTK composites pages on the GPU (through
///   Mesa's llvmpipe where there is no GPU) and hands frames over as DMA-BUFs. Stint's one small
///   window gains nothing from either and pays for both, in memory and in launch time (the
///   README's "Desktop footprint" section has the figures, from bench/app_bench.py).
/// - **`GDK_GL=disable`** while compositing is off: nothing in Stint then draws through GDK's
///   OpenGL, yet GDK would load the GL driver at start-up to pick visuals, in a hidden start
///   too. Turning compositing back on (`WEBKIT_DISABLE_COMPOSITING_MODE=0`) leaves it alone.
/// - **Whole-heap garbage collection** (`JSC_useGenerationalGC=0`). A list scrolled through
///   thousands of entries leaves its rows' short-lived script objects in JavaScriptCore's old
///   generation, which it sweeps only once that has grown to about twice its 32 MB nursery; the
///   web process kept ~100 MiB more than at launch. Stint's live script heap is a few MiB, so
///   collecting all of it each time is cheap, and the memory comes back as the garbage is made
///   (the README's "The window at scale" has the figures, from e2e/history.bench.mjs).
pub fn wanted(current: impl Fn(&str) -> Option<OsString>) -> Vec<(&'static str, &'static str)> {
    let mut wanted: Vec<_> = [
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
        ("JSC_useGenerationalGC", "0"),
    ]
    .into_iter()
    .filter(|(key, _)| current(key).is_none())
    .collect();
    // WebKitGTK reads any value but "0" as "disabled".
    let compositing_off =
        !matches!(current("WEBKIT_DISABLE_COMPOSITING_MODE"), Some(value) if value == "0");
    if compositing_off && current("GDK_GL").is_none() {
        wanted.push(("GDK_GL", "disable"));
    }
    wanted
}

/// Sets what [`wanted`] asks for in this process, whose WebKit processes inherit it. Call it
/// before any thread starts: setting the environment races with any thread reading it.
pub fn apply() {
    for (key, value) in wanted(|key| std::env::var_os(key)) {
        std::env::set_var(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn wanted_in(set: &[(&str, &str)]) -> HashMap<&'static str, &'static str> {
        let set: HashMap<String, OsString> = set
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        wanted(|key| set.get(key).cloned()).into_iter().collect()
    }

    #[test]
    fn an_empty_environment_gets_every_setting() {
        let wanted = wanted_in(&[]);
        assert_eq!(wanted.get("WEBKIT_DISABLE_COMPOSITING_MODE"), Some(&"1"));
        assert_eq!(wanted.get("WEBKIT_DISABLE_DMABUF_RENDERER"), Some(&"1"));
        assert_eq!(wanted.get("JSC_useGenerationalGC"), Some(&"0"));
        assert_eq!(wanted.get("GDK_GL"), Some(&"disable"));
        assert_eq!(wanted.len(), 4);
    }

    #[test]
    fn a_persons_own_settings_are_kept() {
        let wanted = wanted_in(&[
            ("JSC_useGenerationalGC", "1"),
            ("WEBKIT_DISABLE_DMABUF_RENDERER", "0"),
            ("GDK_GL", "gles"),
        ]);
        assert!(!wanted.contains_key("JSC_useGenerationalGC"));
        assert!(!wanted.contains_key("WEBKIT_DISABLE_DMABUF_RENDERER"));
        assert!(!wanted.contains_key("GDK_GL"));
        assert_eq!(wanted.get("WEBKIT_DISABLE_COMPOSITING_MODE"), Some(&"1"));
    }

    #[test]
    fn compositing_turned_back_on_leaves_gdk_gl_alone() {
        let wanted = wanted_in(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")]);
        assert!(!wanted.contains_key("GDK_GL"));
        assert!(!wanted.contains_key("WEBKIT_DISABLE_COMPOSITING_MODE"));
        // Any other value turns compositing off, as WebKitGTK reads it.
        let wanted = wanted_in(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "yes")]);
        assert_eq!(wanted.get("GDK_GL"), Some(&"disable"));
    }
}
