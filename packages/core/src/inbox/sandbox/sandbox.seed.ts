import type { Db } from "@quartet/db/client";
import type { SocialEvent } from "@quartet/integrations/social/types";
import type { JobSender } from "@quartet/jobs/queue";
import { systemClock } from "../../deps.ts";
import { ingestEvents } from "../inbound/ingest.service.ts";
import { sandboxMessage } from "./sandbox.service.ts";

// The demo workspace's sandbox channel and a few conversations, so the inbox has something in it
// on first start. Written through ingestEvents like any inbound message; fixed message ids make a
// second run change nothing.

/** The seed writes text only: nothing is enqueued (no media to fetch). */
const noJobs: JobSender = {
  send: async () => {
    throw new Error("The inbox seed enqueues no jobs.");
  },
};

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The sandbox's platform id (one sandbox per workspace, as the Channels page creates it). Its token
 * is empty: the sandbox holds no secret.
 */
const SANDBOX_ACCOUNT = "sandbox";

export async function seedSandboxDemo(db: Db, orgId: string): Promise<void> {
  const connection = await db.platformConnection.upsert({
    where: {
      organizationId_platform_platformUserId: {
        organizationId: orgId,
        platform: "SANDBOX",
        platformUserId: SANDBOX_ACCOUNT,
      },
    },
    update: {},
    create: {
      organizationId: orgId,
      platform: "SANDBOX",
      platformUserId: SANDBOX_ACCOUNT,
      platformDisplayName: "Sandbox",
      accessToken: "",
    },
    select: { id: true, organizationId: true, platform: true, platformUserId: true },
  });
  const now = Date.now();
  const ago = (minutes: number) => new Date(now - minutes * 60_000);
  const say = (id: string, customer: { id: string; name: string }, text: string, minutes: number) =>
    sandboxMessage(SANDBOX_ACCOUNT, customer, {
      text,
      mediaKind: null,
      externalId: `seed-${id}`,
      at: ago(minutes),
    });
  const chloe = { id: "demo-chloe", name: "Chloé Martin" };
  const noah = { id: "demo-noah", name: "Noah Schmidt" };
  const yasmine = { id: "demo-yasmine", name: "Yasmine Haddad" };

  // The shop answered Chloé from the platform's own app (an echo), which she has read.
  const answer = {
    ...say("chloe-2", chloe, "Bonjour Chloé, je regarde tout de suite où en est votre colis.", 95),
    direction: "OUTBOUND" as const,
    sentByThisApp: false,
  };
  const events: SocialEvent[] = [
    say("chloe-1", chloe, "Bonjour ! Ma commande #1042 n'est toujours pas arrivée 📦", 100),
    answer,
    {
      kind: "status",
      platform: "SANDBOX",
      accountId: SANDBOX_ACCOUNT,
      timestamp: ago(90),
      contactExternalId: chloe.id,
      conversationExternalId: chloe.id,
      externalMessageId: answer.externalMessageId,
      upTo: null,
      status: "READ",
      error: null,
    },
    say("chloe-3", chloe, "Merci ! Elle devait arriver vendredi.", 88),
    say("noah-1", noah, "Hi, do you have the Trail 40 L backpack in green?", 42),
    say("noah-2", noah, "And does it fit carry-on limits?", 41),
    say("yasmine-1", yasmine, "مرحبا، هل يمكنني تغيير عنوان التوصيل لطلبي؟", 7),
  ];
  await ingestEvents({ db, boss: noJobs, clock: systemClock, log: silent }, connection, events);
}
