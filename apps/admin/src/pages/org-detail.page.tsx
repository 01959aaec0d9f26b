import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@quartet/ui/card";
import { Building2 } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { Link, useParams } from "react-router";
import { MemberRoleBadge, UserStatusBadge } from "../components/badges.tsx";
import { DetailList } from "../components/detail-list.tsx";
import { DetailPage, retryUnlessMissing } from "../components/detail-page.tsx";
import { type OrgDetail, trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { OrgBillingPanel } from "./billing/org-billing-panel.tsx";

export default function OrgDetailPage() {
  const { t } = useTranslation("admin");
  const { orgId = "" } = useParams();
  const org = trpc.orgs.get.useQuery({ orgId }, { retry: retryUnlessMissing });
  useAdminTitle(org.data?.name ?? t("nav.orgs"));
  return (
    <DetailPage
      back={{ to: "/orgs", label: t("nav.orgs") }}
      query={org}
      loading={
        <div aria-busy className="grid gap-6">
          <div className="flex items-center gap-4">
            <Skeleton className="size-12 rounded-md" />
            <Skeleton className="h-6 w-56" />
          </div>
          <Card className="p-5">
            <SkeletonLines lines={5} />
          </Card>
        </div>
      }
      notFound={{
        icon: Building2,
        title: t("org.notFoundTitle"),
        description: t("org.notFoundDescription"),
        backLabel: t("org.backToOrgs"),
      }}
    >
      {(data) => <OrgView org={data} />}
    </DetailPage>
  );
}

function OrgView({ org }: { org: OrgDetail }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  return (
    <div className="grid gap-6">
      <header className="flex min-w-0 items-center gap-4">
        <Avatar name={org.name} size="lg" shape="square" />
        <div className="grid min-w-0 gap-1">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            <span dir="auto" className="truncate">
              {org.name}
            </span>
            <Badge variant={org.plan === "FREE" ? "neutral" : "primary"}>{t(`plans.${org.plan}`)}</Badge>
            {org.isPersonal ? <Badge variant="outline">{t("orgs.personal")}</Badge> : null}
            {org.deletedAt ? <Badge variant="destructive">{t("orgs.deleted")}</Badge> : null}
          </h1>
          <p className="truncate font-mono text-sm text-muted-foreground">{org.slug}</p>
        </div>
      </header>

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <Card className="lg:order-2">
          <CardHeader>
            <CardTitle>{t("org.details")}</CardTitle>
          </CardHeader>
          <CardContent>
            <DetailList
              className="sm:grid-cols-[8rem_1fr]"
              items={[
                {
                  key: "id",
                  label: t("org.id"),
                  value: <code className="break-all font-mono text-xs">{org.id}</code>,
                },
                {
                  key: "owner",
                  label: t("org.owner"),
                  value: (
                    <Link to={`/users/${org.owner.id}`} className="hover:underline">
                      {org.owner.email}
                    </Link>
                  ),
                },
                { key: "members", label: t("org.memberCount"), value: String(org.memberCount) },
                { key: "tz", label: t("org.timezone"), value: org.timezone },
                {
                  key: "trial",
                  label: t("org.trial"),
                  value: org.isTrialing
                    ? t("org.trialing")
                    : org.allowTrial
                      ? t("org.trialAllowed")
                      : t("common.no"),
                },
                { key: "created", label: t("org.created"), value: viewer.dateTime(org.createdAt) },
                ...(org.deletedAt
                  ? [{ key: "deleted", label: t("org.deletedAt"), value: viewer.dateTime(org.deletedAt) }]
                  : []),
              ]}
            />
            {org.description ? (
              <p className="mt-4 whitespace-pre-wrap text-sm text-muted-foreground">{org.description}</p>
            ) : null}
          </CardContent>
        </Card>

        <div className="grid min-w-0 gap-6 lg:order-1 lg:col-span-2">
          <section className="grid gap-3" aria-labelledby="members-h">
            <h2 id="members-h" className="text-lg font-semibold">
              {t("org.members", { count: org.members.length })}
            </h2>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("org.colPerson")}</TableHead>
                  <TableHead>{t("org.colRole")}</TableHead>
                  <TableHead className="hidden sm:table-cell">{t("org.colAccount")}</TableHead>
                  <TableHead className="hidden md:table-cell">{t("org.colJoined")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {org.members.map((m) => (
                  <TableRow key={m.membershipId} className={m.disabled ? "opacity-60" : undefined}>
                    <TableCell>
                      <div className="flex min-w-0 items-center gap-2.5">
                        <Avatar name={m.name ?? m.email} size="sm" />
                        <div className="grid min-w-0">
                          <Link
                            to={`/users/${m.userId}`}
                            dir="auto"
                            className="truncate font-medium hover:underline"
                          >
                            {m.name || m.email}
                          </Link>
                          {m.name ? (
                            <span className="truncate text-xs text-muted-foreground">{m.email}</span>
                          ) : null}
                        </div>
                      </div>
                    </TableCell>
                    <TableCell>
                      <span className="flex flex-wrap items-center gap-1.5">
                        <MemberRoleBadge role={m.role} />
                        {m.disabled ? <Badge variant="outline">{t("orgs.memberDisabled")}</Badge> : null}
                      </span>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <UserStatusBadge status={m.userStatus} />
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                      {viewer.dateTime(m.joinedAt, { dateStyle: "medium", timeStyle: null })}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>

          <section className="grid gap-3" aria-labelledby="inv-h">
            <h2 id="inv-h" className="text-lg font-semibold">
              {t("org.invitations", { count: org.invitations.length })}
            </h2>
            {org.invitations.length === 0 ? (
              <p className="rounded-lg border border-dashed px-3 py-5 text-center text-sm text-muted-foreground">
                {t("org.noInvitations")}
              </p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("org.colEmail")}</TableHead>
                    <TableHead>{t("org.colRole")}</TableHead>
                    <TableHead className="hidden md:table-cell">{t("org.colInvitedBy")}</TableHead>
                    <TableHead>{t("org.colExpires")}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {org.invitations.map((i) => (
                    <TableRow key={i.id}>
                      <TableCell className="font-medium">{i.email}</TableCell>
                      <TableCell>
                        <MemberRoleBadge role={i.role} />
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground md:table-cell">
                        {i.invitedBy?.email ?? "—"} · <RelativeTime date={i.lastSentAt} />
                      </TableCell>
                      <TableCell className="whitespace-nowrap">
                        {i.status === "EXPIRED" ? (
                          <Badge variant="warning">{t("org.expired")}</Badge>
                        ) : (
                          <RelativeTime date={i.expiresAt} className="text-muted-foreground" />
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
        </div>
      </div>

      <OrgBillingPanel orgId={org.id} orgName={org.name} />
    </div>
  );
}
