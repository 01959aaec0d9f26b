import { Avatar as AvatarPrimitive } from "radix-ui";
import { cn } from "./lib/cn.ts";

export function initialsOf(name: string | null | undefined, fallback = "?"): string {
  const words = (name ?? "")
    .trim()
    .split(/[\s@._-]+/)
    .filter(Boolean);
  if (words.length === 0) return fallback;
  const first = words[0]?.[0] ?? "";
  const second = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "";
  return (first + second).toUpperCase();
}

// A stable soft colour per name, so people are easy to tell apart at a glance.
const tints = [
  "bg-[oklch(0.9_0.06_276)] text-[oklch(0.35_0.15_276)]",
  "bg-[oklch(0.9_0.07_155)] text-[oklch(0.35_0.1_155)]",
  "bg-[oklch(0.92_0.07_75)] text-[oklch(0.4_0.1_60)]",
  "bg-[oklch(0.9_0.06_25)] text-[oklch(0.4_0.14_25)]",
  "bg-[oklch(0.9_0.06_220)] text-[oklch(0.38_0.1_230)]",
  "bg-[oklch(0.9_0.06_320)] text-[oklch(0.4_0.13_320)]",
];

function tintOf(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return tints[h % tints.length]!;
}

const sizes = {
  xs: "size-5 text-[0.625rem]",
  sm: "size-6 text-[0.6875rem]",
  md: "size-8 text-xs",
  lg: "size-12 text-base",
};

export interface AvatarProps {
  name: string | null | undefined;
  src?: string | null;
  size?: keyof typeof sizes;
  className?: string;
  /** Square-ish shape for workspaces, round for people. */
  shape?: "circle" | "square";
}

export function Avatar({ name, src, size = "md", className, shape = "circle" }: AvatarProps) {
  return (
    <AvatarPrimitive.Root
      className={cn(
        "relative inline-flex shrink-0 select-none items-center justify-center overflow-hidden font-semibold",
        shape === "circle" ? "rounded-full" : "rounded-md",
        sizes[size],
        className,
      )}
    >
      {src ? <AvatarPrimitive.Image src={src} alt="" className="size-full object-cover" /> : null}
      <AvatarPrimitive.Fallback
        className={cn("flex size-full items-center justify-center", tintOf(name ?? ""))}
        aria-hidden
      >
        {initialsOf(name)}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  );
}
