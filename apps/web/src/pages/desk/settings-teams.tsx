import type { TeamRole } from "@quartet/db/enums";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Pencil, Plus, Trash2, UserMinus, UsersRound } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, useState } from "react";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { atLeast } from "../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { SettingsListSection } from "./settings-list-section.tsx";

type Team = RouterOutputs["deskTeams"]["list"][number];
const TEAM_ROLES: readonly TeamRole[] = ["AGENT", "SUPERVISOR", "LEAD"];

/** /w/:slug/desk/settings/teams: everyone sees the teams; admins and owners manage them. */
export function DeskTeamsSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("deskAdmin.teams.title"));
  const canManage = atLeast(org.role, "ADMIN");
  const teams = trpc.deskTeams.list.useQuery({ orgId: org.id });
  const [dialog, setDialog] = useState<
    { kind: "create" } | { kind: "edit" | "delete" | "members"; teamId: string } | null
  >(null);
  const current =
    dialog && dialog.kind !== "create" ? teams.data?.find((tm) => tm.id === dialog.teamId) : undefined;
  const close = () => setDialog(null);

  return (
    <SettingsListSection
      id="teams"
      title={t("deskAdmin.teams.title")}
      description={t("deskAdmin.teams.description")}
      canManage={canManage}
      readOnlyNote={t("deskAdmin.readOnly")}
      createLabel={t("deskAdmin.teams.create")}
      onCreate={() => setDialog({ kind: "create" })}
      query={teams}
      skeletonColumns={3}
      empty={{
        icon: UsersRound,
        title: t("deskAdmin.teams.emptyTitle"),
        description: t("deskAdmin.teams.emptyBody"),
      }}
      after={
        <>
          {canManage ? (
            <TeamFormDialog
              open={dialog?.kind === "create" || (dialog?.kind === "edit" && !!current)}
              team={dialog?.kind === "edit" ? current : undefined}
              onOpenChange={(open) => !open && close()}
            />
          ) : null}
          {current && dialog?.kind === "delete" ? (
            <DeleteTeamDialog team={current} onOpenChange={(open) => !open && close()} />
          ) : null}
          {current && dialog?.kind === "members" ? (
            <MembersDialog team={current} canManage={canManage} onOpenChange={(open) => !open && close()} />
          ) : null}
        </>
      }
    >
      {(items) => (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("deskAdmin.teams.columns.team")}</TableHead>
              <TableHead>{t("deskAdmin.teams.columns.members")}</TableHead>
              <ActionsColumnHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((team) => (
              <TableRow key={team.id}>
                <TableCell>
                  <div className="grid min-w-0">
                    <span className="truncate font-medium">{team.name}</span>
                    {team.description ? (
                      <span className="truncate text-sm text-muted-foreground">{team.description}</span>
                    ) : null}
                  </div>
                </TableCell>
                <TableCell>
                  <button
                    type="button"
                    className="flex items-center gap-2 rounded-md text-start hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                    onClick={() => setDialog({ kind: "members", teamId: team.id })}
                  >
                    <span className="flex -space-x-1.5 rtl:space-x-reverse" aria-hidden>
                      {team.members.slice(0, 4).map((m) => (
                        <Avatar
                          key={m.userId}
                          name={m.name ?? m.email}
                          src={m.avatarUrl}
                          size="sm"
                          className="ring-2 ring-card"
                        />
                      ))}
                    </span>
                    <span className="text-sm text-muted-foreground">
                      {t("deskAdmin.teams.memberCount", { count: team.members.length })}
                    </span>
                  </button>
                </TableCell>
                <TableCell className="text-end">
                  <RowActionsMenu label={t("deskAdmin.teams.actionsFor", { name: team.name })}>
                    <DropdownMenuItem onSelect={() => setDialog({ kind: "members", teamId: team.id })}>
                      <UsersRound aria-hidden />
                      {canManage ? t("deskAdmin.teams.manageMembers") : t("deskAdmin.teams.viewMembers")}
                    </DropdownMenuItem>
                    {canManage ? (
                      <>
                        <DropdownMenuItem onSelect={() => setDialog({ kind: "edit", teamId: team.id })}>
                          <Pencil aria-hidden />
                          {t("deskAdmin.teams.rename")}
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem
                          destructive
                          onSelect={() => setDialog({ kind: "delete", teamId: team.id })}
                        >
                          <Trash2 aria-hidden />
                          {t("deskAdmin.teams.delete")}
                        </DropdownMenuItem>
                      </>
                    ) : null}
                  </RowActionsMenu>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SettingsListSection>
  );
}

function TeamFormDialog({
  open,
  team,
  onOpenChange,
}: {
  open: boolean;
  team: Team | undefined;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskTeams.create.useMutation();
  const update = trpc.deskTeams.update.useMutation();
  const form = useForm({
    initialValues: { name: team?.name ?? "", description: team?.description ?? "" },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("deskAdmin.teams.nameRequired") }),
    onSubmit: async ({ name, description }) => {
      const saved = team
        ? await update.mutateAsync({ orgId: org.id, teamId: team.id, name, description: description || null })
        : await create.mutateAsync({ orgId: org.id, name, description: description || null });
      await utils.deskTeams.list.invalidate({ orgId: org.id });
      toast.success(team ? t("deskAdmin.teams.renamed") : t("deskAdmin.teams.created", { name: saved.name }));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={team ? t("deskAdmin.teams.renameTitle", { name: team.name }) : t("deskAdmin.teams.createTitle")}
      description={team ? t("deskAdmin.teams.renameBody") : t("deskAdmin.teams.createBody")}
      submitLabel={team ? t("deskAdmin.teams.renameSubmit") : t("deskAdmin.teams.createSubmit")}
    >
      <FormField label={t("deskAdmin.teams.name")} error={form.errors.name}>
        <Input autoFocus maxLength={100} autoComplete="off" {...form.field("name")} />
      </FormField>
      <FormField label={t("deskAdmin.teams.descriptionField")} error={form.errors.description} optional>
        <Input maxLength={2000} autoComplete="off" {...form.field("description")} />
      </FormField>
    </FormDialog>
  );
}

function DeleteTeamDialog({ team, onOpenChange }: { team: Team; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.deskTeams.delete.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      destructive
      title={t("deskAdmin.teams.deleteTitle", { name: team.name })}
      description={t("deskAdmin.teams.deleteBody")}
      confirmLabel={t("deskAdmin.teams.deleteConfirm")}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, teamId: team.id });
        await utils.deskTeams.list.invalidate({ orgId: org.id });
        toast.success(t("deskAdmin.teams.deleted", { name: team.name }));
      }}
    />
  );
}

