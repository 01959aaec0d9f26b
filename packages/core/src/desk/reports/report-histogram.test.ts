import { describe, expect, it } from "vitest";
import {
  addBuckets,
  addBucketsText,
  bucketOf,
  bucketValue,
  emptyHistogram,
  fromDense,
  type Histogram,
  MAX_RELATIVE_ERROR,
  mergeInto,
  percentile,
  toArrays,
} from "./report-histogram.ts";

const histogramOf = (values: number[]): Histogram => {
  const h = emptyHistogram();
  for (const v of values) h.set(bucketOf(v), (h.get(bucketOf(v)) ?? 0) + 1);
  return h;
};

/** PostgreSQL's percentile_cont on exact values. */
function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + (rank - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

describe("duration histograms", () => {
  it("every value's bucket stands for it within 1 %", () => {
    for (const v of [1, 1.5, 59, 60, 61, 3599, 3600, 86_400, 7 * 86_400, 3.15e8]) {
      const rep = bucketValue(bucketOf(v));
      expect(Math.abs(rep - v) / v).toBeLessThanOrEqual(MAX_RELATIVE_ERROR + 1e-12);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(-30)).toBe(0); // clock skew counts as no wait
    expect(bucketValue(0)).toBe(0);
    expect(bucketOf(3.15e8)).toBeLessThan(1000);
  });

  it("reads percentiles the way percentile_cont does, within 1 %", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const values = Array.from({ length: n }, () => Math.exp(random() * 14)); // 1 s … 14 days
      const h = histogramOf(values);
      for (const p of [0, 0.5, 0.9, 1]) {
        const exact = exactPercentile(values, p);
        const approx = percentile(h, p) as number;
        expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(MAX_RELATIVE_ERROR + 1e-9);
      }
    }
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
  });

  it("combines across days: the merged histogram is the histogram of all the values", () => {
    const monday = [30, 1800, 7200, 43_200];
    const tuesday = [60, 600, 90_000];
    const merged = mergeInto(histogramOf(monday), histogramOf(tuesday));
    expect(merged).toEqual(histogramOf([...monday, ...tuesday]));
    expect(percentile(merged, 0.5)).toBe(percentile(histogramOf([...tuesday, ...monday]), 0.5));

    const stored = toArrays(merged);
    expect(stored.buckets).toEqual([...stored.buckets].sort((a, b) => a - b));
    expect(addBuckets(emptyHistogram(), stored.buckets, stored.counts)).toEqual(merged);
    expect(addBuckets(emptyHistogram(), null, null).size).toBe(0);
  });

  it("sums histograms read as PostgreSQL array text", () => {
    const dense: number[] = [];
    addBucketsText(dense, "{0,12,305}", "{1,20,3}");
    addBucketsText(dense, "{12,1001}", "{5,1}");
    addBucketsText(dense, "{}", "{}");
    addBucketsText(dense, null, null);
    expect(fromDense(dense)).toEqual(
      new Map([
        [0, 1],
        [12, 25],
        [305, 3],
        [1001, 1],
      ]),
    );
  });
});
