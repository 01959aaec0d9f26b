import { Badge } from "@quartet/ui/badge";
import {
  Combine,
  FileImage,
  FileText,
  Hash,
  ImageDown,
  ImageOff,
  Images,
  LayoutGrid,
  Lock,
  LockOpen,
  type LucideIcon,
  Minimize2,
  QrCode,
  RefreshCw,
  RotateCw,
  Scaling,
  Scissors,
  Stamp,
  Wrench,
} from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import type { RouterOutputs } from "../../lib/trpc.ts";

export type ToolSummary = RouterOutputs["toolsCatalog"]["list"]["tools"][number];
export type ToolDetail = RouterOutputs["toolsCatalog"]["get"];
export type ToolJob = RouterOutputs["toolsJobs"]["get"];
export type ToolsAccess = RouterOutputs["toolsAccess"]["me"];

const ICONS: Record<string, LucideIcon> = {
  "pdf.merge": Combine,
  "pdf.split": Scissors,
  "pdf.compress": Minimize2,
  "pdf.rotate": RotateCw,
  "pdf.organize": LayoutGrid,
  "pdf.watermark": Stamp,
  "pdf.pageNumbers": Hash,
  "pdf.protect": Lock,
  "pdf.unlock": LockOpen,
  "pdf.toImages": Images,
  "pdf.repair": Wrench,
  "images.toPdf": FileImage,
  "image.resize": Scaling,
  "image.convert": RefreshCw,
  "image.compress": ImageDown,
  "image.stripMetadata": ImageOff,
  "qr.generate": QrCode,
};

export const toolIcon = (processor: string): LucideIcon => ICONS[processor] ?? FileText;

/** Categories in the order the grid shows them; unknown ones follow. */
export const CATEGORY_ORDER = ["pdf", "image", "utilities"];

export function AccessBadge({ level, className }: { level: string; className?: string }) {
  const { t } = useTranslation();
  if (level === "GUEST") return null;
  return (
    <Badge variant={level === "PREMIUM" ? "primary" : "neutral"} className={className}>
      {t(`tools.access.${level}`, { defaultValue: level })}
    </Badge>
  );
}

export const ACTIVE_STATUSES = new Set(["QUEUED", "PROCESSING"]);

/** The tools' paths. */
export const toolsPaths = {
  home: "/tools",
  tool: (slug: string) => `/tools/${encodeURIComponent(slug)}`,
  job: (slug: string, jobId: string) => `/tools/${encodeURIComponent(slug)}?job=${encodeURIComponent(jobId)}`,
};
