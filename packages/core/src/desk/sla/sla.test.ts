import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  computeDueDates,
  pausedIntervalsFromHistory,
  type SlaPolicyRules,
} from "./sla.ts";

const nineToFive = [{ start: "09:00", end: "17:00" }];
const paris: BusinessCalendar = {
  timezone: "Europe/Paris",
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: ["2026-12-25"],
};
const allDay = [{ start: "00:00", end: "24:00" }];
const parisAllWeek: BusinessCalendar = {
  timezone: "Europe/Paris",
  weekly: { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay },
  holidays: [],
};
const z = (iso: string) => new Date(iso);
const add = (startUtc: string, minutes: number, cal = paris) =>
  addBusinessMinutes(z(startUtc), minutes, cal).toISOString();

// November 2026: Paris is UTC+1. 2026-11-25 is a Wednesday.
describe("addBusinessMinutes", () => {
  it("stays within the same open span", () => {
    expect(add("2026-11-25T09:00:00Z", 30)).toBe("2026-11-25T09:30:00.000Z"); // 10:00 → 10:30 Paris
  });

  it("starts at opening when asked before opening", () => {
    expect(add("2026-11-25T06:00:00Z", 30)).toBe("2026-11-25T08:30:00.000Z"); // 07:00 → 09:30
  });

  it("carries over night", () => {
    // Tue 16:30 Paris + 60 → Wed 09:30 Paris
    expect(add("2026-11-24T15:30:00Z", 60)).toBe("2026-11-25T08:30:00.000Z");
  });

  it("skips the weekend", () => {
    // Fri 16:00 Paris + 120 → Mon 10:00 Paris
    expect(add("2026-11-27T15:00:00Z", 120)).toBe("2026-11-30T09:00:00.000Z");
    // Sat noon + 30 → Mon 09:30
    expect(add("2026-11-28T11:00:00Z", 30)).toBe("2026-11-30T08:30:00.000Z");
  });

  it("skips holidays in the calendar's zone", () => {
    // Thu 24 Dec 16:00 + 120 → (Fri 25 Dec holiday, weekend) → Mon 28 Dec 10:00
    expect(add("2026-12-24T15:00:00Z", 120)).toBe("2026-12-28T09:00:00.000Z");
  });

  it("uses several intervals a day (lunch break)", () => {
    const split = [
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "17:00" },
    ];
    const cal: BusinessCalendar = {
      timezone: "Europe/Paris",
      weekly: { wed: split, thu: split },
      holidays: [],
    };
    // Wed 11:30 + 60 → 13:30
    expect(add("2026-11-25T10:30:00Z", 60, cal)).toBe("2026-11-25T12:30:00.000Z");
    // Wed 16:30 + 420 (7 h) → Thu: 30 + 180 + 210 → Thu 16:30
    expect(add("2026-11-25T15:30:00Z", 30 + 180 + 210, cal)).toBe("2026-11-26T15:30:00.000Z");
  });

  it("keeps wall-clock hours across the autumn DST change in Europe/Paris", () => {
    // Fri 23 Oct 16:00 CEST (UTC+2) + 120 → Mon 26 Oct 10:00 CET (UTC+1); clocks went back on Sun 25 Oct.
    expect(add("2026-10-23T14:00:00Z", 120)).toBe("2026-10-26T09:00:00.000Z");
    expect(businessMinutesBetween(z("2026-10-23T07:00:00Z"), z("2026-10-26T16:00:00Z"), paris)).toBe(960);
  });

  it("keeps wall-clock hours across the spring DST change in Europe/Paris", () => {
    // Fri 27 Mar 16:00 CET (UTC+1) + 120 → Mon 30 Mar 10:00 CEST (UTC+2); clocks went forward on Sun 29 Mar.
    expect(add("2026-03-27T15:00:00Z", 120)).toBe("2026-03-30T08:00:00.000Z");
  });

  it("counts the real 25-hour day of a 24/7 calendar on the DST change", () => {
    expect(businessMinutesBetween(z("2026-10-24T22:00:00Z"), z("2026-10-25T23:00:00Z"), parisAllWeek)).toBe(
      25 * 60,
    );
    // Sat 12:00 CEST + 24 h of real time → Sun 11:00 CET
    expect(add("2026-10-24T10:00:00Z", 24 * 60, parisAllWeek)).toBe("2026-10-25T10:00:00.000Z");
  });

  it("returns start for zero minutes and rejects negatives and closed calendars", () => {
    expect(add("2026-11-28T11:00:00Z", 0)).toBe("2026-11-28T11:00:00.000Z");
    expect(() => addBusinessMinutes(z("2026-11-25T09:00:00Z"), -1, paris)).toThrow(RangeError);
    const closed: BusinessCalendar = { timezone: "Europe/Paris", weekly: {}, holidays: [] };
    expect(() => addBusinessMinutes(z("2026-11-25T09:00:00Z"), 1, closed)).toThrow(/no open hours/);
  });
});

