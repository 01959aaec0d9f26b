import { createHash } from "node:crypto";
import type { Db } from "@quartet/db/client";
import { addDaysInZone, fromLocal, toLocal } from "./posts/schedule-time.ts";
import { idempotencyKeyOf } from "./publisher/publication.repository.ts";

// The demo workspace's Publish data: a sandbox channel and two posts scheduled in the coming days
// (09:00 tomorrow and 12:00 the day after, in the workspace's zone). The seed has no queue: the
// publications are written PENDING without a job, and publish.recover hands them to publish.post
// once they are a minute overdue. Idempotent: a second run finds the channel and its posts.

/** A stable uuid per workspace (the sandbox channel's id is also its account id). */
function demoChannelId(orgId: string): string {
  const h = createHash("sha256").update(`publish-demo-sandbox:${orgId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function seedPublishDemo(db: Db, orgId: string, authorId: string, now = new Date()) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { timezone: true } });
  const id = demoChannelId(orgId);
  const channel = await db.integration.upsert({
    where: { organizationId_internalId: { organizationId: orgId, internalId: id } },
    update: {},
    create: {
      id,
      organizationId: orgId,
      internalId: id,
      name: "Sandbox",
      providerIdentifier: "sandbox",
      profile: "sandbox",
      // The sandbox holds no secret (it isn't external): nothing to seal.
      token: "",
      postingTimes: [{ time: 540 }, { time: 720 }, { time: 1020 }],
      connectedById: authorId,
    },
  });
  if ((await db.post.count({ where: { integrationId: channel.id } })) > 0) return;

  const tz = org.timezone;
  const today = toLocal(now, tz).date;
  const at = (days: number, time: string) => {
    const day = toLocal(addDaysInZone(fromLocal(today, "12:00", tz), days, tz), tz).date;
    return fromLocal(day, time, tz);
  };
  const posts = [
    {
      content: "Hello from Quartet Publish! This post goes out to the sandbox channel. 🚀",
      at: at(1, "09:00"),
    },
    {
      content: "Tip: compose once, pick several channels, and each gets its own preview and checks.",
      at: at(2, "12:00"),
    },
  ];
  await db.$transaction(async (tx) => {
    for (const p of posts) {
      const post = await tx.post.create({
        data: {
          organizationId: orgId,
          integrationId: channel.id,
          group: createHash("sha256").update(`${orgId}:${p.content}`).digest("hex").slice(0, 32),
          state: "QUEUE",
          publishDate: p.at,
          timezone: tz,
          content: p.content,
          createdById: authorId,
        },
        select: { id: true },
      });
      await tx.postPublication.create({
        data: {
          organizationId: orgId,
          postId: post.id,
          integrationId: channel.id,
          occurrence: 0,
          scheduledAt: p.at,
          idempotencyKey: idempotencyKeyOf(post.id, channel.id, 0),
        },
      });
    }
  });
}
