import type { MemberRole } from "@quartet/db/enums";
import { Badge } from "@quartet/ui/badge";
import { useTranslation } from "@quartet/ui/lib/i18n";

const variant = { OWNER: "primary", ADMIN: "success", AGENT: "warning", MEMBER: "neutral" } as const;

export function RoleBadge({ role }: { role: MemberRole }) {
  const { t } = useTranslation();
  return <Badge variant={variant[role]}>{t(`roles.${role}`)}</Badge>;
}