describe("businessMinutesBetween", () => {
  it("counts only open minutes", () => {
    expect(businessMinutesBetween(z("2026-11-27T15:00:00Z"), z("2026-11-30T09:00:00Z"), paris)).toBe(120);
    // Mon 09:00 → next Mon 09:00: five 8-hour days
    expect(businessMinutesBetween(z("2026-11-23T08:00:00Z"), z("2026-11-30T08:00:00Z"), paris)).toBe(2400);
    expect(businessMinutesBetween(z("2026-11-28T08:00:00Z"), z("2026-11-29T20:00:00Z"), paris)).toBe(0);
    expect(businessMinutesBetween(z("2026-11-30T09:00:00Z"), z("2026-11-27T09:00:00Z"), paris)).toBe(0);
  });

  it("is the inverse of addBusinessMinutes", () => {
    const start = z("2026-12-23T13:17:00Z");
    for (const minutes of [1, 59, 480, 1000, 4321]) {
      const end = addBusinessMinutes(start, minutes, paris);
      expect(businessMinutesBetween(start, end, paris)).toBeCloseTo(minutes, 6);
    }
  });
});

const targets = {
  LOW: { firstResponse: 480, resolution: 2400 },
  MEDIUM: { firstResponse: 240, resolution: 960 },
  HIGH: { firstResponse: 60, resolution: 480 },
  URGENT: { firstResponse: 15, resolution: 120 },
};
const business: SlaPolicyRules = { businessHoursOnly: true, businessHours: paris, targets };
const always: SlaPolicyRules = { businessHoursOnly: false, businessHours: null, targets };
const createdAt = z("2026-11-25T09:00:00Z"); // Wed 10:00 Paris

