// Macro placeholders: a fixed, safe set of variables rendered server-side as plain text.
// Nothing else is evaluated: no expressions, no property paths beyond this list.

export const MACRO_PLACEHOLDERS = [
  "requester.name",
  "requester.firstName",
  "requester.email",
  "ticket.number",
  "ticket.subject",
  "agent.name",
  "agent.firstName",
  "workspace.name",
] as const;
export type MacroPlaceholder = (typeof MACRO_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const known = new Set<string>(MACRO_PLACEHOLDERS);

/** Placeholders in the text that are not in the fixed set (each once, in order). */
export function unknownPlaceholders(text: string): string[] {
  const unknown: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!known.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

export type MacroVariables = Record<MacroPlaceholder, string>;

const firstWord = (name: string) => name.trim().split(/\s+/)[0] ?? "";

export function macroVariables(input: {
  requester: { name: string | null; email: string | null };
  ticket: { number: number; subject: string };
  agent: { name: string | null; email: string };
  workspace: { name: string };
}): MacroVariables {
  const requesterName = input.requester.name?.trim() || input.requester.email || "";
  const agentName = input.agent.name?.trim() || input.agent.email;
  return {
    "requester.name": requesterName,
    "requester.firstName": input.requester.name?.trim() ? firstWord(input.requester.name) : requesterName,
    "requester.email": input.requester.email ?? "",
    "ticket.number": `#${input.ticket.number}`,
    "ticket.subject": input.ticket.subject,
    "agent.name": agentName,
    "agent.firstName": input.agent.name?.trim() ? firstWord(input.agent.name) : agentName,
    "workspace.name": input.workspace.name,
  };
}

/** Replaces known placeholders with their values; unknown ones are left as written. */
export function renderMacro(text: string, vars: MacroVariables): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    known.has(name) ? vars[name as MacroPlaceholder] : whole,
  );
}