function MembersDialog({
  team,
  canManage,
  onOpenChange,
}: {
  team: Team;
  canManage: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const setRole = trpc.deskTeams.setMemberRole.useMutation();
  const removeMember = trpc.deskTeams.removeMember.useMutation();
  const refresh = () => utils.deskTeams.list.invalidate({ orgId: org.id });

  const changeRole = async (userId: string, name: string, role: TeamRole) => {
    try {
      await setRole.mutateAsync({ orgId: org.id, teamId: team.id, userId, role });
      await refresh();
      toast.success(t("deskAdmin.teams.roleChanged", { name, role: t(`deskAdmin.teams.roles.${role}`) }));
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    }
  };
  const remove = async (userId: string, name: string) => {
    try {
      await removeMember.mutateAsync({ orgId: org.id, teamId: team.id, userId });
      await refresh();
      toast.success(t("deskAdmin.teams.removed", { name }));
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    }
  };

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent size="lg">
        <DialogHeader>
          <DialogTitle>{t("deskAdmin.teams.membersTitle", { name: team.name })}</DialogTitle>
          <DialogDescription>{t("deskAdmin.teams.membersBody")}</DialogDescription>
        </DialogHeader>
        {team.members.length === 0 ? (
          <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
            {t("deskAdmin.teams.noMembers")}
          </p>
        ) : (
          <ul className="grid max-h-80 gap-1 overflow-y-auto" aria-label={t("deskAdmin.teams.members")}>
            {team.members.map((m) => {
              const name = m.name ?? m.email;
              return (
                <li key={m.userId} className="flex items-center gap-3 rounded-md px-1 py-1.5">
                  <Avatar name={name} src={m.avatarUrl} size="md" />
                  <div className="grid min-w-0 flex-1">
                    <span className="truncate font-medium">{name}</span>
                    {m.name ? (
                      <span dir="ltr" className="truncate text-sm text-muted-foreground rtl:text-right">
                        {m.email}
                      </span>
                    ) : null}
                  </div>
                  {canManage ? (
                    <>
                      <NativeSelect
                        aria-label={t("deskAdmin.teams.roleFor", { name })}
                        className="h-8.5 w-auto"
                        value={m.roleInTeam}
                        onChange={(e) => changeRole(m.userId, name, e.target.value as TeamRole)}
                      >
                        {TEAM_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`deskAdmin.teams.roles.${r}`)}
                          </option>
                        ))}
                      </NativeSelect>
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        aria-label={t("deskAdmin.teams.removeMember", { name })}
                        onClick={() => remove(m.userId, name)}
                      >
                        <UserMinus aria-hidden />
                      </Button>
                    </>
                  ) : (
                    <span className="text-sm text-muted-foreground">
                      {t(`deskAdmin.teams.roles.${m.roleInTeam}`)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {canManage ? <AddMemberForm team={team} onAdded={refresh} /> : null}
      </DialogContent>
    </Dialog>
  );
}

/** Picks an agent of the workspace (Agent role or higher, not yet in the team) and a team role. */
function AddMemberForm({ team, onAdded }: { team: Team; onAdded: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const members = trpc.members.list.useQuery({ orgId: org.id });
  const add = trpc.deskTeams.addMember.useMutation();
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<TeamRole>("AGENT");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const inTeam = new Set(team.members.map((m) => m.userId));
  const candidates = (members.data?.members ?? []).filter(
    (m) => !m.disabled && atLeast(m.role, "AGENT") && !inTeam.has(m.userId),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    if (!userId) {
      setErrors({ userId: t("deskAdmin.teams.choosePerson") });
      return;
    }
    setErrors({});
    setFormError(null);
    try {
      await add.mutateAsync({ orgId: org.id, teamId: team.id, userId, role });
      await onAdded();
      const person = candidates.find((c) => c.userId === userId);
      toast.success(t("deskAdmin.teams.added", { name: person?.name ?? person?.email ?? "" }));
      setUserId("");
      setRole("AGENT");
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      if (!fields.userId && !fields.role) setFormError(errorMessage(error, t("errors.generic")));
    }
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 border-t pt-4">
      <h3 className="text-sm font-semibold">{t("deskAdmin.teams.addMember")}</h3>
      <FormError>{formError}</FormError>
      {members.isSuccess && candidates.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("deskAdmin.teams.noCandidates")}</p>
      ) : (
        <div className="grid items-start gap-3 sm:grid-cols-[1fr_10rem_auto]">
          <FormField label={t("deskAdmin.teams.person")} error={errors.userId}>
            <NativeSelect
              value={userId}
              disabled={!members.isSuccess}
              onChange={(e) => setUserId(e.target.value)}
            >
              <option value="">{t("deskAdmin.teams.choosePerson")}</option>
              {candidates.map((c) => (
                <option key={c.userId} value={c.userId}>
                  {c.name ? `${c.name} (${c.email})` : c.email}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField label={t("deskAdmin.teams.role")} error={errors.role}>
            <NativeSelect value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`deskAdmin.teams.roles.${r}`)}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <Button type="submit" className="sm:mt-6.5" loading={add.isPending}>
            <Plus aria-hidden />
            {t("deskAdmin.teams.add")}
          </Button>
        </div>
      )}
    </form>
  );
}
