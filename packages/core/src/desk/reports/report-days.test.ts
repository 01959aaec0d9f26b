import { describe, expect, it } from "vitest";
import { addDays, localDate, safeTimezone } from "./metrics-daily.handler.ts";

describe("metrics-daily date helpers", () => {
  it("finds the workspace's calendar date of an instant", () => {
    const instant = new Date("2027-03-02T00:20:00Z");
    expect(localDate(instant, "UTC")).toBe("2027-03-02");
    expect(localDate(instant, "America/New_York")).toBe("2027-03-01");
    expect(localDate(instant, "Asia/Tokyo")).toBe("2027-03-02");
    expect(localDate(new Date("2027-03-01T15:30:00Z"), "Asia/Tokyo")).toBe("2027-03-02");
  });

  it("steps calendar days across month, year and leap-day boundaries", () => {
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2027-12-31", 1)).toBe("2028-01-01");
  });

  it("falls back to UTC for a zone the runtime doesn't know", () => {
    expect(safeTimezone("Europe/Paris")).toBe("Europe/Paris");
    expect(safeTimezone("Mars/Olympus")).toBe("UTC");
    expect(safeTimezone("")).toBe("UTC");
  });
});
