import { escapeHtml } from "../../email/email.templates.ts";
import type { WidgetLook } from "./widget.schema.ts";

// /chat/preview/<publicKey>: a plain page of ours that embeds the widget exactly as a customer's
// site would (the snippet's script tag), so an admin can try it before pasting it anywhere.

export function widgetPreviewPage(input: { publicKey: string; look: WidgetLook; scriptUrl: string }): string {
  const name = escapeHtml(input.look.name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${name} — chat preview</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #0f172a; background: #f1f5f9; }
  main { max-width: 640px; margin: 64px auto; padding: 0 24px; }
  h1 { font-size: 24px; margin: 0 0 12px; }
  p { line-height: 1.6; color: #334155; }
  code { background: #e2e8f0; padding: 2px 6px; border-radius: 4px; }
</style>
</head>
<body>
<main>
  <h1>${name}</h1>
  <p>This page embeds your chat widget the way your website will. Open it with the button in the corner and send a message: it arrives in your Quartet inbox.</p>
  <p>Widget key: <code>${escapeHtml(input.publicKey)}</code></p>
</main>
<script src="${escapeHtml(input.scriptUrl)}" data-quartet-chat="${escapeHtml(input.publicKey)}" async></script>
</body>
</html>
`;
}
