import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { findChannelRows } from "../channels/channel.repository.ts";
import { postingTimesSchema } from "../channels/channel.schema.ts";
import { fromLocal, isTimeZone, toLocal, zonedParts } from "../posts/schedule-time.ts";
import {
  type CreateSetInput,
  createSetInput,
  type NextSlot,
  type NextSlotInput,
  nextSlotInput,
  type SetIdInput,
  type SetItem,
  type SlotTime,
  setIdInput,
  slotTime,
} from "./slot.schema.ts";

// Posting sets (Postiz Sets: named time slots in a time zone) and "next free slot": the earliest
// slot from now on where none of the chosen channels has a post yet. Slots come from a set, or
// from the channels' preferred times (minutes after midnight in the workspace's zone). A slot the
// clocks skip on a DST night is passed over.

const HORIZON_DAYS = 92;

const toSetItem = (row: {
  id: string;
  name: string;
  times: unknown;
  timezone: string;
  createdAt: Date;
}): SetItem => ({
  id: row.id,
  name: row.name,
  times: slotTime.array().catch([]).parse(row.times),
  timezone: row.timezone,
  createdAt: row.createdAt,
});

export async function listSets(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<SetItem[]> {
  const { orgId } = setIdInput.pick({ orgId: true }).parse(rawInput);
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  const rows = await deps.db.sets.findMany({
    where: { organizationId: orgId, deletedAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map(toSetItem);
}

export async function createSet(deps: Deps, actor: UserActor, rawInput: CreateSetInput): Promise<SetItem> {
  const input = createSetInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  let timezone = input.timezone;
  if (timezone && !isTimeZone(timezone))
    throw new AppError("BAD_REQUEST", "Unknown time zone.", { timezone: "Unknown time zone." });
  timezone ??= (
    await deps.db.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { timezone: true } })
  ).timezone;
  const row = await deps.db.sets.create({
    data: { organizationId: input.orgId, name: input.name, times: input.times, timezone },
  });
  return toSetItem(row);
}

export async function deleteSet(deps: Deps, actor: UserActor, rawInput: SetIdInput) {
  const input = setIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const gone = await deps.db.sets.updateMany({
    where: { id: input.setId, organizationId: input.orgId, deletedAt: null },
    data: { deletedAt: deps.clock.now() },
  });
  if (gone.count === 0) throw new AppError("NOT_FOUND", "Posting set not found.");
  return { ok: true as const };
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The earliest free slot after now for every chosen channel. */
export async function nextFreeSlot(deps: Deps, actor: UserActor, rawInput: NextSlotInput): Promise<NextSlot> {
  const input = nextSlotInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const channels = await findChannelRows(deps.db, input.orgId, input.channelIds);
  if (channels.length !== new Set(input.channelIds).size)
    throw new AppError("NOT_FOUND", "Channel not found.");

  let times: SlotTime[];
  let timeZone: string;
  if (input.setId) {
    const set = await deps.db.sets.findFirst({
      where: { id: input.setId, organizationId: input.orgId, deletedAt: null },
    });
    if (!set) throw new AppError("NOT_FOUND", "Posting set not found.");
    ({ times, timezone: timeZone } = toSetItem(set));
  } else {
    timeZone = (
      await deps.db.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { timezone: true } })
    ).timezone;
    const minutes = new Set(
      channels.flatMap((c) =>
        postingTimesSchema
          .catch([])
          .parse(c.postingTimes)
          .map((t) => t.time),
      ),
    );
    times = [...minutes].map((m) => ({ time: hhmm(m) }));
  }
  if (times.length === 0)
    throw new AppError(
      "PRECONDITION_FAILED",
      "These channels have no posting times. Add some, or pick a set.",
    );
  const sorted = [...times].sort((a, b) => a.time.localeCompare(b.time));

  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + (HORIZON_DAYS + 1) * 86_400_000);
  const taken = await deps.db.post.findMany({
    where: {
      integrationId: { in: input.channelIds },
      deletedAt: null,
      parentPostId: null,
      publishDate: { gt: now, lt: horizon },
    },
    select: { publishDate: true },
  });
  const busy = new Set(taken.map((p) => p.publishDate.getTime()));

  const today = toLocal(now, timeZone).date;
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  for (let offset = 0; offset <= HORIZON_DAYS; offset++) {
    const day = new Date(Date.UTC(y, m - 1, d + offset));
    const date = day.toISOString().slice(0, 10);
    for (const slot of sorted) {
      let at: Date;
      try {
        at = fromLocal(date, slot.time, timeZone);
      } catch {
        continue; // skipped by the clocks on a DST night
      }
      if (slot.day && zonedParts(at, timeZone).isoDay !== slot.day) continue;
      if (at.getTime() <= now.getTime() || busy.has(at.getTime())) continue;
      return { at, date, time: slot.time, timeZone };
    }
  }
  throw new AppError("PRECONDITION_FAILED", `No free slot in the next ${HORIZON_DAYS} days.`);
}
