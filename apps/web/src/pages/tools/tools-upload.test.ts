import { describe, expect, it } from "vitest";
import { acceptLabel, accepts, formatBytes } from "./tools-upload.ts";

describe("drop zone filters", () => {
  const images = ["image/jpeg", "image/png", "image/webp"];
  it("takes files by type, by wildcard, and by extension when the browser gives no type", () => {
    expect(accepts(["application/pdf"], { type: "application/pdf", name: "a.pdf" })).toBe(true);
    expect(accepts(["application/pdf"], { type: "image/png", name: "a.png" })).toBe(false);
    expect(accepts(images, { type: "image/webp", name: "x.webp" })).toBe(true);
    expect(accepts(["image/*"], { type: "image/avif", name: "x.avif" })).toBe(true);
    // A pasted file without a type: the extension decides.
    expect(accepts(["image/jpeg"], { type: "", name: "Photo.JPG" })).toBe(true);
    expect(accepts(["application/pdf"], { type: "", name: "notes.txt" })).toBe(false);
    // A tool without inputs (QR codes) refuses nothing it never asks for.
    expect(accepts([], { type: "text/plain", name: "x.txt" })).toBe(true);
  });

  it("names the accepted types the way people know them", () => {
    expect(acceptLabel(["application/pdf"])).toBe("PDF");
    expect(acceptLabel([...images, "image/jpeg"])).toBe("JPEG, PNG, WEBP");
  });

  it("writes sizes isolated left-to-right, in the reader's digits", () => {
    expect(formatBytes(512, "en")).toBe("\u2066512 B\u2069");
    expect(formatBytes(1536, "en")).toBe("\u20661.5 KB\u2069");
    expect(formatBytes(5 * 1024 * 1024 + 300_000, "fr")).toBe("\u20665,3 MB\u2069");
  });
});
