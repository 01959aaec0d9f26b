import type { DbOrTx } from "@quartet/db/client";

// The demo workspace's inbox furniture: a few labels and canned replies (with variables), so the
// label filter and the composer's `/` picker have something to show. Idempotent (unique keys).

const LABELS = [
  { name: "VIP", color: "#f59e0b" },
  { name: "Returns", color: "#ef4444" },
  { name: "Wholesale", color: "#10b981" },
];

const CANNED = [
  {
    shortcut: "hello",
    title: "Greeting",
    body: "Hi {{contact.first_name}}, this is {{agent.name}} from {{workspace.name}}. How can I help?",
  },
  {
    shortcut: "shipping",
    title: "Shipping times",
    body: "Orders ship within 2 business days; you get a tracking link by message as soon as it leaves.",
  },
  {
    shortcut: "thanks",
    title: "Closing",
    body: "Thanks {{contact.first_name}}! Anything else, just write here. — {{agent.name}}",
  },
];

export async function seedInboxDemo(db: DbOrTx, orgId: string, authorId: string | null): Promise<void> {
  await db.label.createMany({
    data: LABELS.map((l) => ({ organizationId: orgId, ...l })),
    skipDuplicates: true,
  });
  await db.cannedReply.createMany({
    data: CANNED.map((c) => ({ organizationId: orgId, createdById: authorId, ...c })),
    skipDuplicates: true,
  });
}
