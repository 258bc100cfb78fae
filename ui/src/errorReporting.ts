// Uncaught errors and unhandled promise rejections in the window go to the Rust side through
// tauri-plugin-sentry, which sends them only if the person agreed, after scrubbing them. The
// webview holds no DSN and talks to no Sentry host: its CSP allows neither.
import {
  BrowserClient,
  createTransport,
  dedupeIntegration,
  defaultStackParser,
  getCurrentScope,
  globalHandlersIntegration,
  linkedErrorsIntegration,
} from "@sentry/browser";
import { invoke } from "@tauri-apps/api/core";

export function startErrorReporting() {
  const client = new BrowserClient({
    // The SDK needs a DSN to start; nothing goes there, the transport hands envelopes to Rust.
    dsn: "https://stint@ipc.invalid/0",
    transport: (options) =>
      createTransport(options, async (request) => {
        const envelope = typeof request.body === "string" ? request.body : Array.from(request.body);
        // A build without reporting has no plugin to take it: nothing to do then.
        await invoke("plugin:sentry|envelope", { envelope }).catch(() => {});
        return { statusCode: 200 };
      }),
    stackParser: defaultStackParser,
    // Only what catches errors: no breadcrumbs of clicks, console or requests, which would
    // carry what the person typed.
    integrations: [globalHandlersIntegration(), linkedErrorsIntegration(), dedupeIntegration()],
  });
  getCurrentScope().setClient(client);
  client.init();
}
