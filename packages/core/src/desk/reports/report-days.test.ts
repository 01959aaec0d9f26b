import { describe, expect, it } from "vitest";
import { addDays, allDays, localDate, runsOf } from "./report-days.ts";

describe("workspace days", () => {
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
    expect(allDays("2028-02-27", "2028-03-01")).toEqual([
      "2028-02-27",
      "2028-02-28",
      "2028-02-29",
      "2028-03-01",
    ]);
  });

  it("groups days into runs of consecutive days", () => {
    expect(runsOf([])).toEqual([]);
    expect(
      runsOf(["2027-01-30", "2027-01-31", "2027-02-01", "2027-02-03", "2027-02-05", "2027-02-06"]),
    ).toEqual([
      { from: "2027-01-30", to: "2027-02-01" },
      { from: "2027-02-03", to: "2027-02-03" },
      { from: "2027-02-05", to: "2027-02-06" },
    ]);
  });
});
