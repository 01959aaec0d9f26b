import type { TicketStatus } from "@quartet/db/enums";
import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { AlarmClock, CircleAlert, Clock, Pause } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useFormatDuration, useNow } from "./desk-shared.tsx";

/** ok: on time; warning: most of the target used (the server's warning time); breached; paused. */
export type SlaState = "ok" | "warning" | "breached" | "paused";
/** The target the clock counts: the first response until it happens, then the resolution. */
export type SlaKind = "firstResponse" | "resolution";

export interface SlaTicket {
  status: TicketStatus;
  slaDueAt: Date | string | null;
  slaWarnAt?: Date | string | null;
  slaBreached: boolean;
  firstResponseAt: Date | string | null;
}

/** Used when the ticket carries no warning time: under an hour left turns the badge amber. */
const SOON_MS = 60 * 60_000;

/** Where a ticket stands against its SLA at `now`; null when no deadline applies. */
export function slaStatusOf(
  ticket: SlaTicket,
  now: number,
): { state: SlaState; kind: SlaKind; left: number } | null {
  if (!ticket.slaDueAt || ticket.status === "RESOLVED" || ticket.status === "CLOSED") return null;
  const kind: SlaKind = ticket.firstResponseAt ? "resolution" : "firstResponse";
  const left = new Date(ticket.slaDueAt).getTime() - now;
  // Pending: the clock is stopped (waiting on the customer); the deadline moves when it resumes.
  if (ticket.status === "PENDING") return { state: "paused", kind, left };
  if (left <= 0) return { state: "breached", kind, left };
  const warnAt = ticket.slaWarnAt ? new Date(ticket.slaWarnAt).getTime() : null;
  const warning = warnAt === null ? left < SOON_MS : now >= warnAt;
  return { state: warning ? "warning" : "ok", kind, left };
}

const variants: Record<SlaState, BadgeVariant> = {
  ok: "outline",
  warning: "warning",
  breached: "destructive",
  paused: "neutral",
};
const icons = { ok: Clock, warning: AlarmClock, breached: CircleAlert, paused: Pause } as const;

/**
 * SLA chip of an open or pending ticket: which target it counts (first response or resolution)
 * and where it stands — "First response due in 1h 20m", "Resolution overdue by 35 min", "First
 * response paused while the ticket is pending". State is in the words and the icon, not only in
 * the colour. `compact` (ticket list) shows a short form and keeps the sentence for screen readers
 * and the tooltip. Refreshed every 30 s; nothing for solved tickets or without a policy.
 */
export function SlaBadge({ ticket, compact = false }: { ticket: SlaTicket; compact?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const format = useFormatDuration();
  const status = slaStatusOf(ticket, now);
  if (!status) return null;
  const { state, kind, left } = status;
  const time = format(left);
  const full = t(`deskSla.badge.${state}`, { target: t(`deskSla.badge.target.${kind}`), time });
  const Icon = icons[state];
  return (
    <Badge
      variant={variants[state]}
      // Compact (lists): may wrap in a narrow column rather than cut off the state.
      className={cn(
        "whitespace-nowrap",
        compact && "h-auto min-h-5 max-w-full whitespace-normal py-0.5 leading-4 [&_svg]:shrink-0",
      )}
      title={full}
      data-sla-state={state}
      data-sla-target={kind}
    >
      <Icon aria-hidden />
      {compact ? (
        <>
          <span aria-hidden>
            {t(`deskSla.badge.${state}Short`, { target: t(`deskSla.badge.short.${kind}`), time })}
          </span>
          <span className="sr-only">{full}</span>
        </>
      ) : (
        full
      )}
    </Badge>
  );
}

/** The timeline sentence of an SLA activity (sla_warning, sla_breached, sla_escalated). */
export function slaActivityText(
  t: ReturnType<typeof useTranslation>["t"],
  actionType: "sla_warning" | "sla_breached" | "sla_escalated",
  value: unknown,
): string {
  const v = (value ?? {}) as { kind?: string; target?: string; level?: string; actions?: unknown[] };
  const target = t(
    `deskSla.activity.target.${(v.kind ?? v.target) === "resolution" ? "resolution" : "first_response"}`,
  );
  if (actionType === "sla_warning") return t("deskSla.activity.warning", { target });
  if (actionType === "sla_breached") return t("deskSla.activity.breached", { target });
  const done = (v.actions ?? []).filter((a) => (a as { outcome?: string }).outcome === "done").length;
  return t("deskSla.activity.escalated", {
    count: done,
    level: t(`deskSla.activity.level.${v.level === "breach" ? "breach" : "warning"}`),
  });
}
