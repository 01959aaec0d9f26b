import { describe, expect, it } from "vitest";
import { parsePageRanges, processorDefinitions } from "./registry.ts";
import { PROCESSOR_IDS } from "./types.ts";

describe("registry", () => {
  it("defines every processor id", () => {
    expect(Object.keys(processorDefinitions).sort()).toEqual([...PROCESSOR_IDS].sort());
    expect(processorDefinitions["qr.generate"].inputs.min).toBe(0);
  });

  it("reads page ranges in the order written, with open ends", () => {
    expect(parsePageRanges("1-2, 4, 5-", 6)).toEqual([[0, 1], [3], [4, 5]]);
    expect(parsePageRanges("3", 3)).toEqual([[2]]);
    expect(() => parsePageRanges("2-1", 5)).toThrow('The range "2-1" is outside pages 1 to 5.');
    expect(() => parsePageRanges("0", 5)).toThrow(RangeError);
    expect(() => parsePageRanges("7", 5)).toThrow(RangeError);
  });

  it("validates options with sentences and fills defaults", () => {
    const split = processorDefinitions["pdf.split"].options.safeParse({ mode: "ranges", ranges: "1-3; 5" });
    expect(split.success).toBe(false);
    expect(split.error?.issues[0]?.message).toBe("Write pages and ranges like 1-3, 5, 8-.");
    expect(processorDefinitions["pdf.compress"].options.parse({})).toEqual({ level: "medium" });
    const qr = processorDefinitions["qr.generate"].options.safeParse({
      content: { kind: "url", url: "not a url" },
    });
    expect(qr.error?.issues[0]?.message).toBe("Give a full address, like https://example.com.");
  });
});
