import { describe, expect, it } from "vitest";
import { clip, messagePreview } from "./message-preview.ts";

describe("messagePreview", () => {
  it("folds whitespace and cuts at 200 characters without splitting an emoji", () => {
    expect(messagePreview({ contentType: "TEXT", text: "  Hello\n\n there  " })).toBe("Hello there");
    const long = `${"a".repeat(198)}👍👍👍`;
    const clipped = clip(long);
    expect(Array.from(clipped)).toHaveLength(200);
    expect(clipped.endsWith("👍…")).toBe(true);
  });

  it("marks media with an emoji, then the caption, the file name or the place", () => {
    expect(messagePreview({ contentType: "IMAGE", text: null })).toBe("📷");
    expect(messagePreview({ contentType: "IMAGE", text: "the tent" })).toBe("📷 the tent");
    expect(messagePreview({ contentType: "FILE", text: null, fileName: "invoice.pdf" })).toBe(
      "📎 invoice.pdf",
    );
    expect(messagePreview({ contentType: "LOCATION", text: null, locationName: "Lyon shop" })).toBe(
      "📍 Lyon shop",
    );
    expect(messagePreview({ contentType: "AUDIO", text: null })).toBe("🎤");
  });
});
