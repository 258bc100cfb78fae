//! Every setting Stint keeps, in one place: its key in the database, its type and its default.
//! The app and `stint config` read and write them through [`Setting`], so a key is spelled once
//! and a default is decided once. Values are stored as JSON in the `settings` table.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::display::{Clock, DurationFormat, WeekStart};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::tracking::TrackingSettings;

/// One setting: where it is kept and what it is when nothing is kept (or what is kept no longer
/// reads as its type, say after a downgrade).
pub struct Setting<T> {
    pub key: &'static str,
    default: fn() -> T,
}

impl<T> Setting<T> {
    const fn new(key: &'static str, default: fn() -> T) -> Setting<T> {
        Setting { key, default }
    }

    pub fn default_value(&self) -> T {
        (self.default)()
    }
}

/// A type a setting can hold: how a value is checked and tidied before it is kept.
pub trait SettingValue: Serialize + DeserializeOwned {
    /// The value as it will be kept, or why it cannot be. Most values are kept as given.
    fn checked(self) -> Result<Self> {
        Ok(self)
    }
}

impl SettingValue for bool {}
impl SettingValue for i64 {}
impl SettingValue for String {}
impl<T: SettingValue> SettingValue for Option<T> {
    fn checked(self) -> Result<Self> {
        self.map(T::checked).transpose()
    }
}
impl SettingValue for WeekStart {}
impl SettingValue for Clock {}
impl SettingValue for DurationFormat {}
impl SettingValue for UpdateChannel {}
impl SettingValue for WindowGeometry {}
impl SettingValue for TrackingSettings {
    fn checked(self) -> Result<Self> {
        self.check()?;
        let mut clean = self;
        clean.work_days.sort_unstable();
        clean.work_days.dedup();
        clean.stop_at = clean
            .stop_at
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        Ok(clean)
    }
}

// Preferences a person sets (in the app's Settings, or with `stint config`).

/// The day weeks start on, for "this week" and week ranges.
pub const WEEK_START: Setting<WeekStart> = Setting::new("week_start", WeekStart::default);
/// 24- or 12-hour clock.
pub const CLOCK: Setting<Clock> = Setting::new("clock", Clock::default);
/// How durations are written.
pub const DURATION_FORMAT: Setting<DurationFormat> =
    Setting::new("duration_format", DurationFormat::default);
/// Settings → Tracking: time away, reminders, long timers, stop-at.
pub const TRACKING: Setting<TrackingSettings> = Setting::new("tracking", TrackingSettings::default);
/// Whether crash reports are sent: `None` until the person has answered the question.
pub const CRASH_REPORTS: Setting<Option<bool>> = Setting::new("crash_reports", || None);
/// The update channel followed.
pub const UPDATE_CHANNEL: Setting<UpdateChannel> =
    Setting::new("update_channel", UpdateChannel::default);
/// Whether the app checks for updates by itself.
pub const UPDATE_AUTO_CHECK: Setting<bool> = Setting::new("update_auto_check", || true);
/// The global shortcut that starts and stops the timer, as the desktop spells it.
pub const TOGGLE_SHORTCUT: Setting<Option<String>> = Setting::new("toggle_shortcut", || None);

// What the app remembers between runs: state, not preferences, so `stint config` leaves it out.

/// Where the main window was when it last closed.
pub const WINDOW_GEOMETRY: Setting<Option<WindowGeometry>> =
    Setting::new("window_geometry", || None);
/// Whether the "Stint keeps running in the tray" hint was shown.
pub const TRAY_HINT_SHOWN: Setting<bool> = Setting::new("tray_hint_shown", || false);
/// When an automatic update check last found nothing (milliseconds since the epoch), so a
/// restarted Stint does not ask again before six hours are up.
pub const UPDATE_CHECKED_AT: Setting<Option<i64>> = Setting::new("update_checked_at", || None);

/// The update channel a person follows. It also names the environment of crash reports, so a
/// beta's reports are told apart from stable's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum UpdateChannel {
    #[default]
    Stable,
    Beta,
}

impl UpdateChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateChannel::Stable => "stable",
            UpdateChannel::Beta => "beta",
        }
    }
}

/// Where the window was, in logical pixels (outer position, inner size).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowGeometry {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Store {
    /// The setting's value: its default when nothing (or nothing readable) is kept.
    pub async fn get<T: SettingValue>(&self, setting: &Setting<T>) -> Result<T> {
        let raw = raw_setting(&self.pool, setting.key).await?;
        Ok(read_or_default(setting, raw.as_deref()))
    }

    /// Checks the value and keeps it; nothing is kept if the check fails.
    pub async fn set<T: SettingValue>(&self, setting: &Setting<T>, value: T) -> Result<T> {
        let value = value.checked()?;
        write_raw(&mut *self.writer().await?, setting.key, &to_json(&value)?).await?;
        Ok(value)
    }
}

