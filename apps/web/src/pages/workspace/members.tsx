import type { MemberRole } from "@quartet/db/enums";
import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import {
  DropdownMenuItem,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
} from "@quartet/ui/dropdown-menu";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { FormField } from "@quartet/ui/form-field";
import { Crown, MailPlus, RotateCw, Search, ShieldCheck, UserMinus, UserPlus, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { SEARCH_ATTRIBUTE, useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { RoleBadge } from "../../components/role-badge.tsx";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { assignableRoles, atLeast } from "../../lib/roles.ts";
import { useUser } from "../../lib/session.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

type Member = RouterOutputs["members"]["list"]["members"][number];
type Invitation = RouterOutputs["members"]["list"]["invitations"][number];

export function MembersPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const [params, setParams] = useSearchParams();
  const list = trpc.members.list.useQuery({ orgId: org.id });
  const canManage = atLeast(org.role, "ADMIN");
  const [query, setQuery] = useState("");
  const inviteOpen = params.get("invite") === "1" && canManage;
  const tableRef = useRef<HTMLDivElement>(null);
  useListNavigation(tableRef);
  useDocumentTitle(t("members.title"));

  const setInviteOpen = (open: boolean) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (open) next.set("invite", "1");
        else next.delete("invite");
        return next;
      },
      { replace: true },
    );

  const members = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = list.data?.members ?? [];
    if (!q) return all;
    return all.filter((m) => m.email.toLowerCase().includes(q) || (m.name ?? "").toLowerCase().includes(q));
  }, [list.data, query]);

  return (
    <Page>
      <PageHeader
        title={t("members.title")}
        description={t("members.description", { org: org.name })}
        actions={
          canManage ? (
            <Button onClick={() => setInviteOpen(true)}>
              <UserPlus aria-hidden />
              {t("members.invite")}
            </Button>
          ) : null
        }
      />

      {list.isPending ? (
        <TableSkeleton columns={4} rows={4} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
      ) : (
        <div className="grid gap-8">
          <section aria-labelledby="members-heading" className="grid gap-3">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="members-heading" className="text-lg font-semibold">
                {t("members.people", { count: list.data.members.length })}
              </h2>
              <div className="relative w-full sm:w-64">
                <Search
                  className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
                  aria-hidden
                />
                <Input
                  type="search"
                  className="ps-8"
                  placeholder={t("members.search")}
                  aria-label={t("members.search")}
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  {...{ [SEARCH_ATTRIBUTE]: "" }}
                />
              </div>
            </div>
            <div ref={tableRef}>
              {members.length === 0 ? (
                <EmptyState
                  icon={Search}
                  title={t("members.noMatchTitle")}
                  description={t("members.noMatchBody", { query })}
                  action={
                    <Button variant="outline" onClick={() => setQuery("")}>
                      {t("members.clearSearch")}
                    </Button>
                  }
                />
              ) : (
                <MembersTable members={members} canManage={canManage} />
              )}
            </div>
          </section>

          {canManage ? (
            <section aria-labelledby="invitations-heading" className="grid gap-3">
              <h2 id="invitations-heading" className="text-lg font-semibold">
                {t("members.invitations")}
              </h2>
              {list.data.invitations.length === 0 ? (
                <EmptyState
                  icon={MailPlus}
                  title={t("members.noInvitesTitle")}
                  description={t("members.noInvitesBody")}
                  action={
                    <Button variant="outline" onClick={() => setInviteOpen(true)}>
                      <UserPlus aria-hidden />
                      {t("members.invite")}
                    </Button>
                  }
                />
              ) : (
                <InvitationsTable invitations={list.data.invitations} />
              )}
            </section>
          ) : null}
        </div>
      )}

      {canManage ? <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} /> : null}
    </Page>
  );
}

