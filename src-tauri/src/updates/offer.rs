//! What a channel's latest release means for the version installed. Pure, so the rule that
//! moving back to Stable never downgrades silently is tested without a server.

use semver::Version;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// The channel's release is the version installed.
    UpToDate,
    /// The channel has a newer version: offered, and installed when the person agrees.
    Newer,
    /// The installed version is newer than the channel's (a beta, after switching back to
    /// Stable): nothing is offered; the person stays until the channel passes them, or
    /// explicitly reinstalls the channel's version.
    Behind,
}

pub fn offer(installed: &Version, channel_release: &Version) -> Offer {
    match channel_release.cmp_precedence(installed) {
        std::cmp::Ordering::Greater => Offer::Newer,
        std::cmp::Ordering::Equal => Offer::UpToDate,
        std::cmp::Ordering::Less => Offer::Behind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn newer_releases_are_offered_and_older_ones_never() {
        assert_eq!(offer(&v("0.1.0"), &v("0.2.0")), Offer::Newer);
        assert_eq!(offer(&v("0.2.0"), &v("0.2.0")), Offer::UpToDate);
        assert_eq!(offer(&v("0.2.0"), &v("0.1.9")), Offer::Behind);
    }

    #[test]
    fn a_beta_switched_back_to_stable_waits_for_stable_to_pass_it() {
        // On 0.3.0-beta.2, Stable's 0.2.5 is behind: no downgrade.
        assert_eq!(offer(&v("0.3.0-beta.2"), &v("0.2.5")), Offer::Behind);
        // Stable's 0.3.0 passes every 0.3.0 pre-release.
        assert_eq!(offer(&v("0.3.0-beta.2"), &v("0.3.0")), Offer::Newer);
        // On Beta, a later beta is an update and an earlier one is not.
        assert_eq!(offer(&v("0.3.0-beta.1"), &v("0.3.0-beta.2")), Offer::Newer);
        assert_eq!(offer(&v("0.3.0-beta.2"), &v("0.3.0-beta.1")), Offer::Behind);
    }

    #[test]
    fn build_metadata_does_not_make_a_release_newer() {
        assert_eq!(offer(&v("0.2.0"), &v("0.2.0+ci.7")), Offer::UpToDate);
    }
}
