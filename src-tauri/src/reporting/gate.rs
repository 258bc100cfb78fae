//! The one door every envelope leaves through: closed unless the person said yes. Events,
//! sessions, transactions and attachments all pass here, so no code path can report around
//! the consent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sentry::transports::DefaultTransportFactory;
use sentry::{Envelope, Transport, TransportFactory, TransportOptions};

static CONSENT: AtomicBool = AtomicBool::new(false);

/// Whether the person agreed to send reports. Starts closed.
pub fn granted() -> bool {
    CONSENT.load(Ordering::SeqCst)
}

pub(super) fn set(granted: bool) {
    CONSENT.store(granted, Ordering::SeqCst);
}

/// Builds the SDK's own HTTP transport behind the consent check.
pub struct GatedTransportFactory;

impl TransportFactory for GatedTransportFactory {
    fn create_transport_with_options(&self, options: TransportOptions) -> Arc<dyn Transport> {
        Arc::new(GatedTransport(
            DefaultTransportFactory.create_transport_with_options(options),
        ))
    }
}

struct GatedTransport(Arc<dyn Transport>);

impl Transport for GatedTransport {
    fn send_envelope(&self, envelope: Envelope) {
        if !granted() {
            return;
        }
        let envelope = super::scrub::envelope(envelope);
        if envelope.items().next().is_some() {
            self.0.send_envelope(envelope);
        }
    }

    fn flush(&self, timeout: Duration) -> bool {
        self.0.flush(timeout)
    }

    fn shutdown(&self, timeout: Duration) -> bool {
        self.0.shutdown(timeout)
    }
}