describe("computeDueDates", () => {
  it("gives first-response and resolution deadlines per priority on business hours", () => {
    const due = computeDueDates(
      business,
      { createdAt, priority: "HIGH", firstResponseAt: null },
      [],
      createdAt,
    );
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-11-25T10:00:00.000Z"); // 11:00
    expect(due.resolutionDueAt.toISOString()).toBe("2026-11-26T09:00:00.000Z"); // Thu 10:00
    expect(due.slaDueAt).toEqual(due.firstResponseDueAt);
    expect(due.slaWarnAt.toISOString()).toBe("2026-11-25T09:48:00.000Z"); // 80 % of 60 min
    const low = computeDueDates(
      business,
      { createdAt, priority: "LOW", firstResponseAt: null },
      [],
      createdAt,
    );
    expect(low.firstResponseDueAt.toISOString()).toBe("2026-11-26T09:00:00.000Z");
  });

  it("moves on to the resolution deadline once the first response happened", () => {
    const due = computeDueDates(
      business,
      { createdAt, priority: "HIGH", firstResponseAt: z("2026-11-25T09:30:00Z") },
      [],
      createdAt,
    );
    expect(due.slaDueAt).toEqual(due.resolutionDueAt);
    // 80 % of 480 = 384 min → Wed 10:00 + 6 h 24 → 16:24 Paris
    expect(due.slaWarnAt.toISOString()).toBe("2026-11-25T15:24:00.000Z");
  });

  it("stops the clock while the ticket is pending", () => {
    const pause = [{ start: z("2026-11-25T09:30:00Z"), end: z("2026-11-25T10:30:00Z") }];
    const due = computeDueDates(
      business,
      { createdAt, priority: "HIGH", firstResponseAt: null },
      pause,
      createdAt,
    );
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-11-25T11:00:00.000Z"); // 11:00 + 1 h pause
  });

  it("treats a pause still open as ending now", () => {
    const pause = [{ start: z("2026-11-25T09:30:00Z"), end: null }];
    const now = z("2026-11-25T13:00:00Z");
    const due = computeDueDates(business, { createdAt, priority: "HIGH", firstResponseAt: null }, pause, now);
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-11-25T13:30:00.000Z");
  });

  it("resumes on the next business day when a pause ends after hours", () => {
    // Created Wed 16:00, pending 16:30 → Thu 08:00 (before opening): 30 min left → Thu 09:30 Paris
    const created = z("2026-11-25T15:00:00Z");
    const pause = [{ start: z("2026-11-25T15:30:00Z"), end: z("2026-11-26T07:00:00Z") }];
    const due = computeDueDates(
      business,
      { createdAt: created, priority: "HIGH", firstResponseAt: null },
      pause,
      created,
    );
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-11-26T08:30:00.000Z");
  });

  it("merges overlapping pauses and ignores those after the deadline", () => {
    const pause = [
      { start: z("2026-11-25T09:10:00Z"), end: z("2026-11-25T09:40:00Z") },
      { start: z("2026-11-25T09:20:00Z"), end: z("2026-11-25T10:10:00Z") },
      { start: z("2026-11-26T12:00:00Z"), end: z("2026-11-26T13:00:00Z") },
    ];
    const due = computeDueDates(
      business,
      { createdAt, priority: "HIGH", firstResponseAt: null },
      pause,
      createdAt,
    );
    // 10 min before the merged 09:10–10:10 pause, 50 min after → 11:00Z
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-11-25T11:00:00.000Z");
  });

  it("runs 24/7 when the policy is not business-hours-only", () => {
    const sat = z("2026-10-24T10:00:00Z"); // Sat 12:00 CEST, the night before the DST change
    const due = computeDueDates(
      always,
      { createdAt: sat, priority: "MEDIUM", firstResponseAt: null },
      [],
      sat,
    );
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-10-24T14:00:00.000Z");
    expect(due.resolutionDueAt.toISOString()).toBe("2026-10-25T02:00:00.000Z");
    const paused = computeDueDates(
      always,
      { createdAt: sat, priority: "URGENT", firstResponseAt: null },
      [{ start: z("2026-10-24T10:05:00Z"), end: z("2026-10-24T12:05:00Z") }],
      sat,
    );
    expect(paused.firstResponseDueAt.toISOString()).toBe("2026-10-24T12:15:00.000Z");
  });
});

describe("pausedIntervalsFromHistory", () => {
  it("turns PENDING (and resolved/closed) spans into pauses", () => {
    const t = (h: number) => z(`2026-11-25T${String(h).padStart(2, "0")}:00:00Z`);
    expect(
      pausedIntervalsFromHistory([
        { at: t(9), from: "OPEN", to: "PENDING" },
        { at: t(10), from: "PENDING", to: "OPEN" },
        { at: t(11), from: "OPEN", to: "PENDING" },
        { at: t(12), from: "PENDING", to: "RESOLVED" },
        { at: t(13), from: "RESOLVED", to: "OPEN" },
        { at: t(14), from: "OPEN", to: "PENDING" },
      ]),
    ).toEqual([
      { start: t(9), end: t(10) },
      { start: t(11), end: t(13) },
      { start: t(14), end: null },
    ]);
  });
});