pub(crate) fn read_or_default<T: SettingValue>(setting: &Setting<T>, raw: Option<&str>) -> T {
    raw.and_then(|v| serde_json::from_str(v).ok())
        .unwrap_or_else(|| setting.default_value())
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Io(e.into()))
}

pub(crate) const RAW_SETTING: &str = "SELECT value FROM settings WHERE key = ?";

async fn raw_setting<'c, E>(conn: E, key: &str) -> Result<Option<String>>
where
    E: sqlx::SqliteExecutor<'c>,
{
    Ok(sqlx::query_scalar(RAW_SETTING)
        .bind(key)
        .fetch_optional(conn)
        .await?)
}

async fn write_raw<'c, E>(conn: E, key: &str, json: &str) -> Result<()>
where
    E: sqlx::SqliteExecutor<'c>,
{
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(json)
    .execute(conn)
    .await?;
    Ok(())
}

/// [`Store::get`] on `conn` (a transaction's, say).
pub(crate) async fn get_on<T: SettingValue>(
    conn: &mut sqlx::SqliteConnection,
    setting: &Setting<T>,
) -> Result<T> {
    let raw = raw_setting(&mut *conn, setting.key).await?;
    Ok(read_or_default(setting, raw.as_deref()))
}

/// Settings read straight from a database file, before anything opens it for writing: the app
/// decides what to start (crash reporting, its channel) from these before its database exists.
#[derive(Debug, Default, Clone)]
pub struct SettingsSnapshot(std::collections::HashMap<String, String>);

impl SettingsSnapshot {
    /// Reads every setting from the file at `path`, read-only. A missing file or a database
    /// from before settings existed reads as no settings; anything else is an error.
    pub async fn read(path: &std::path::Path) -> Result<SettingsSnapshot> {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::{ConnectOptions, Connection};
        if !path.exists() {
            return Ok(SettingsSnapshot::default());
        }
        let mut conn = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .connect()
            .await?;
        let has_table: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings')",
        )
        .fetch_one(&mut conn)
        .await?;
        let rows: Vec<(String, String)> = if has_table {
            sqlx::query_as("SELECT key, value FROM settings")
                .fetch_all(&mut conn)
                .await?
        } else {
            Vec::new()
        };
        conn.close().await?;
        Ok(SettingsSnapshot(rows.into_iter().collect()))
    }

    /// The setting's value in the file: its default when nothing readable is kept.
    pub fn get<T: SettingValue>(&self, setting: &Setting<T>) -> T {
        read_or_default(setting, self.0.get(setting.key).map(String::as_str))
    }
}

/// A preference as `stint config` shows and changes it: by name, as text.
pub struct ConfigKey {
    setting: &'static (dyn AnySetting + Sync),
    /// What it does and the values it takes, for `stint config` and its errors.
    pub about: &'static str,
    /// Why it cannot be changed from the command line, if it cannot.
    pub read_only: Option<&'static str>,
}

impl ConfigKey {
    pub fn name(&self) -> &'static str {
        self.setting.key()
    }
}

/// A [`Setting`] of any type, seen as JSON.
trait AnySetting {
    fn key(&self) -> &'static str;
    /// The kept JSON (if any) as the value in effect.
    fn show(&self, raw: Option<&str>) -> Value;
    /// A candidate value checked and tidied, as it would be kept.
    fn check(&self, value: Value) -> std::result::Result<Value, CheckFailure>;
}

impl<T: SettingValue> AnySetting for Setting<T> {
    fn key(&self) -> &'static str {
        self.key
    }

    fn show(&self, raw: Option<&str>) -> Value {
        serde_json::to_value(read_or_default(self, raw)).unwrap_or(Value::Null)
    }

    fn check(&self, value: Value) -> std::result::Result<Value, CheckFailure> {
        let typed: T = serde_json::from_value(value).map_err(|_| CheckFailure::WrongType)?;
        let kept = typed.checked().map_err(CheckFailure::Refused)?;
        serde_json::to_value(kept).map_err(|_| CheckFailure::WrongType)
    }
}

enum CheckFailure {
    /// The value is not of the setting's type.
    WrongType,
    /// It is, but the setting's own check refused it.
    Refused(Error),
}

