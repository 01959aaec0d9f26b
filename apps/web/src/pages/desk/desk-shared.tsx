import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { ArrowDown, ArrowUp, ChevronsUp, Minus } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useEffect, useState } from "react";

export const STATUSES: readonly TicketStatus[] = ["OPEN", "PENDING", "RESOLVED", "CLOSED"];
export const PRIORITIES: readonly TicketPriority[] = ["LOW", "MEDIUM", "HIGH", "URGENT"];

/** Allowed moves (mirrors the server): open → pending → resolved → closed; closed only reopens. */
export const STATUS_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  OPEN: ["PENDING", "RESOLVED"],
  PENDING: ["OPEN", "RESOLVED"],
  RESOLVED: ["OPEN", "CLOSED"],
  CLOSED: ["OPEN"],
};

const statusVariant: Record<TicketStatus, BadgeVariant> = {
  OPEN: "primary",
  PENDING: "warning",
  RESOLVED: "success",
  CLOSED: "neutral",
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return <Badge variant={statusVariant[status]}>{t(`desk.status.${status}`)}</Badge>;
}

const priorityIcon = { LOW: ArrowDown, MEDIUM: Minus, HIGH: ArrowUp, URGENT: ChevronsUp } as const;
const priorityTone: Record<TicketPriority, string> = {
  LOW: "text-muted-foreground",
  MEDIUM: "text-muted-foreground",
  HIGH: "text-warning-soft-foreground",
  URGENT: "text-destructive",
};

export function PriorityLabel({ priority, className }: { priority: TicketPriority; className?: string }) {
  const { t } = useTranslation();
  const Icon = priorityIcon[priority];
  return (
    <span className={cn("inline-flex items-center gap-1 whitespace-nowrap text-sm", className)}>
      <Icon className={cn("size-3.5 shrink-0", priorityTone[priority])} aria-hidden />
      {t(`desk.priority.${priority}`)}
    </span>
  );
}

/** Search highlights: plain-text segments, matches in <mark>; never parsed as HTML. */
export function Highlighted({ segments }: { segments: readonly { text: string; match: boolean }[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and static
          <mark key={i} className="rounded-sm bg-warning-soft px-0.5 text-warning-soft-foreground">
            {s.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and static
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/** A file size people read: 820 B, 14 KB, 3.2 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The current time, refreshed every `ms` (SLA countdowns). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** "2d 3h", "1h 20m", "35 min": the two largest units of a duration. */
export function useFormatDuration() {
  const { t } = useTranslation();
  return (ms: number) => {
    const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (d > 0) return t("desk.duration.dh", { d, h });
    if (h > 0) return t("desk.duration.hm", { h, m });
    return t("desk.duration.m", { m });
  };
}
