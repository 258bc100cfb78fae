//! Performance KPIs, sent with the same consent as crash reports: start-up time and the
//! latency of each command, as Sentry transactions. The SDK samples them
//! (`TRACES_SAMPLE_RATE`); an unsampled transaction costs a clock read.

use std::future::Future;
use std::sync::Mutex;
use std::time::SystemTime;

use sentry::{Transaction, TransactionContext};

static STARTUP: Mutex<Option<Transaction>> = Mutex::new(None);

/// Starts timing the start-up from `began` (taken first thing in `run`).
pub fn startup_began(began: SystemTime) {
    if !super::granted() {
        return;
    }
    let ctx = TransactionContext::new("app.start", "app.start");
    let transaction = sentry::start_transaction_with_timestamp(ctx, began);
    if let Ok(mut startup) = STARTUP.lock() {
        *startup = Some(transaction);
    }
}

/// Ends the start-up: the window's page has loaded, or the tray is up for a hidden start.
pub fn startup_finished() {
    let transaction = STARTUP.lock().ok().and_then(|mut startup| startup.take());
    if let Some(transaction) = transaction {
        transaction.finish();
    }
}

/// Times a command's work as a transaction named after the command.
pub trait Timed: Future + Sized {
    fn timed(self, command: &'static str) -> impl Future<Output = Self::Output> {
        async move {
            if !super::granted() {
                return self.await;
            }
            let transaction =
                sentry::start_transaction(TransactionContext::new(command, "ipc.command"));
            let output = self.await;
            transaction.finish();
            output
        }
    }
}

impl<F: Future> Timed for F {}
