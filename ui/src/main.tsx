import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { startErrorReporting } from "./errorReporting";
import "./styles.css";

startErrorReporting();

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