const fn config_key(
    setting: &'static (dyn AnySetting + Sync),
    about: &'static str,
    read_only: Option<&'static str>,
) -> ConfigKey {
    ConfigKey {
        setting,
        about,
        read_only,
    }
}

/// The preferences `stint config` lists, in the order it lists them.
pub static CONFIG_KEYS: &[ConfigKey] = &[
    config_key(
        &WEEK_START,
        "The day weeks start on: monday, sunday or saturday.",
        None,
    ),
    config_key(&CLOCK, "How times are shown: 24h or 12h.", None),
    config_key(
        &DURATION_FORMAT,
        "How durations are shown: h:mm:ss, h:mm or decimal.",
        None,
    ),
    config_key(
        &TRACKING,
        "Time away, reminders, long timers and stop-at; change one part as tracking.NAME.",
        None,
    ),
    config_key(
        &CRASH_REPORTS,
        "Send crash reports (scrubbed of what you type): true or false.",
        None,
    ),
    config_key(
        &UPDATE_CHANNEL,
        "Which updates to follow: stable or beta.",
        None,
    ),
    config_key(
        &UPDATE_AUTO_CHECK,
        "Check for updates by itself: true or false.",
        None,
    ),
    config_key(
        &TOGGLE_SHORTCUT,
        "The global shortcut that starts and stops the timer.",
        Some(
            "set it in the app (Settings → Shortcut), which checks the desktop lets Stint have it",
        ),
    ),
];

/// One line of `stint config`: a name (`tracking.idle_minutes` for a part of a setting), its
/// value and whether that is the default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigValue {
    pub name: String,
    pub value: Value,
    pub default: bool,
}

