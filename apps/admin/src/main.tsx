import "./styles.css";
import { applyTheme } from "@quartet/ui/lib/theme";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./app.tsx";
import { createAdminI18n } from "./i18n/index.ts";

applyTheme();
const { ready } = createAdminI18n();

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

// The admin's language arrives with the first screen's code; render once it is there.
await ready.catch(() => {});
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
