import { hashPassword, verifyPasswordOrDummy } from "../src/password.ts";

// Benchmark (not a test): unknown-email and wrong-password sign-ins must cost the same argon2 work.
// Run: cd packages/auth && npx tsx scripts/signin-timing.bench.ts
const runs = 20;
const hash = await hashPassword("the real password of a real account");
await verifyPasswordOrDummy(null, "warm up");

async function measure(storedHash: string | null) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await verifyPasswordOrDummy(storedHash, "a wrong guess");
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

console.log(`wrong password (${runs} runs): ${await measure(hash)}`);
console.log(`unknown email  (${runs} runs): ${await measure(null)}`);