fn unknown(name: &str) -> Error {
    Error::InvalidSetting {
        setting: name.to_string(),
        reason: format!(
            "there is no such setting; the settings are {}",
            CONFIG_KEYS
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `tracking.idle_minutes` → the `tracking` key and its part `idle_minutes`.
fn find(name: &str) -> Result<(&'static ConfigKey, Option<&str>)> {
    let (base, part) = match name.split_once('.') {
        Some((base, part)) => (base, Some(part)),
        None => (name, None),
    };
    let key = CONFIG_KEYS
        .iter()
        .find(|k| k.name() == base)
        .ok_or_else(|| unknown(name))?;
    if let Some(part) = part {
        let has_part =
            matches!(key.setting.show(None), Value::Object(fields) if fields.contains_key(part));
        if !has_part {
            return Err(unknown(name));
        }
    }
    Ok((key, part))
}

/// A value typed on the command line: JSON when it reads as JSON (`true`, `5`, `[1,2]`,
/// `null`), on/off and yes/no for a yes-or-no setting, anything else as text.
fn typed_text(text: &str, like: &Value) -> Value {
    let trimmed = text.trim();
    if like.is_boolean() || like.is_null() {
        match trimmed.to_ascii_lowercase().as_str() {
            "on" | "yes" => return Value::Bool(true),
            "off" | "no" => return Value::Bool(false),
            "none" | "" if like.is_null() => return Value::Null,
            _ => {}
        }
    }
    serde_json::from_str(trimmed).unwrap_or_else(|_| Value::String(trimmed.to_string()))
}

fn flatten(key: &ConfigKey, raw: Option<&str>, out: &mut Vec<ConfigValue>) {
    let value = key.setting.show(raw);
    let default = key.setting.show(None);
    match (value, default) {
        (Value::Object(fields), Value::Object(defaults)) => {
            for (part, value) in fields {
                out.push(ConfigValue {
                    name: format!("{}.{part}", key.name()),
                    default: defaults.get(&part) == Some(&value),
                    value,
                });
            }
        }
        (value, default) => out.push(ConfigValue {
            name: key.name().to_string(),
            default: value == default,
            value,
        }),
    }
}

impl Store {
    /// Every preference with its value in effect, parts of a grouped setting one by one.
    pub async fn config(&self) -> Result<Vec<ConfigValue>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await?;
        let kept: std::collections::HashMap<_, _> = rows.into_iter().collect();
        let mut out = Vec::new();
        for key in CONFIG_KEYS {
            flatten(key, kept.get(key.name()).map(String::as_str), &mut out);
        }
        Ok(out)
    }

    /// One preference by name (`week_start`, `tracking`, `tracking.idle_minutes`), as shown by
    /// [`Store::config`].
    pub async fn config_get(&self, name: &str) -> Result<Vec<ConfigValue>> {
        let (key, part) = find(name)?;
        let raw = raw_setting(&self.pool, key.name()).await?;
        let mut out = Vec::new();
        flatten(key, raw.as_deref(), &mut out);
        if part.is_some() {
            out.retain(|v| v.name == name);
        }
        Ok(out)
    }

    /// Sets one preference from text, checked as the app checks it; `None` puts back the
    /// default. Nothing is kept if the value is refused. Returns the value now in effect.
    pub async fn config_set(&self, name: &str, text: Option<&str>) -> Result<Vec<ConfigValue>> {
        let (key, part) = find(name)?;
        if let (Some(why), Some(_)) = (key.read_only, text) {
            return Err(Error::InvalidSetting {
                setting: name.to_string(),
                reason: format!("not changed from the command line: {why}"),
            });
        }
        let mut writer = self.writer().await?;
        let mut tx = writer.begin().await?;
        let raw = raw_setting(&mut *tx, key.name()).await?;
        let current = key.setting.show(raw.as_deref());
        let default = key.setting.show(None);
        let candidate = match (part, text) {
            (None, Some(text)) => typed_text(text, &default),
            (None, None) => default.clone(),
            (Some(part), text) => {
                let mut fields = current;
                let like = &default[part];
                let value = match text {
                    Some(text) => typed_text(text, like),
                    None => like.clone(),
                };
                fields[part] = value;
                fields
            }
        };
        let kept = key
            .setting
            .check(candidate)
            .map_err(|failure| match failure {
                // The app's checks name its fields ("Away after"); here the name typed is clearer.
                CheckFailure::Refused(Error::InvalidSetting { reason, .. }) if part.is_some() => {
                    Error::InvalidSetting {
                        setting: name.to_string(),
                        reason,
                    }
                }
                CheckFailure::Refused(err) => err,
                CheckFailure::WrongType => Error::InvalidSetting {
                    setting: name.to_string(),
                    reason: format!(
                        "“{}” is not a value it takes. {}",
                        text.unwrap_or_default().trim(),
                        part.map_or(key.about, |_| kind_of(&default, part))
                    ),
                },
            })?;
        write_raw(&mut *tx, key.name(), &to_json(&kept)?).await?;
        tx.commit().await?;
        let mut out = Vec::new();
        flatten(key, Some(&to_json(&kept)?), &mut out);
        if part.is_some() {
            out.retain(|v| v.name == name);
        }
        Ok(out)
    }
}

/// What a part of a grouped setting takes, from the kind of its default.
fn kind_of(default: &Value, part: Option<&str>) -> &'static str {
    match part.map(|p| &default[p]) {
        Some(Value::Bool(_)) => "Give true or false.",
        Some(Value::Number(_)) => "Give a whole number.",
        Some(Value::Array(_)) => "Give a list such as [1,2,3,4,5].",
        Some(Value::Null) => "Give a time of day as HH:MM, or none.",
        _ => "Give a time of day as HH:MM.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_snapshot_reads_what_the_store_wrote_and_a_missing_file_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stint.db");
        let empty = SettingsSnapshot::read(&path).await.unwrap();
        assert_eq!(empty.get(&CRASH_REPORTS), None);
        assert!(!path.exists(), "reading must not create the database");

        let store = Store::open(&path).await.unwrap();
        store.set(&CRASH_REPORTS, Some(true)).await.unwrap();
        store
            .set(&UPDATE_CHANNEL, UpdateChannel::Beta)
            .await
            .unwrap();
        let snapshot = SettingsSnapshot::read(&path).await.unwrap();
        assert_eq!(snapshot.get(&CRASH_REPORTS), Some(true));
        assert_eq!(snapshot.get(&UPDATE_CHANNEL), UpdateChannel::Beta);
        store.close().await;
    }

    #[tokio::test]
    async fn a_kept_value_of_the_wrong_type_reads_as_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("stint.db")).await.unwrap();
        write_raw(&store.pool, UPDATE_CHANNEL.key, "\"nightly\"")
            .await
            .unwrap();
        assert_eq!(
            store.get(&UPDATE_CHANNEL).await.unwrap(),
            UpdateChannel::Stable
        );
        assert!(
            store.get(&UPDATE_AUTO_CHECK).await.unwrap(),
            "defaults to on"
        );
        store.close().await;
    }

    #[test]
    fn every_config_key_is_named_once_and_shows_its_default() {
        let mut names: Vec<_> = CONFIG_KEYS.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CONFIG_KEYS.len());
        assert_eq!(
            CONFIG_KEYS[0].setting.show(None),
            Value::String("monday".into())
        );
    }
}
