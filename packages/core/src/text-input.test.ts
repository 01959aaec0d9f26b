import { describe, expect, it } from "vitest";
import { AppError } from "./errors.ts";
import { assertNoNul, NUL_FIELD_MESSAGE, NUL_REASON, nulPaths, text } from "./text-input.ts";

describe("text()", () => {
  it("refuses a NUL with the field message and keeps zod's string checks chainable", () => {
    const name = text().trim().min(2, "Too short.");
    expect(name.parse("  Ada  ")).toBe("Ada");
    const result = name.safeParse("A\u0000da");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([NUL_FIELD_MESSAGE]);
    expect(name.safeParse("a").error?.issues[0]?.message).toBe("Too short.");
  });
});

describe("nulPaths / assertNoNul", () => {
  it("finds NUL in values and keys at any depth, as field paths", () => {
    const input = {
      subject: "ok",
      requester: { name: "Sam\u0000" },
      tags: ["a", "b\u0000"],
      "k\u0000": 1,
      map: new Map([["x", "y\u0000"]]),
      set: new Set(["\u0000"]),
    };
    expect(nulPaths(input).sort()).toEqual(["k\\0", "map.x", "requester.name", "set.0", "tags.1"]);
    expect(nulPaths("a\u0000")).toEqual(["_"]);
    expect(nulPaths({ clean: ["text", 1, null, true, new Date()] })).toEqual([]);
  });

  it("reads router-built records (null-prototype chains) and survives cycles", () => {
    const params = Object.create(Object.create(null));
    params.number = "1\u0000";
    expect(nulPaths(params)).toEqual(["number"]);
    const loop: Record<string, unknown> = { name: "a\u0000" };
    loop.self = loop;
    expect(nulPaths(loop)).toEqual(["name"]);
  });

  it("walks deeply nested input without overflowing the stack", () => {
    let deep: unknown = "x\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nulPaths(deep)).toHaveLength(1);
  });

  it("throws BAD_REQUEST with one message per field and a reason", () => {
    expect(() => assertNoNul({ q: "fine" })).not.toThrow();
    try {
      assertNoNul({ q: "a\u0000b" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe("BAD_REQUEST");
      expect(appError.reason).toBe(NUL_REASON);
      expect(appError.fieldErrors).toEqual({ q: NUL_FIELD_MESSAGE });
    }
  });
});
