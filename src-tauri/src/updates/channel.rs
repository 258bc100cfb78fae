//! The update channel a person follows. It also names the environment of crash reports, so a
//! beta's reports are told apart from stable's.

use serde::{Deserialize, Serialize};
use specta::Type;

/// The setting that holds the channel.
pub const CHANNEL_SETTING: &str = "update_channel";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
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
