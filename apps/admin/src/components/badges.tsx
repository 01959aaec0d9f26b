import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Ban, CircleCheck, Clock, Lock } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import type { UserStatus } from "../lib/trpc.ts";

const statusStyle: Record<UserStatus, { variant: BadgeVariant; icon: typeof Lock }> = {
  ACTIVE: { variant: "success", icon: CircleCheck },
  PENDING: { variant: "warning", icon: Clock },
  LOCKED: { variant: "destructive", icon: Lock },
  DISABLED: { variant: "neutral", icon: Ban },
};

export function UserStatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation("admin");
  const s = statusStyle[status];
  const Icon = s.icon;
  return (
    <Badge variant={s.variant}>
      <Icon aria-hidden />
      {t(`status.${status}`)}
    </Badge>
  );
}

export function MemberRoleBadge({ role }: { role: "OWNER" | "ADMIN" | "AGENT" | "MEMBER" }) {
  const { t } = useTranslation("admin");
  const variant: BadgeVariant = role === "OWNER" ? "primary" : role === "ADMIN" ? "outline" : "neutral";
  return <Badge variant={variant}>{t(`memberRoles.${role}`)}</Badge>;
}

export function SuperadminBadge() {
  const { t } = useTranslation("admin");
  return <Badge variant="destructive">{t("roles.SUPERADMIN")}</Badge>;
}
