//! What a report may never carry: the person's words (descriptions, project and tag names),
//! their machine's name, their user name, their home directory. Every string of an event is
//! searched, not only the fields known to hold such things, since a panic message or a stack
//! frame can quote any of them.

use sentry::protocol::{Envelope, EnvelopeItem, Event, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Replaces the person's words, machine, user name and home directory in every string.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    home: Option<String>,
    user: Option<String>,
    host: Option<String>,
    /// Longest first.
    texts: Vec<String>,
}

impl Scrubber {
    pub fn new(
        home: Option<String>,
        user: Option<String>,
        host: Option<String>,
        texts: Vec<String>,
    ) -> Self {
        let meaningful = |s: Option<String>| s.filter(|s| s.chars().count() >= 2);
        Scrubber {
            home: meaningful(home.map(|h| h.trim_end_matches(['/', '\\']).to_owned())),
            user: meaningful(user),
            host: meaningful(host),
            texts,
        }
    }

    /// The scrubber for this process: its home, user and the texts the app knows right now.
    /// `host` is the machine name the SDK put on the event, which is how it is learned.
    pub fn for_this_process(host: Option<String>) -> Self {
        let home = std::env::var("HOME")
            .or_else(|_| std::env::var("USERPROFILE"))
            .ok();
        let user = ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|key| std::env::var(key).ok());
        Scrubber::new(home, user, host, super::redactions::current())
    }

    pub fn text(&self, input: &str) -> String {
        let mut out = input.to_owned();
        if let Some(home) = &self.home {
            out = replace_bounded(&out, home, "~");
        }
        for text in &self.texts {
            out = replace_bounded(&out, text, "[redacted]");
        }
        if let Some(host) = &self.host {
            out = replace_bounded(&out, host, "[hostname]");
        }
        if let Some(user) = &self.user {
            out = replace_bounded(&out, user, "[user]");
        }
        out
    }

    /// Scrubs every string in `value`, keys included, through its JSON form.
    fn value<T: Serialize + DeserializeOwned>(&self, value: T) -> Option<T> {
        let mut json = serde_json::to_value(&value).ok()?;
        self.json(&mut json);
        serde_json::from_value(json).ok()
    }

    fn json(&self, value: &mut serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::String(s) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.json(&mut v);
                    map.insert(self.text(&key), v);
                }
            }
            _ => {}
        }
    }

    /// An event with nothing personal left: no user, no machine name, no request data, and
    /// every remaining string scrubbed. `None` if it cannot be scrubbed (then it is not sent).
    pub fn event(&self, mut event: Event<'static>) -> Option<Event<'static>> {
        event.user = None;
        event.server_name = None;
        if let Some(request) = event.request.as_mut() {
            request.data = None;
            request.cookies = None;
            request.headers.clear();
            request.env.clear();
        }
        self.value(event)
    }

    pub fn transaction(
        &self,
        mut transaction: Transaction<'static>,
    ) -> Option<Transaction<'static>> {
        transaction.user = None;
        transaction.server_name = None;
        transaction.request = None;
        self.value(transaction)
    }
}

/// `before_send` in the app process.
pub fn event(mut event: Event<'static>) -> Option<Event<'static>> {
    let host = event.server_name.take().map(|h| h.into_owned());
    Scrubber::for_this_process(host).event(event)
}

/// The last pass, at the transport: transactions never went through `before_send`, and
/// anything that cannot be read item by item (raw bytes, attachments from the webview) is
/// dropped rather than sent unread. Minidumps come from the crash reporter process, not here.
pub fn envelope(envelope: Envelope) -> Envelope {
    let headers = envelope.headers().clone();
    let mut out = Envelope::new().with_headers(headers);
    for item in envelope.into_items() {
        match item {
            EnvelopeItem::Event(event) => {
                if let Some(event) = self::event(*event) {
                    out.add_item(event);
                }
            }
            EnvelopeItem::Transaction(transaction) => {
                let mut transaction = *transaction;
                let host = transaction.server_name.take().map(|h| h.into_owned());
                if let Some(transaction) = Scrubber::for_this_process(host).transaction(transaction)
                {
                    out.add_item(transaction);
                }
            }
            item @ (EnvelopeItem::SessionUpdate(_) | EnvelopeItem::SessionAggregates(_)) => {
                out.add_item(item)
            }
            _ => {}
        }
    }
    out
}

/// In the crash reporter, before the minidump goes out: the dump is binary (thread stacks,
/// the module list, the process environment), so the home path, user name and machine name
/// are masked in place with as many bytes, which keeps every offset in the file valid.
/// Names shorter than three bytes are left: masking them would hit unrelated bytes.
pub fn minidump(scope: &mut sentry::Scope, path: &std::path::Path) {
    let Ok(mut dump) = std::fs::read(path) else {
        return;
    };
    let this = Scrubber::for_this_process(hostname());
    for (needle, mask) in [(&this.home, b'_'), (&this.user, b'*'), (&this.host, b'*')] {
        if let Some(needle) = needle.as_deref().filter(|n| n.len() >= 3) {
            mask_bytes(&mut dump, needle.as_bytes(), mask);
            let wide: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
            mask_bytes(&mut dump, &wide, mask);
        }
    }
    let filename = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "minidump.dmp".into());
    scope.clear_attachments();
    scope.add_attachment(sentry::protocol::Attachment {
        buffer: dump,
        filename,
        ty: Some(sentry::protocol::AttachmentType::Minidump),
        ..Default::default()
    });
}

/// The machine's name, as the SDK would report it.
fn hostname() -> Option<String> {
    sentry::Hub::current()
        .client()
        .and_then(|client| client.options().server_name.as_ref().map(|h| h.to_string()))
}

