import {
  Check,
  CheckCheck,
  CircleAlert,
  Clock,
  FlaskConical,
  Globe,
  type LucideIcon,
  MessageCircle,
  Music2,
  Phone,
} from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useViewer } from "@quartet/ui/relative-time";
import { useMemo } from "react";
import type { MessageStatus, Platform } from "./inbox-types.ts";

/** An Instagram-like camera glyph (the icon set has no brand marks). */
function CameraGlyph({ className }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.2}
      strokeLinecap="round"
      className={className}
      aria-hidden
    >
      <rect x="3" y="3" width="18" height="18" rx="5" />
      <circle cx="12" cy="12" r="4" />
      <circle cx="17.5" cy="6.5" r="0.6" fill="currentColor" />
    </svg>
  );
}

const CHANNELS: Record<Platform, { icon: LucideIcon | typeof CameraGlyph; className: string }> = {
  WHATSAPP: { icon: Phone, className: "bg-[#1f9d55] text-white" },
  FACEBOOK: { icon: MessageCircle, className: "bg-[#1877f2] text-white" },
  INSTAGRAM: {
    icon: CameraGlyph,
    className: "bg-[linear-gradient(45deg,#f09433,#dc2743_50%,#bc1888)] text-white",
  },
  TIKTOK: { icon: Music2, className: "bg-[#111] text-white ring-1 ring-white/20" },
  WEBCHAT: { icon: Globe, className: "bg-primary text-primary-foreground" },
  SANDBOX: { icon: FlaskConical, className: "bg-muted-foreground text-background" },
};

/** The channel's mark: a small coloured disc with its glyph, named for assistive tech. */
export function ChannelIcon({
  platform,
  size = "sm",
  className,
  labelled = true,
}: {
  platform: Platform;
  size?: "xs" | "sm" | "md";
  className?: string;
  /** False when the channel's name is written next to it. */
  labelled?: boolean;
}) {
  const { t } = useTranslation();
  const channel = CHANNELS[platform];
  const Icon = channel.icon;
  const name = t(`inbox.platform.${platform}`);
  const classes = cn(
    "inline-flex shrink-0 items-center justify-center rounded-full",
    size === "xs" ? "size-4" : size === "sm" ? "size-5" : "size-7",
    channel.className,
    className,
  );
  const glyph = (
    <Icon className={size === "xs" ? "size-2.5" : size === "sm" ? "size-3" : "size-4"} aria-hidden />
  );
  return labelled ? (
    <span role="img" aria-label={name} title={name} className={classes}>
      {glyph}
    </span>
  ) : (
    <span aria-hidden className={classes}>
      {glyph}
    </span>
  );
}

/** A label's chip: its colour as a dot, its name as text (the colour alone says nothing). */
export function LabelChip({ name, color, className }: { name: string; color: string; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex h-5 max-w-32 items-center gap-1 rounded-full border px-1.5 text-[0.6875rem] font-medium text-muted-foreground",
        className,
      )}
    >
      <span className="size-2 shrink-0 rounded-full" style={{ background: color }} aria-hidden />
      <span className="truncate" dir="auto">
        {name}
      </span>
    </span>
  );
}

const TICKS: Record<MessageStatus, { icon: LucideIcon; className: string }> = {
  PENDING: { icon: Clock, className: "text-muted-foreground" },
  SENT: { icon: Check, className: "text-muted-foreground" },
  DELIVERED: { icon: CheckCheck, className: "text-muted-foreground" },
  READ: { icon: CheckCheck, className: "text-[oklch(0.58_0.16_235)]" },
  FAILED: { icon: CircleAlert, className: "text-destructive" },
};

/** An outbound message's delivery: clock, one tick, two ticks, two blue ticks, or failed. */
export function DeliveryTicks({ status, className }: { status: MessageStatus; className?: string }) {
  const { t } = useTranslation();
  const tick = TICKS[status];
  const Icon = tick.icon;
  const label = t(`inbox.status.${status}`);
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-status={status}
      className={cn("inline-flex", tick.className, className)}
    >
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}

export const formatBytes = (bytes: number, locale: string) => {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
};

/** The person's name, else their handle, else "Unknown contact". */
export function useContactName() {
  const { t } = useTranslation();
  return (name: string | null | undefined) => name?.trim() || t("inbox.unknownContact");
}

/** "14:05" in the viewer's timezone and language. */
export function useTimeOfDay() {
  const viewer = useViewer();
  return useMemo(() => {
    const f = new Intl.DateTimeFormat(viewer.locale, { timeStyle: "short", timeZone: viewer.timeZone });
    return (d: Date | string) => f.format(new Date(d));
  }, [viewer.locale, viewer.timeZone]);
}
