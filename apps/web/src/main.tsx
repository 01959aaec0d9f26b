import "./index.css";
import { applyTheme } from "@quartet/ui/lib/theme";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { i18nReady } from "./i18n/index.ts";

applyTheme();

// The person's language arrives with the first screen's code; render once it is there.
await i18nReady.catch(() => {});
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
