export function BrandMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <g className="fill-primary-foreground">
        <rect x="7" y="7" width="8" height="8" rx="2" />
        <rect x="17" y="7" width="8" height="8" rx="2" opacity=".75" />
        <rect x="7" y="17" width="8" height="8" rx="2" opacity=".75" />
        <rect x="17" y="17" width="8" height="8" rx="2" opacity=".5" />
      </g>
    </svg>
  );
}