/// Overwrites every occurrence of `needle` in `haystack` with `mask` bytes, in place.
fn mask_bytes(haystack: &mut [u8], needle: &[u8], mask: u8) {
    if needle.is_empty() || haystack.len() < needle.len() {
        return;
    }
    let mut at = 0;
    while at + needle.len() <= haystack.len() {
        if haystack[at..].starts_with(needle) {
            haystack[at..at + needle.len()].fill(mask);
            at += needle.len();
        } else {
            at += 1;
        }
    }
}

/// Replaces `needle` where it stands as a whole word: "Stint" in "Stint's" but not "Stinted".
pub(crate) fn replace_bounded(haystack: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() || !haystack.contains(needle) {
        return haystack.to_owned();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = String::with_capacity(haystack.len());
    let starts_word = needle.chars().next().is_some_and(|c| word(Some(c)));
    let ends_word = needle.chars().last().is_some_and(|c| word(Some(c)));
    let mut rest = haystack;
    while let Some(at) = rest.find(needle) {
        out.push_str(&rest[..at]);
        let before = out.chars().last();
        let after = rest[at + needle.len()..].chars().next();
        let inside_a_word = (starts_word && word(before)) || (ends_word && word(after));
        if !inside_a_word {
            out.push_str(with);
        } else {
            out.push_str(needle);
        }
        rest = &rest[at + needle.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentry::protocol::{Breadcrumb, Exception, Frame, Request, Stacktrace, User, Value};

    fn scrubber() -> Scrubber {
        Scrubber::new(
            Some("/home/alice".into()),
            Some("alice".into()),
            Some("alices-laptop".into()),
            vec![
                "Writing the Q3 report".into(),
                "Acme Corp".into(),
                "urgent".into(),
            ],
        )
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            replace_bounded("alice's alicex xalice alice", "alice", "[u]"),
            "[u]'s alicex xalice [u]"
        );
        assert_eq!(
            replace_bounded("/home/alice/x and /home/alicex", "/home/alice", "~"),
            "~/x and /home/alicex"
        );
        assert_eq!(
            replace_bounded("nothing here", "alice", "[u]"),
            "nothing here"
        );
        assert_eq!(replace_bounded("émile émile", "émile", "x"), "x x");
    }

    #[test]
    fn masking_keeps_the_length_of_a_binary() {
        let mut dump = b"MDMP\x00/home/alice/.cache\x00h\x00o\x00".to_vec();
        let len = dump.len();
        mask_bytes(&mut dump, b"/home/alice", b'_');
        mask_bytes(&mut dump, &[b'h', 0, b'o', 0], b'*');
        assert_eq!(dump.len(), len);
        assert_eq!(dump, b"MDMP\x00___________/.cache\x00****".to_vec());
    }

    #[test]
    fn an_event_keeps_nothing_personal_anywhere() {
        let event = Event {
            message: Some("panicked while Writing the Q3 report for Acme Corp".into()),
            server_name: Some("alices-laptop".into()),
            user: Some(User {
                username: Some("alice".into()),
                ..Default::default()
            }),
            exception: vec![Exception {
                ty: "panic".into(),
                value: Some("could not save \"urgent\" in /home/alice/.local/share/stint".into()),
                stacktrace: Some(Stacktrace {
                    frames: vec![Frame {
                        abs_path: Some("/home/alice/src/stint/src/lib.rs".into()),
                        function: Some("stint_app::run".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                }),
                ..Default::default()
            }]
            .into(),
            breadcrumbs: vec![Breadcrumb {
                message: Some("clicked Edit entry: Writing the Q3 report".into()),
                ..Default::default()
            }]
            .into(),
            request: Some(Request {
                headers: [("Host".to_string(), "alices-laptop".to_string())].into(),
                ..Default::default()
            }),
            extra: [("machine".to_string(), Value::from("alices-laptop"))].into(),
            tags: [("Acme Corp".to_string(), "alice".to_string())].into(),
            ..Default::default()
        };
        let scrubbed = scrubber().event(event).expect("scrubbable");
        let json = serde_json::to_string(&scrubbed).unwrap();
        for secret in [
            "Writing the Q3 report",
            "Acme Corp",
            "urgent",
            "alices-laptop",
            "/home/alice",
            "alice",
        ] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
        // What helps to fix the bug stays.
        assert!(json.contains("stint_app::run"), "{json}");
        assert!(json.contains("~/src/stint/src/lib.rs"), "{json}");
        assert!(json.contains("could not save"), "{json}");
        assert!(json.contains("[redacted]"), "{json}");
    }

    #[test]
    fn a_transaction_loses_its_machine_name() {
        let transaction = Transaction {
            name: Some("start_timer".into()),
            server_name: Some("alices-laptop".into()),
            ..Default::default()
        };
        let scrubbed = scrubber().transaction(transaction).unwrap();
        let json = serde_json::to_string(&scrubbed).unwrap();
        assert!(!json.contains("alices-laptop"), "{json}");
        assert_eq!(scrubbed.name.as_deref(), Some("start_timer"));
    }

    #[test]
    fn raw_and_attachment_items_are_dropped_at_the_transport() {
        let mut envelope = Envelope::new();
        envelope.add_item(sentry::protocol::Attachment {
            buffer: b"whatever the webview attached".to_vec(),
            filename: "a.txt".into(),
            ..Default::default()
        });
        assert_eq!(self::envelope(envelope).items().count(), 0);
        let raw = Envelope::from_bytes_raw(b"{}\n".to_vec()).unwrap();
        assert_eq!(self::envelope(raw).items().count(), 0);
    }
}
