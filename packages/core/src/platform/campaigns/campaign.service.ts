import type { EmailType } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { campaignStartJob, emailSendJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps } from "../../deps.ts";
import { renderCampaignEmail } from "../../email/campaign-mail.ts";
import { insertEmailLog } from "../../email/email-log.repository.ts";
import { AppError } from "../../errors.ts";
import { insertAuditLog } from "../admin-audit.repository.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { toPage } from "../pagination.schema.ts";
import { campaignMailFor, syncCampaign } from "./campaign.handler.ts";
import * as repo from "./campaign.repository.ts";
import {
  type CampaignListInput,
  type CampaignSegmentInput,
  type CreateCampaignInput,
  campaignIdInput,
  campaignListInput,
  campaignSegmentSchema,
  countRecipientsInput,
  createCampaignInput,
  previewCampaignInput,
  scheduleCampaignInput,
  testSendInput,
  type UpdateCampaignInput,
  updateCampaignInput,
} from "./campaign.schema.ts";

type CampaignRow = NonNullable<Awaited<ReturnType<typeof repo.findCampaign>>>;

const notFound = () => new AppError("NOT_FOUND", "This campaign doesn't exist (it may have been deleted).");

function toDto(c: CampaignRow) {
  const segment = campaignSegmentSchema.safeParse(c.recipientsFilter ?? {});
  const done = c.sentCount + c.failedCount;
  return {
    ...c,
    segment: segment.success ? segment.data : campaignSegmentSchema.parse({}),
    progress:
      c.totalRecipients > 0
        ? Math.min(100, Math.floor((done * 100) / c.totalRecipients))
        : c.status === "COMPLETED"
          ? 100
          : 0,
  };
}
export type CampaignDto = ReturnType<typeof toDto>;

export async function listCampaigns(deps: Pick<Deps, "db">, _actor: AdminActor, raw: CampaignListInput) {
  const input = campaignListInput.parse(raw);
  const rows = await repo.findCampaigns(deps.db, input.status, input.cursor, input.limit);
  const page = toPage(rows, input.limit);
  return { nextCursor: page.nextCursor, items: page.items.map(toDto) };
}

export async function getCampaign(deps: Pick<Deps, "db">, _actor: AdminActor, raw: { id: string }) {
  const { id } = campaignIdInput.parse(raw);
  const c = await repo.findCampaign(deps.db, id);
  if (!c) throw notFound();
  return toDto(c);
}

/** How many people a segment reaches now (consenting, not suppressed). */
export async function countRecipients(
  deps: Pick<Deps, "db" | "clock">,
  _actor: AdminActor,
  raw: { segment: CampaignSegmentInput },
) {
  const { segment } = countRecipientsInput.parse(raw);
  return { count: await repo.countSegment(deps.db, segment, deps.clock.now()) };
}

function contentData(input: ReturnType<typeof createCampaignInput.parse>) {
  return {
    name: input.name,
    emailType: input.emailType as EmailType,
    subject: input.subject,
    content: input.content,
    linkUrl: input.linkUrl,
    linkLabel: input.linkLabel,
    translations: input.translations as Prisma.InputJsonObject,
    recipientsFilter: input.segment as Prisma.InputJsonObject,
  };
}

export async function createCampaign(deps: Pick<Deps, "db">, actor: AdminActor, raw: CreateCampaignInput) {
  const input = createCampaignInput.parse(raw);
  const created = await deps.db.$transaction(async (tx) => {
    const row = await tx.emailCampaign.create({
      data: { ...contentData(input), createdBy: actor.userId },
      select: repo.campaignSelect,
    });
    await insertAuditLog(tx, actor, {
      action: "campaign.create",
      entityType: "campaign",
      entityId: row.id,
      changes: { after: { name: row.name, subject: row.subject, segment: input.segment } },
    });
    return row;
  });
  return toDto(created);
}

const EDITABLE = new Set(["DRAFT", "SCHEDULED"]);

