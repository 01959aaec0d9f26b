import { describe, expect, it } from "vitest";
import { stripQuotedReply } from "./email-inbound.text.ts";

describe("stripQuotedReply", () => {
  it("cuts at a Gmail attribution and drops the quote", () => {
    const text = [
      "Thanks, that fixed it!",
      "",
      "Ada",
      "",
      "On Mon, 2 Nov 2026 at 10:00, Acme Support <acme@inbound.quartet.local> wrote:",
      "> Please unplug the printer.",
      ">",
      "> Grace",
    ].join("\r\n");
    expect(stripQuotedReply(text)).toBe("Thanks, that fixed it!\n\nAda");
  });

  it("handles an attribution wrapped over two lines and the French form", () => {
    expect(
      stripQuotedReply(
        "Still broken.\n\nOn Mon, 2 Nov 2026 at 10:00, Acme Support\n<acme@x.test> wrote:\n> old",
      ),
    ).toBe("Still broken.");
    expect(
      stripQuotedReply("Merci !\n\nLe lun. 2 nov. 2026 à 10:00, Acme <a@x.test> a écrit :\n> avant"),
    ).toBe("Merci !");
  });

  it("cuts at an Outlook separator and removes interleaved quoted lines", () => {
    expect(stripQuotedReply("Yes.\n\n-----Original Message-----\nFrom: Acme\nSent: today")).toBe("Yes.");
    expect(stripQuotedReply("> Did you restart it?\nYes, twice.\n> And then?\nSame error.")).toBe(
      "Yes, twice.\nSame error.",
    );
  });

  it("keeps the text when it is only a quote, and tidies blank lines", () => {
    expect(stripQuotedReply("> only a quote")).toBe("> only a quote");
    expect(stripQuotedReply("\n\nline one  \n\n\n\nline two\n\n")).toBe("line one\n\nline two");
  });
});
