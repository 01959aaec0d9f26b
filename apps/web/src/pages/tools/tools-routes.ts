// The Tools area's screens, loaded as one chunk by the router.
export { ToolPage } from "./tool-page.tsx";
export { ToolsHomePage } from "./tools-home.tsx";
export { ToolsLayout } from "./tools-layout.tsx";
