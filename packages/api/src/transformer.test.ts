import { describe, expect, it } from "vitest";
import { transformer } from "./transformer.ts";

// The wire format of both tRPC servers and their clients: what goes in comes out, through JSON.

const roundTrip = <T>(value: T): T =>
  transformer.deserialize<T>(JSON.parse(JSON.stringify(transformer.serialize(value))));

describe("transformer", () => {
  it("keeps Dates as Dates at any depth, and everything JSON already carries as it was", () => {
    const at = new Date("2026-12-07T10:11:12.345Z");
    const value = {
      id: "t1",
      number: 42,
      ratio: 0.5,
      flags: [true, false],
      nothing: null,
      createdAt: at,
      contact: { name: "Pat", seenAt: [at, null] },
      messages: [{ createdAt: at, attachments: [] }],
      customFields: { plan: "pro", seats: 3, nested: { list: ["a", 1, null] } },
    };
    const back = roundTrip(value);
    expect(back).toEqual(value);
    expect(back.createdAt).toBeInstanceOf(Date);
    expect(back.contact.seenAt[0]).toBeInstanceOf(Date);
    expect(back.messages[0]?.createdAt.getTime()).toBe(at.getTime());
  });

  it("carries what JSON can't: BigInt, NaN, ±Infinity, invalid dates, undefined in arrays", () => {
    const back = roundTrip({
      big: 9007199254740993n,
      negative: -5n,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      negInf: Number.NEGATIVE_INFINITY,
      invalid: new Date(Number.NaN),
      holes: [1, undefined, 3],
    });
    expect(back.big).toBe(9007199254740993n);
    expect(back.negative).toBe(-5n);
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(Number.POSITIVE_INFINITY);
    expect(back.negInf).toBe(Number.NEGATIVE_INFINITY);
    expect(back.invalid).toBeInstanceOf(Date);
    expect(back.invalid.getTime()).toBeNaN();
    expect(back.holes).toEqual([1, undefined, 3]);
  });

  it("never mistakes a string for a tagged value: text that looks like a tag comes back as text", () => {
    const tricky = [
      "\u0000D2026-01-01T00:00:00.000Z",
      "\u0000",
      "\u0000\u0000x",
      "\u0000B12",
      "2026-01-01T00:00:00.000Z",
    ];
    expect(roundTrip(tricky)).toEqual(tricky);
    expect(roundTrip({ "\u0000D": "key" })).toEqual({ "\u0000D": "key" });
  });

  it("drops undefined properties, functions and symbols like JSON, and uses toJSON", () => {
    const back = roundTrip({
      kept: 1,
      gone: undefined,
      fn: () => 1,
      sym: Symbol("s"),
      custom: { toJSON: () => "as-json" },
    });
    expect(back).toEqual({ kept: 1, custom: "as-json" });
    expect(Object.hasOwn(back, "gone")).toBe(false);
  });

  it("refuses a Map or a Set instead of sending {}", () => {
    expect(() => transformer.serialize({ m: new Map([["a", 1]]) })).toThrow(/Map can't be sent/);
    expect(() => transformer.serialize([new Set([1])])).toThrow(/Set can't be sent/);
  });

  it("serializes without touching the value it is given", () => {
    const at = new Date("2026-12-07T00:00:00.000Z");
    const value = { at, list: [at], text: "\u0000x" };
    transformer.serialize(value);
    expect(value).toEqual({ at, list: [at], text: "\u0000x" });
    expect(value.at).toBe(at);
  });

  it("leaves foreign tagged-looking input as text for validation to refuse", () => {
    // What a hand-written client might send: not ours, so not decoded into something else.
    expect(transformer.deserialize(["\u0000Bnot-a-number", "\u0000?odd"])).toEqual([
      "\u0000Bnot-a-number",
      "\u0000?odd",
    ]);
  });
});
