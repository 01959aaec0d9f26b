import { describe, expect, it } from "vitest";
import { dateToLocalInput, dayKey, localInputToDate, snoozePresets, timeLeft } from "./inbox-time.ts";

describe("inbox times in the viewer's zone", () => {
  it("puts a message on the viewer's calendar day, not UTC's", () => {
    const lateUtc = new Date("2026-12-09T23:30:00Z");
    expect(dayKey(lateUtc, "UTC")).toBe("2026-12-09");
    expect(dayKey(lateUtc, "Europe/Paris")).toBe("2026-12-10");
    expect(dayKey(lateUtc, "America/Los_Angeles")).toBe("2026-12-09");
  });

  it("reads a date-time field in the viewer's zone, across a DST change", () => {
    expect(localInputToDate("2026-12-10T09:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-12-10T08:00:00.000Z",
    );
    expect(localInputToDate("2026-07-10T09:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-07-10T07:00:00.000Z",
    );
    expect(localInputToDate("2026-03-29T12:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-29T10:00:00.000Z",
    );
    expect(localInputToDate("2026-12-10", "UTC")).toBeNull();
    const d = new Date("2026-12-10T08:00:00Z");
    expect(dateToLocalInput(d, "Asia/Tokyo")).toBe("2026-12-10T17:00");
  });

  it("offers later today, tomorrow 9:00 and next Monday 9:00 on the viewer's clock", () => {
    // Wednesday 9 Dec 2026, 22:00 in Tokyo (13:00 UTC).
    const now = new Date("2026-12-09T13:00:00Z");
    const presets = Object.fromEntries(
      snoozePresets(now, "Asia/Tokyo").map((p) => [p.key, p.until.toISOString()]),
    );
    expect(presets.laterToday).toBe("2026-12-09T16:00:00.000Z");
    expect(presets.tomorrow).toBe("2026-12-10T00:00:00.000Z");
    expect(presets.nextWeek).toBe("2026-12-14T00:00:00.000Z");
    // On a Monday, next week's Monday is 7 days away.
    const monday = new Date("2026-12-14T10:00:00Z");
    const next = snoozePresets(monday, "UTC").find((p) => p.key === "nextWeek");
    expect(next?.until.toISOString()).toBe("2026-12-21T09:00:00.000Z");
  });

  it("counts the reply window down in hours and minutes", () => {
    const now = new Date("2026-12-09T10:00:00Z");
    expect(timeLeft(new Date("2026-12-09T13:12:30Z"), now)).toMatchObject({ hours: 3, minutes: 13 });
    expect(timeLeft(new Date("2026-12-09T09:00:00Z"), now)).toMatchObject({ hours: 0, minutes: 0, ms: 0 });
  });
});
