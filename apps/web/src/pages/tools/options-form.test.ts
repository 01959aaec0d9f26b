import { processorDefinitions } from "@quartet/processors/registry";
import { describe, expect, it } from "vitest";
import { OPTION_SCHEMAS } from "./option-schemas.ts";
import { defaultOptions, hasFields, normalizeOptions, validateOptions } from "./options-form.tsx";

// The options forms' values are what the processors accept: defaults parse, the checks drawn from
// the schema catch what zod would refuse, and the values sent parse with the processor's schema.

const t = (key: string, vars?: Record<string, unknown>) => (vars ? `${key} ${JSON.stringify(vars)}` : key);
const parse = (id: keyof typeof processorDefinitions, values: Record<string, unknown>) =>
  processorDefinitions[id].options.safeParse(normalizeOptions(OPTION_SCHEMAS[id], values));

describe("options form", () => {
  it("starts every tool on values its processor accepts, or on the fields still to fill", () => {
    expect(parse("pdf.compress", defaultOptions(OPTION_SCHEMAS["pdf.compress"])).success).toBe(true);
    // A required choice starts on its first value.
    expect(defaultOptions(OPTION_SCHEMAS["pdf.rotate"])).toEqual({ angle: 90 });
    expect(parse("pdf.rotate", defaultOptions(OPTION_SCHEMAS["pdf.rotate"])).success).toBe(true);
    // A union starts on its first branch; the field to fill is reported, as zod would.
    const split = defaultOptions(OPTION_SCHEMAS["pdf.split"]);
    expect(split).toEqual({ mode: "ranges" });
    expect(validateOptions(OPTION_SCHEMAS["pdf.split"], split, t)).toEqual({
      ranges: "tools.options.required",
    });
    expect(parse("pdf.split", split).success).toBe(false);
    expect(parse("pdf.split", { ...split, ranges: "1-2, 4" }).success).toBe(true);
  });

  it("checks bounds and whole numbers, and sends numbers typed as text as numbers", () => {
    const schema = OPTION_SCHEMAS["pdf.split"];
    const every = { mode: "every", every: "0" };
    expect(validateOptions(schema, every, t)).toEqual({ every: 'tools.options.min {"min":1}' });
    expect(validateOptions(schema, { mode: "every", every: "2.5" }, t)).toEqual({
      every: "tools.options.integer",
    });
    expect(validateOptions(schema, { mode: "every", every: "3" }, t)).toEqual({});
    expect(normalizeOptions(schema, { mode: "every", every: "3" })).toEqual({ mode: "every", every: 3 });
    expect(parse("pdf.split", { mode: "every", every: "3" }).success).toBe(true);
  });

  it("draws nested unions (a QR code's kind) and keys their errors by path", () => {
    const schema = OPTION_SCHEMAS["qr.generate"];
    const start = defaultOptions(schema);
    expect(start.content).toEqual({ kind: "url" });
    expect(validateOptions(schema, start, t)).toEqual({ "content.url": "tools.options.required" });
    const wifi = defaultOptions(schema, { ...start, content: { kind: "wifi" } });
    expect(wifi.content).toEqual({ kind: "wifi", password: "", encryption: "WPA", hidden: false });
    expect(
      parse("qr.generate", { ...wifi, content: { ...(wifi.content as object), ssid: "Shop" } }).success,
    ).toBe(true);
  });

  it("has no fields for tools without options, and leaves organize's page order to the page", () => {
    expect(hasFields(OPTION_SCHEMAS["pdf.merge"])).toBe(false);
    expect(hasFields(OPTION_SCHEMAS["pdf.organize"])).toBe(false);
    expect(hasFields(OPTION_SCHEMAS["pdf.watermark"])).toBe(true);
  });
});