export async function updateCampaign(deps: Pick<Deps, "db">, actor: AdminActor, raw: UpdateCampaignInput) {
  const input = updateCampaignInput.parse(raw);
  const updated = await deps.db.$transaction(async (tx) => {
    const current = await repo.lockCampaign(tx, input.id);
    if (!current) throw notFound();
    if (!EDITABLE.has(current.status))
      throw new AppError(
        "PRECONDITION_FAILED",
        "A campaign that started sending can't be edited.",
        undefined,
        "CAMPAIGN_LOCKED",
      );
    const row = await tx.emailCampaign.update({
      where: { id: input.id },
      data: contentData(input),
      select: repo.campaignSelect,
    });
    await insertAuditLog(tx, actor, {
      action: "campaign.update",
      entityType: "campaign",
      entityId: row.id,
      changes: {
        before: { name: current.name, subject: current.subject, segment: current.recipientsFilter },
        after: { name: row.name, subject: row.subject, segment: input.segment },
      },
    });
    return row;
  });
  return toDto(updated);
}

export async function deleteCampaign(deps: Pick<Deps, "db">, actor: AdminActor, raw: { id: string }) {
  const { id } = campaignIdInput.parse(raw);
  await deps.db.$transaction(async (tx) => {
    const current = await repo.lockCampaign(tx, id);
    if (!current) throw notFound();
    if (current.status !== "DRAFT" && current.status !== "CANCELLED")
      throw new AppError(
        "PRECONDITION_FAILED",
        "Only drafts and cancelled campaigns can be deleted.",
        undefined,
        "CAMPAIGN_LOCKED",
      );
    await tx.emailCampaign.delete({ where: { id } });
    await insertAuditLog(tx, actor, {
      action: "campaign.delete",
      entityType: "campaign",
      entityId: id,
      changes: { before: { name: current.name, status: current.status } },
    });
  });
  return { ok: true as const };
}

/** The mail as a recipient in `locale` would get it (the admin's own unsubscribe link stands in). */
export async function previewCampaign(
  deps: Pick<Deps, "db" | "config">,
  actor: AdminActor,
  raw: { id: string; locale: "en" | "fr" | "ar" },
) {
  const input = previewCampaignInput.parse(raw);
  const c = await repo.findCampaign(deps.db, input.id);
  if (!c) throw notFound();
  const mail = campaignMailFor(deps.config, c, { id: actor.userId, locale: input.locale });
  const rendered = renderCampaignEmail(input.locale, mail.data);
  return { ...rendered, headers: mail.headers };
}

/** Sends the campaign in `locale` to the admin's own address, marked as a test (consent not needed). */
export async function testSendCampaign(
  deps: Pick<Deps, "db" | "boss" | "config">,
  actor: AdminActor,
  raw: { id: string; locale: "en" | "fr" | "ar" },
) {
  const input = testSendInput.parse(raw);
  return deps.db.$transaction(async (tx) => {
    const c = await repo.findCampaign(tx, input.id);
    if (!c) throw notFound();
    const admin = await tx.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: { email: true, name: true },
    });
    const mail = campaignMailFor(deps.config, c, { id: actor.userId, locale: input.locale }, true);
    const log = await insertEmailLog(tx, {
      userId: actor.userId,
      recipientEmail: admin.email,
      recipientName: admin.name,
      emailType: c.emailType as EmailType,
      subject: renderCampaignEmail(input.locale, mail.data).subject,
      locale: input.locale,
      metadata: mail.data,
      headers: mail.headers,
    });
    await enqueue(deps.boss, tx, emailSendJob, { emailLogId: log.id });
    await insertAuditLog(tx, actor, {
      action: "campaign.test_send",
      entityType: "campaign",
      entityId: c.id,
      changes: { after: { to: admin.email, locale: input.locale } },
    });
    return { emailLogId: log.id, to: admin.email };
  });
}

