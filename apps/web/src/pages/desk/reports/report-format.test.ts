import { describe, expect, it } from "vitest";
import { durationParts, durationTicks, isIsoDay, shiftDay, todayIn } from "./report-format.ts";

describe("report formatting", () => {
  it("picks at most two units, the largest first", () => {
    expect(durationParts(45)).toEqual({ key: "seconds", values: { s: 45 } });
    expect(durationParts(20 * 60)).toEqual({ key: "minutes", values: { m: 20 } });
    expect(durationParts(80 * 60)).toEqual({ key: "hoursMinutes", values: { h: 1, m: 20 } });
    expect(durationParts(3 * 3600)).toEqual({ key: "hours", values: { h: 3 } });
    expect(durationParts(84 * 3600)).toEqual({ key: "daysHours", values: { d: 3, h: 12 } });
    expect(durationParts(72 * 3600)).toEqual({ key: "days", values: { d: 3 } });
  });

  it("computes today in the workspace's zone and shifts calendar days", () => {
    const lateUtc = new Date("2026-01-11T03:00:00Z"); // still the 10th in New York
    expect(todayIn("America/New_York", lateUtc)).toBe("2026-01-10");
    expect(todayIn("Asia/Tokyo", lateUtc)).toBe("2026-01-11");
    expect(shiftDay("2026-03-01", -1)).toBe("2026-02-28");
    expect(shiftDay("2026-01-10", -29)).toBe("2025-12-12");
    expect(isIsoDay("2026-02-28")).toBe(true);
    expect(isIsoDay("2026-02-30")).toBe(false);
    expect(isIsoDay("nope")).toBe(false);
  });

  it("puts duration axis ticks on round values of one unit", () => {
    expect(durationTicks(1)).toEqual([0, 1]);
    expect(durationTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(durationTicks(50 * 60)).toEqual([0, 600, 1200, 1800, 2400, 3000]); // every 10 min
    expect(durationTicks(7 * 3600)).toEqual([0, 7200, 14_400, 21_600, 28_800]); // every 2 h
    expect(durationTicks(3 * 86_400)).toEqual([0, 86_400, 172_800, 259_200]); // every day
  });
});
