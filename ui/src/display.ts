import { createContext, useContext } from "react";
import type { DisplayPreferences } from "./bindings";

/** How times and totals are shown (Settings → Display); the core keeps them. */
export const DEFAULT_DISPLAY: DisplayPreferences = { week_start: "monday", clock: "24h", duration_format: "h:mm:ss" };

export const DisplayContext = createContext<DisplayPreferences>(DEFAULT_DISPLAY);

export function useDisplay(): DisplayPreferences {
  return useContext(DisplayContext);
}