function MembersTable({ members, canManage }: { members: Member[]; canManage: boolean }) {
  const { t } = useTranslation();
  const me = useUser();
  return (
    <Table wrapperClassName="max-h-[65vh]">
      <TableHeader>
        <TableRow>
          <TableHead>{t("members.columns.person")}</TableHead>
          <TableHead>{t("members.columns.role")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("members.columns.joined")}</TableHead>
          <ActionsColumnHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((m) => {
          const isMe = m.userId === me.id;
          return (
            <TableRow key={m.userId} data-list-item tabIndex={-1} className="outline-none">
              <TableCell>
                <div className="flex min-w-0 items-center gap-2.5">
                  <Avatar name={m.name ?? m.email} src={m.avatarUrl} size="md" />
                  <div className="grid min-w-0">
                    <span className="flex items-center gap-1.5 truncate font-medium">
                      {m.name ?? m.email}
                      {isMe ? (
                        <span className="text-xs font-normal text-muted-foreground">
                          ({t("members.you")})
                        </span>
                      ) : null}
                      {m.disabled ? <Badge variant="outline">{t("members.disabled")}</Badge> : null}
                    </span>
                    {m.name ? (
                      <span dir="ltr" className="truncate text-sm text-muted-foreground rtl:text-right">
                        {m.email}
                      </span>
                    ) : null}
                  </div>
                </div>
              </TableCell>
              <TableCell>
                <RoleBadge role={m.role} />
              </TableCell>
              <TableCell className="hidden text-muted-foreground sm:table-cell">
                <RelativeTime date={m.joinedAt} />
              </TableCell>
              <TableCell className="text-end">
                {canManage && !isMe ? <MemberActions member={m} /> : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function MemberActions({ member }: { member: Member }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const changeRole = trpc.members.changeRole.useMutation();
  const remove = trpc.members.remove.useMutation();
  const transfer = trpc.orgs.transferOwnership.useMutation();
  const [confirm, setConfirm] = useState<"remove" | "transfer" | null>(null);
  const name = member.name ?? member.email;
  const isOwner = org.role === "OWNER";
  // Admins can't touch owners; owners can.
  const canEdit = isOwner || member.role !== "OWNER";

  const refresh = async () => {
    await Promise.all([utils.members.list.invalidate({ orgId: org.id }), utils.orgs.list.invalidate()]);
  };

  const setRole = async (role: string) => {
    if (role === member.role) return;
    try {
      await changeRole.mutateAsync({ orgId: org.id, userId: member.userId, role: role as MemberRole });
      await refresh();
      toast.success(t("members.roleChanged", { name, role: t(`roles.${role}`) }));
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    }
  };

  if (!canEdit) return null;

  return (
    <>
      <RowActionsMenu label={t("members.actionsFor", { name })}>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <ShieldCheck aria-hidden />
            {t("members.changeRole")}
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent>
            <DropdownMenuRadioGroup value={member.role} onValueChange={setRole}>
              {assignableRoles(org.role).map((r) => (
                <DropdownMenuRadioItem key={r} value={r}>
                  {t(`roles.${r}`)}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        {isOwner && member.role !== "OWNER" && !member.disabled ? (
          <DropdownMenuItem onSelect={() => setConfirm("transfer")}>
            <Crown aria-hidden />
            {t("members.transfer")}
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem destructive onSelect={() => setConfirm("remove")}>
          <UserMinus aria-hidden />
          {t("members.remove")}
        </DropdownMenuItem>
      </RowActionsMenu>

      <ConfirmDialog
        open={confirm === "remove"}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("members.removeTitle", { name })}
        description={t("members.removeBody", { name, org: org.name })}
        confirmLabel={t("members.removeConfirm")}
        onConfirm={async () => {
          await remove.mutateAsync({ orgId: org.id, userId: member.userId });
          await refresh();
          toast.success(t("members.removed", { name }));
        }}
      />
      <ConfirmDialog
        open={confirm === "transfer"}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("members.transferTitle", { name })}
        description={t("members.transferBody", { name, org: org.name })}
        confirmLabel={t("members.transferConfirm")}
        confirmText={org.slug}
        onConfirm={async () => {
          await transfer.mutateAsync({ orgId: org.id, userId: member.userId });
          await refresh();
          toast.success(t("members.transferred", { name }));
        }}
      />
    </>
  );
}

function InvitationsTable({ invitations }: { invitations: Invitation[] }) {
  const { t } = useTranslation();
  return (
    <Table wrapperClassName="max-h-[50vh]">
      <TableHeader>
        <TableRow>
          <TableHead>{t("members.columns.email")}</TableHead>
          <TableHead>{t("members.columns.role")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("members.columns.invitedBy")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("members.columns.status")}</TableHead>
          <ActionsColumnHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {invitations.map((inv) => (
          <InvitationRow key={inv.id} invitation={inv} />
        ))}
      </TableBody>
    </Table>
  );
}

function InvitationRow({ invitation: inv }: { invitation: Invitation }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const resend = trpc.members.resendInvitation.useMutation();
  const revoke = trpc.members.revokeInvitation.useMutation();
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const expired = inv.status === "EXPIRED" || new Date(inv.expiresAt).getTime() < Date.now();

  return (
    <TableRow>
      <TableCell>
        <div className="grid min-w-0">
          <span className="truncate font-medium">{inv.email}</span>
          <span className="text-xs text-muted-foreground sm:hidden">
            {expired ? t("members.expired") : t("members.pending")}
          </span>
        </div>
      </TableCell>
      <TableCell>
        <RoleBadge role={inv.role} />
      </TableCell>
      <TableCell className="hidden text-muted-foreground md:table-cell">{inv.invitedByName ?? "—"}</TableCell>
      <TableCell className="hidden sm:table-cell">
        <div className="grid justify-items-start gap-0.5">
          {expired ? (
            <Badge variant="warning">{t("members.expired")}</Badge>
          ) : (
            <Badge variant="primary">{t("members.pending")}</Badge>
          )}
          <span className="text-xs text-muted-foreground">
            {t("members.sent")} <RelativeTime date={inv.lastSentAt} style="short" />
            {" · "}
            {expired ? t("members.expiredAgo") : t("members.expires")}{" "}
            <RelativeTime date={inv.expiresAt} style="short" />
          </span>
        </div>
      </TableCell>
      <TableCell className="text-end">
        <RowActionsMenu label={t("members.invitationActionsFor", { email: inv.email })}>
          <DropdownMenuItem
            disabled={resend.isPending}
            onSelect={async () => {
              try {
                await resend.mutateAsync({ orgId: org.id, invitationId: inv.id });
                await utils.members.list.invalidate({ orgId: org.id });
                toast.success(t("members.resent", { email: inv.email }));
              } catch (error) {
                toast.error(errorMessage(error, t("errors.generic")));
              }
            }}
          >
            <RotateCw aria-hidden />
            {t("members.resend")}
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem destructive onSelect={() => setConfirmRevoke(true)}>
            <X aria-hidden />
            {t("members.revoke")}
          </DropdownMenuItem>
        </RowActionsMenu>
        <ConfirmDialog
          open={confirmRevoke}
          onOpenChange={setConfirmRevoke}
          destructive
          title={t("members.revokeTitle")}
          description={t("members.revokeBody", { email: inv.email, org: org.name })}
          confirmLabel={t("members.revokeConfirm")}
          onConfirm={async () => {
            await revoke.mutateAsync({ orgId: org.id, invitationId: inv.id });
            await utils.members.list.invalidate({ orgId: org.id });
            toast.success(t("members.revoked", { email: inv.email }));
          }}
        />
      </TableCell>
    </TableRow>
  );
}

function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const invite = trpc.members.invite.useMutation();
  const form = useForm({
    initialValues: { email: "", role: "MEMBER" as MemberRole },
    validate: (v) => ({
      email: /^\S+@\S+\.\S+$/.test(v.email.trim()) ? undefined : t("validation.emailInvalid"),
    }),
    onSubmit: async ({ email, role }) => {
      await invite.mutateAsync({ orgId: org.id, email: email.trim(), role });
      await utils.members.list.invalidate({ orgId: org.id });
      toast.success(t("members.invited", { email: email.trim() }));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={t("members.inviteTitle", { org: org.name })}
      description={t("members.inviteDescription")}
      submitLabel={t("members.sendInvite")}
    >
      <FormField label={t("fields.email")} error={form.errors.email}>
        <Input
          type="email"
          autoFocus
          autoComplete="off"
          placeholder="name@company.com"
          {...form.field("email")}
        />
      </FormField>
      <FormField
        label={t("fields.role")}
        error={form.errors.role}
        hint={t(`roleDescriptions.${form.values.role}`)}
      >
        <NativeSelect {...form.field("role")}>
          {assignableRoles(org.role).map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </NativeSelect>
      </FormField>
    </FormDialog>
  );
}