/** Schedules (or reschedules) the start; the start job waits in the queue until then. */
export async function scheduleCampaign(
  deps: Pick<Deps, "db" | "boss" | "clock">,
  actor: AdminActor,
  raw: { id: string; scheduledAt: string; timezone: string },
) {
  const input = scheduleCampaignInput.parse(raw);
  const at = new Date(input.scheduledAt);
  if (at.getTime() <= deps.clock.now().getTime())
    throw new AppError("BAD_REQUEST", "Pick a time in the future.", {
      scheduledAt: "Pick a time in the future.",
    });
  const updated = await deps.db.$transaction(async (tx) => {
    const current = await repo.lockCampaign(tx, input.id);
    if (!current) throw notFound();
    if (!EDITABLE.has(current.status))
      throw new AppError(
        "PRECONDITION_FAILED",
        "This campaign already started sending.",
        undefined,
        "CAMPAIGN_LOCKED",
      );
    const row = await tx.emailCampaign.update({
      where: { id: input.id },
      data: { status: "SCHEDULED", scheduledAt: at, timezone: input.timezone },
      select: repo.campaignSelect,
    });
    await enqueue(deps.boss, tx, campaignStartJob, { campaignId: row.id }, { startAfter: at });
    await insertAuditLog(tx, actor, {
      action: "campaign.schedule",
      entityType: "campaign",
      entityId: row.id,
      changes: {
        before: { status: current.status, scheduledAt: current.scheduledAt },
        after: { status: "SCHEDULED", scheduledAt: at.toISOString(), timezone: input.timezone },
      },
    });
    return row;
  });
  return toDto(updated);
}

/** Starts sending now: SENDING at once, the segment is expanded by the start job. */
export async function sendCampaignNow(
  deps: Pick<Deps, "db" | "boss" | "clock">,
  actor: AdminActor,
  raw: { id: string },
) {
  const { id } = campaignIdInput.parse(raw);
  const updated = await deps.db.$transaction(async (tx) => {
    const current = await repo.lockCampaign(tx, id);
    if (!current) throw notFound();
    if (!EDITABLE.has(current.status))
      throw new AppError(
        "PRECONDITION_FAILED",
        "This campaign already started sending.",
        undefined,
        "CAMPAIGN_LOCKED",
      );
    const row = await tx.emailCampaign.update({
      where: { id },
      data: { status: "SENDING", startedAt: deps.clock.now(), scheduledAt: null },
      select: repo.campaignSelect,
    });
    await enqueue(deps.boss, tx, campaignStartJob, { campaignId: id });
    await insertAuditLog(tx, actor, {
      action: "campaign.send",
      entityType: "campaign",
      entityId: id,
      changes: { before: { status: current.status }, after: { status: "SENDING" } },
    });
    return row;
  });
  return toDto(updated);
}

/** Stops a scheduled or sending campaign: mails already queued still go, the rest are skipped. */
export async function cancelCampaign(deps: Pick<Deps, "db">, actor: AdminActor, raw: { id: string }) {
  const { id } = campaignIdInput.parse(raw);
  const updated = await deps.db.$transaction(async (tx) => {
    const current = await repo.lockCampaign(tx, id);
    if (!current) throw notFound();
    if (current.status !== "SCHEDULED" && current.status !== "SENDING")
      throw new AppError(
        "PRECONDITION_FAILED",
        "Only a scheduled or sending campaign can be cancelled.",
        undefined,
        "CAMPAIGN_LOCKED",
      );
    const row = await tx.emailCampaign.update({
      where: { id },
      data: { status: "CANCELLED" },
      select: repo.campaignSelect,
    });
    await repo.skipAllPending(tx, id, "cancelled");
    await insertAuditLog(tx, actor, {
      action: "campaign.cancel",
      entityType: "campaign",
      entityId: id,
      changes: { before: { status: current.status }, after: { status: "CANCELLED" } },
    });
    return row;
  });
  return toDto(updated);
}

/** Live progress (the console polls it): counts refreshed from the recipients' mails. */
export async function campaignProgress(
  deps: Pick<Deps, "db" | "clock">,
  _actor: AdminActor,
  raw: { id: string },
) {
  const { id } = campaignIdInput.parse(raw);
  const c = await repo.findCampaign(deps.db, id);
  if (!c) throw notFound();
  const synced =
    c.status === "SENDING" || c.status === "CANCELLED" || c.status === "COMPLETED"
      ? await syncCampaign(deps, id)
      : null;
  const after = (await repo.findCampaign(deps.db, id)) ?? c;
  const tally = synced?.tally ?? { total: 0, pending: 0, queued: 0, skipped: 0, sent: 0, failed: 0 };
  const done = tally.sent + tally.failed + tally.skipped;
  return {
    status: after.status,
    expanded: after.expandedAt !== null,
    ...tally,
    percent:
      after.status === "COMPLETED"
        ? 100
        : tally.total > 0 && after.expandedAt
          ? Math.floor((done * 100) / tally.total)
          : 0,
    startedAt: after.startedAt,
    sentAt: after.sentAt,
  };
}
