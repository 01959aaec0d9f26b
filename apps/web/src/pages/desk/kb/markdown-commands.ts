// The editor toolbar's Markdown edits, as pure functions over (text, selection) so they are easy
// to test; the editor applies the result to the textarea.

export type MarkdownCommand = "bold" | "italic" | "heading" | "link" | "list" | "code" | "quote";

export interface TextState {
  value: string;
  selectionStart: number;
  selectionEnd: number;
}

/** Replace [from, to) with `text`, then select [selectionStart, selectionEnd) of the new value. */
export interface TextEdit {
  from: number;
  to: number;
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

/** Wraps the selection in `before`/`after`, or unwraps it when it is already wrapped. */
function wrap(state: TextState, before: string, after: string, placeholder: string): TextEdit {
  const { value, selectionStart: s, selectionEnd: e } = state;
  const selected = value.slice(s, e);
  if (value.slice(s - before.length, s) === before && value.slice(e, e + after.length) === after) {
    return {
      from: s - before.length,
      to: e + after.length,
      text: selected,
      selectionStart: s - before.length,
      selectionEnd: e - before.length,
    };
  }
  const inner = selected || placeholder;
  const start = s + before.length;
  return {
    from: s,
    to: e,
    text: `${before}${inner}${after}`,
    selectionStart: start,
    selectionEnd: start + inner.length,
  };
}

/** Adds `prefix` to every line the selection touches, or removes it when all of them have it. */
function prefixLines(state: TextState, prefix: string): TextEdit {
  const { value, selectionStart: s, selectionEnd: e } = state;
  const from = value.lastIndexOf("\n", s - 1) + 1;
  const endOfLine = value.indexOf("\n", e > s && value[e - 1] === "\n" ? e - 1 : e);
  const to = endOfLine === -1 ? value.length : endOfLine;
  const lines = value.slice(from, to).split("\n");
  const all = lines.every((l) => l.startsWith(prefix));
  const text = lines.map((l) => (all ? l.slice(prefix.length) : `${prefix}${l}`)).join("\n");
  const shift = all ? -prefix.length : prefix.length;
  // A cursor follows its text; a selected range grows or shrinks to cover the changed lines.
  if (s === e) {
    const at = Math.max(from, s + shift);
    return { from, to, text, selectionStart: at, selectionEnd: at };
  }
  return { from, to, text, selectionStart: from, selectionEnd: from + text.length };
}

export function markdownEdit(
  command: MarkdownCommand,
  state: TextState,
  placeholders: { text: string; linkText: string },
): TextEdit {
  switch (command) {
    case "bold":
      return wrap(state, "**", "**", placeholders.text);
    case "italic":
      return wrap(state, "_", "_", placeholders.text);
    case "code": {
      const multiline = state.value.slice(state.selectionStart, state.selectionEnd).includes("\n");
      return multiline ? wrap(state, "```\n", "\n```", "") : wrap(state, "`", "`", placeholders.text);
    }
    case "link": {
      const { value, selectionStart: s, selectionEnd: e } = state;
      const label = value.slice(s, e) || placeholders.linkText;
      const url = "https://";
      // Select the URL when there is a label already (the next thing to type), else the label.
      const text = `[${label}](${url})`;
      return s === e
        ? { from: s, to: e, text, selectionStart: s + 1, selectionEnd: s + 1 + label.length }
        : {
            from: s,
            to: e,
            text,
            selectionStart: s + label.length + 3,
            selectionEnd: s + label.length + 3 + url.length,
          };
    }
    case "heading":
      return prefixLines(state, "## ");
    case "list":
      return prefixLines(state, "- ");
    case "quote":
      return prefixLines(state, "> ");
  }
}

/** The edit applied to a string (for tests and the fallback path). */
export function applyEdit(value: string, edit: TextEdit): string {
  return value.slice(0, edit.from) + edit.text + value.slice(edit.to);
}
