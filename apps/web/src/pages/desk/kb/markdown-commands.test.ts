import { describe, expect, it } from "vitest";
import { applyEdit, type MarkdownCommand, markdownEdit } from "./markdown-commands.ts";

const placeholders = { text: "text", linkText: "link text" };

/** Runs a command on `value` where [ and ] mark the selection; returns the result marked the same way. */
function run(command: MarkdownCommand, marked: string): string {
  const selectionStart = marked.indexOf("[");
  const selectionEnd = marked.indexOf("]") - 1;
  const value = marked.replace("[", "").replace("]", "");
  const edit = markdownEdit(command, { value, selectionStart, selectionEnd }, placeholders);
  const out = applyEdit(value, edit);
  return `${out.slice(0, edit.selectionStart)}[${out.slice(edit.selectionStart, edit.selectionEnd)}]${out.slice(edit.selectionEnd)}`;
}

describe("markdown toolbar commands", () => {
  it("wraps the selection in bold / italic / code, and unwraps it again", () => {
    expect(run("bold", "say [hello] now")).toBe("say **[hello]** now");
    expect(run("bold", "say **[hello]** now")).toBe("say [hello] now");
    expect(run("italic", "[x]")).toBe("_[x]_");
    expect(run("code", "run [npm i]")).toBe("run `[npm i]`");
  });

  it("inserts a selected placeholder when nothing is selected", () => {
    expect(run("bold", "a []b")).toBe("a **[text]**b");
  });

  it("fences a multi-line selection as a code block", () => {
    expect(run("code", "[a\nb]")).toBe("```\n[a\nb]\n```");
  });

  it("makes a link, selecting the URL to type next (or the label when there is none)", () => {
    expect(run("link", "see [docs]")).toBe("see [docs]([https://])");
    expect(run("link", "see []")).toBe("see [[link text]](https://)");
  });

  it("prefixes every selected line for heading / list / quote, and removes the prefix again", () => {
    expect(run("list", "[one\ntwo]")).toBe("[- one\n- two]");
    expect(run("list", "[- one\n- two]")).toBe("[one\ntwo]");
    expect(run("heading", "intro\nTi[]tle\nmore")).toBe("intro\n## Ti[]tle\nmore");
    expect(run("quote", "a\n[b]")).toBe("a\n[> b]");
  });
});
