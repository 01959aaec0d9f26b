import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";

// `prisma db seed` / `pnpm ops seed`: the demo workspace and platform admin on DATABASE_URL.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const db = createDb(url, { max: 2 });
const { accounts } = await seedDemo(db);
await db.$disconnect();
for (const a of accounts) console.log(`${a.label.padEnd(14)} ${a.email} / ${a.password}`);
