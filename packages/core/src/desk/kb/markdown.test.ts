import { describe, expect, it } from "vitest";
import { markdownExcerpt, markdownToText, renderMarkdown } from "./markdown.ts";

describe("renderMarkdown", () => {
  it("renders GFM: headings, emphasis, lists, code, quotes and tables survive sanitizing", () => {
    const html = renderMarkdown(
      [
        "## Reset your password",
        "",
        "Open **Settings** and *click* `Reset`.",
        "",
        "1. First",
        "2. Second",
        "",
        "- [x] done",
        "",
        "> A quote",
        "",
        "```js",
        "const a = 1 < 2;",
        "```",
        "",
        "| Plan | Price |",
        "| :--- | ----: |",
        "| Pro  | 10 €  |",
        "",
        "~~old~~",
      ].join("\n"),
    );
    expect(html).toContain("<h2>Reset your password</h2>");
    expect(html).toContain("<strong>Settings</strong>");
    expect(html).toContain("<em>click</em>");
    expect(html).toContain("<code>Reset</code>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<li>First</li>");
    expect(html).toContain('<input type="checkbox" disabled checked />');
    expect(html).toContain("<blockquote>");
    expect(html).toContain('<pre><code class="language-js">const a = 1 &lt; 2;');
    expect(html).toContain("<table>");
    expect(html).toContain('<th align="left">Plan</th>');
    expect(html).toContain('<td align="right">10 €</td>');
    expect(html).toContain("<del>old</del>");
  });

  it("drops <script> and <style> with their content, and iframes", () => {
    const html = renderMarkdown(
      'Hi <script>alert("x")</script><style>body{display:none}</style><iframe src="https://evil.test"></iframe> there',
    );
    expect(html).not.toMatch(/script|alert|style|display|iframe|evil/i);
    expect(html).toContain("Hi");
    expect(html).toContain("there");
  });

  it("strips event handler and style attributes", () => {
    const html = renderMarkdown(
      '<img src="https://x.test/a.png" onerror="alert(1)" style="position:fixed"> <p onclick="steal()" style="color:red">text</p>',
    );
    expect(html).not.toMatch(/onerror|onclick|alert|steal|style|position/i);
    expect(html).toContain('<img src="https://x.test/a.png" />');
    expect(html).toContain("<p>text</p>");
  });

  it("refuses javascript: links in every spelling, keeping only the text", () => {
    for (const md of [
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      '<a href="javascript:alert(1)">click</a>',
      '<a href="java&#x09;script&#58;alert(1)">click</a>',
      '<a href=" javascript:alert(1)">click</a>',
      "[click](vbscript:msgbox(1))",
    ]) {
      const html = renderMarkdown(md);
      expect(html, md).not.toMatch(/javascript|vbscript|alert|msgbox|href|<a/i);
      expect(html, md).toContain("click");
    }
  });

  it("refuses data: URLs in links and images", () => {
    const link = renderMarkdown("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)");
    expect(link).toBe("<p>x</p>\n");
    const img = renderMarkdown("![pixel](data:image/png;base64,iVBORw0KGgo=)");
    expect(img).not.toMatch(/data:|<img/);
    const rawImg = renderMarkdown('<img src="data:image/svg+xml,<svg onload=alert(1)>">');
    expect(rawImg).not.toMatch(/data:|<img|onload|alert/);
  });

  it("keeps http(s) and mailto links, opening in a new tab without opener or ranking", () => {
    const html = renderMarkdown(
      '[docs](https://docs.example.test/a?b=1 "Docs") and [mail](mailto:help@example.test) and <a href="https://x.test" target="_self" rel="opener">x</a>',
    );
    expect(html).toContain(
      '<a href="https://docs.example.test/a?b=1" title="Docs" rel="noopener noreferrer nofollow" target="_blank">docs</a>',
    );
    expect(html).toContain(
      '<a href="mailto:help@example.test" rel="noopener noreferrer nofollow" target="_blank">mail</a>',
    );
    expect(html).toContain(
      '<a href="https://x.test" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
    expect(html).not.toContain("_self");
  });

  it("refuses relative and protocol-relative link and image URLs", () => {
    const html = renderMarkdown("[a](/admin) [b](//evil.test/x) ![c](//evil.test/c.png) ![d](/d.png)");
    expect(html).not.toMatch(/href|evil|<img|<a/);
    expect(html).toContain("a b");
  });

  it("keeps images with http(s) src and their alt text", () => {
    expect(renderMarkdown("![The settings page](https://cdn.example.test/s.png)")).toBe(
      '<p><img src="https://cdn.example.test/s.png" alt="The settings page" /></p>\n',
    );
  });

  it("escapes text that looks like HTML inside code", () => {
    expect(renderMarkdown("`<b>bold</b>`")).toBe("<p><code>&lt;b&gt;bold&lt;/b&gt;</code></p>\n");
  });
});

describe("markdownExcerpt", () => {
  it("is the plain text of the first paragraph", () => {
    expect(
      markdownExcerpt(
        "# Title\n\nOpen **Settings**, then [click here](https://x.test) and `Reset`.\n\nMore.",
      ),
    ).toBe("Open Settings, then click here and Reset.");
  });

  it("collapses whitespace and cuts long text at a word boundary", () => {
    const long = `${"word ".repeat(100)}end`;
    const excerpt = markdownExcerpt(long, 50) ?? "";
    expect(excerpt.length).toBeLessThanOrEqual(50);
    expect(excerpt.endsWith("word…")).toBe(true);
    expect(markdownExcerpt("line one\nline   two")).toBe("line one line two");
  });

  it("ignores raw HTML and is null without a paragraph", () => {
    expect(markdownExcerpt("Hi <b>there</b>")).toBe("Hi there");
    expect(markdownExcerpt("Run <script>alert(1)</script>it & see <x>")).toBe("Run it & see");
    expect(markdownExcerpt("## Only a heading\n\n- a list")).toBeNull();
    expect(markdownExcerpt("")).toBeNull();
  });
});

describe("markdownToText", () => {
  it("keeps the words and drops the markup, link targets and raw HTML", () => {
    const md = [
      "## Reset your **password**",
      "",
      "Open [Settings](https://example.test/settings) → *Security*, then `Reset`.",
      "",
      "- one",
      "- two",
      "",
      "> Note: <b>bold</b> & <script>alert(1)</script>done",
      "",
      "| a | b |",
      "|---|---|",
      "| c | d |",
    ].join("\n");
    expect(markdownToText(md)).toBe(
      "Reset your password Open Settings → Security, then Reset. one two Note: bold & done a b c d",
    );
  });
});
