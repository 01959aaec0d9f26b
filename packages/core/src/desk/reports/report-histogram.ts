import { Prisma } from "@quartet/db/types";

// Durations in the reports (first response, resolution) are kept as log-bucket histograms so that
// medians and 90th percentiles of any range can be combined from daily rollups: a histogram of a
// range is the sum of its days' histograms, and the percentile is read off the sum.
//
// Bucket 0 holds durations under one second (and negative ones from clock skew, as 0). Bucket k ≥ 1
// holds [GAMMA^(k−1), GAMMA^k) seconds and stands for 2·GAMMA^k / (1 + GAMMA), the value with the
// smallest worst-case relative error over the bucket: every percentile is within
// (GAMMA − 1) / (GAMMA + 1) ≈ 1 % of the exact one. Ten years fit in about 1,000 buckets; a day
// of tickets fills a few hundred at most, stored sparse (indexes + counts).

export const GAMMA = 1.02;
/** The worst relative error of a percentile read from a histogram. */
export const MAX_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

/** SQL: the bucket index of a duration in seconds (float8). Used by the live and rollup paths alike. */
export function bucketSql(seconds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN (${seconds}) < 1 THEN 0
    ELSE 1 + floor(ln(${seconds}) / ${Math.log(GAMMA)}::float8)::int END)`;
}

/** The bucket of a duration, as `bucketSql` computes it (for tests and tools). */
export function bucketOf(seconds: number): number {
  return seconds < 1 ? 0 : 1 + Math.floor(Math.log(seconds) / Math.log(GAMMA));
}

/** The value a bucket stands for, in seconds. */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : (2 * GAMMA ** bucket) / (1 + GAMMA);
}

/** A sparse histogram: bucket index → count. */
export type Histogram = Map<number, number>;

export function emptyHistogram(): Histogram {
  return new Map();
}

/** Adds parallel arrays of buckets and counts (as stored) into `into`. */
export function addBuckets(
  into: Histogram,
  buckets: readonly number[] | null,
  counts: readonly number[] | null,
): Histogram {
  if (!buckets || !counts) return into;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as number;
    into.set(b, (into.get(b) ?? 0) + Number(counts[i] ?? 0));
  }
  return into;
}

export function mergeInto(into: Histogram, from: Histogram): Histogram {
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
  return into;
}

/** The histogram as stored: ascending bucket indexes and their counts. */
export function toArrays(h: Histogram): { buckets: number[]; counts: number[] } {
  const buckets = [...h.keys()].filter((b) => (h.get(b) ?? 0) > 0).sort((a, b) => a - b);
  return { buckets, counts: buckets.map((b) => h.get(b) as number) };
}

export function countOf(h: Histogram): number {
  let n = 0;
  for (const c of h.values()) n += c;
  return n;
}

/**
 * The p-th percentile (0–1) the way PostgreSQL's percentile_cont reads a sorted list — the value
 * at rank p·(n − 1), interpolated between its neighbours — where each value is its bucket's.
 * Null for an empty histogram.
 */
export function percentile(h: Histogram, p: number): number | null {
  const n = countOf(h);
  if (n === 0) return null;
  const rank = p * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const sorted = [...h.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  let vLo: number | null = null;
  let vHi: number | null = null;
  let seen = 0;
  for (const [bucket, count] of sorted) {
    const next = seen + count;
    if (vLo === null && lo < next) vLo = bucketValue(bucket);
    if (hi < next) {
      vHi = bucketValue(bucket);
      break;
    }
    seen = next;
  }
  const a = vLo as number;
  const b = vHi as number;
  return a + (rank - lo) * (b - a);
}

/**
 * Adds a stored histogram read as PostgreSQL int[] text ("{301,305}", "{2,1}") into a dense tally
 * (index = bucket). A year of daily rows holds hundreds of thousands of numbers: walking the text
 * once is much cheaper than parsing arrays and updating a Map.
 */
export function addBucketsText(into: number[], buckets: string | null, counts: string | null): void {
  if (!buckets || !counts || buckets.length <= 2) return;
  const bl = buckets.length;
  const cl = counts.length;
  let i = 1;
  let j = 1;
  while (i < bl && j < cl) {
    let b = 0;
    for (let ch = buckets.charCodeAt(i++); ch >= 48 && ch <= 57; ch = buckets.charCodeAt(i++))
      b = b * 10 + ch - 48;
    let n = 0;
    for (let ch = counts.charCodeAt(j++); ch >= 48 && ch <= 57; ch = counts.charCodeAt(j++))
      n = n * 10 + ch - 48;
    into[b] = (into[b] ?? 0) + n;
  }
}

/** A dense tally as a histogram. */
export function fromDense(dense: readonly number[]): Histogram {
  const h: Histogram = new Map();
  dense.forEach((n, b) => {
    if (n) h.set(b, n);
  });
  return h;
}
