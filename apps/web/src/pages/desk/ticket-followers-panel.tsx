import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { FormError } from "@quartet/ui/form-field";
import { Bell, BellOff, Plus, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, useId, useState } from "react";
import { useUser } from "../../lib/session.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

type Member = RouterOutputs["members"]["list"]["members"][number];

/** The server's cap (ticket-cc.schema.ts). */
const CC_MAX = 20;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const iconButton =
  "inline-flex size-7 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring";

/**
 * The ticket's followers: a Follow toggle for the caller, the followers with their avatars, and for
 * agents a way to add another agent or remove one. Followers hear about replies, notes and status
 * changes (per their notification preferences).
 */
export function TicketFollowersPanel({
  ticketId,
  canWork,
  members,
}: {
  ticketId: string;
  canWork: boolean;
  members: Member[];
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const me = useUser();
  const ids = { orgId: org.id, ticketId };
  const utils = trpc.useUtils();
  const list = trpc.deskFollowers.list.useQuery(ids);
  const onSuccess = (data: RouterOutputs["deskFollowers"]["list"]) =>
    utils.deskFollowers.list.setData(ids, data);
  const onError = (error: unknown) => toast.error(errorMessage(error, t("errors.generic")));
  const follow = trpc.deskFollowers.follow.useMutation({ onSuccess, onError });
  const unfollow = trpc.deskFollowers.unfollow.useMutation({ onSuccess, onError });
  const selectId = useId();

  if (list.isPending) return <SkeletonLines lines={2} />;
  if (list.isError) return <FormError>{errorMessage(list.error, t("errors.generic"))}</FormError>;
  const { followers, following } = list.data;
  const nameOf = (f: { name: string | null; email: string }) => f.name ?? f.email;
  const candidates = members.filter(
    (m) => !m.disabled && m.role !== "MEMBER" && !followers.some((f) => f.userId === m.userId),
  );
  const busy = follow.isPending || unfollow.isPending;

  return (
    <div className="grid gap-3">
      {canWork ? (
        <Button
          variant={following ? "secondary" : "outline"}
          size="sm"
          aria-pressed={following}
          title={
            following ? t("deskFollowers.followers.unfollowHint") : t("deskFollowers.followers.followHint")
          }
          disabled={busy}
          onClick={async () => {
            if (following) {
              await unfollow.mutateAsync(ids);
              toast.success(t("deskFollowers.followers.unfollowed"));
            } else {
              await follow.mutateAsync(ids);
              toast.success(t("deskFollowers.followers.followed"));
            }
          }}
        >
          {following ? <BellOff aria-hidden /> : <Bell aria-hidden />}
          {following ? t("deskFollowers.followers.following") : t("deskFollowers.followers.follow")}
        </Button>
      ) : null}
      {followers.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("deskFollowers.followers.none")}</p>
      ) : (
        <ul
          className="grid gap-1.5"
          aria-label={t("deskFollowers.followers.count", { count: followers.length })}
        >
          {followers.map((f) => (
            <li
              key={f.userId}
              className="flex min-w-0 items-center gap-2 text-sm"
              data-testid="ticket-follower"
            >
              <Avatar name={nameOf(f)} src={f.avatarUrl} size="sm" />
              <span className="min-w-0 flex-1 truncate" dir="auto">
                {f.userId === me.id ? t("deskFollowers.followers.you", { name: nameOf(f) }) : nameOf(f)}
              </span>
              {canWork ? (
                <button
                  type="button"
                  className={iconButton}
                  aria-label={t("deskFollowers.followers.remove", { name: nameOf(f) })}
                  title={t("deskFollowers.followers.remove", { name: nameOf(f) })}
                  disabled={busy}
                  onClick={async () => {
                    await unfollow.mutateAsync({ ...ids, userId: f.userId });
                    toast.success(t("deskFollowers.followers.removed", { name: nameOf(f) }));
                  }}
                >
                  <X className="size-4" aria-hidden />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWork && candidates.length > 0 ? (
        <div className="grid gap-1">
          <label htmlFor={selectId} className="text-xs text-muted-foreground">
            {t("deskFollowers.followers.add")}
          </label>
          <NativeSelect
            id={selectId}
            className="h-8.5"
            value=""
            disabled={busy}
            onChange={async (e) => {
              const m = candidates.find((c) => c.userId === e.target.value);
              if (!m) return;
              await follow.mutateAsync({ ...ids, userId: m.userId });
              toast.success(t("deskFollowers.followers.added", { name: m.name ?? m.email }));
            }}
          >
            <option value="">{t("deskFollowers.followers.addPlaceholder")}</option>
            {candidates.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Customer addresses copied (Cc) on the ticket's replies: kept from inbound mail, edited by agents.
 * The server refuses the requester, help desk addresses and agents, with a message under the field.
 */
export function TicketCcPanel({ ticketId, canWork }: { ticketId: string; canWork: boolean }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const ids = { orgId: org.id, ticketId };
  const utils = trpc.useUtils();
  const list = trpc.deskFollowers.ccs.useQuery(ids);
  const save = trpc.deskFollowers.setCcs.useMutation({
    onSuccess: async (data) => {
      utils.deskFollowers.ccs.setData(ids, data);
      await utils.deskTickets.get.invalidate(ids);
    },
  });
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  if (list.isPending) return <SkeletonLines lines={1} />;
  if (list.isError) return <FormError>{errorMessage(list.error, t("errors.generic"))}</FormError>;
  const ccs = list.data;

  const submit = async (next: { email: string; name?: string | null }[]) => {
    setError(null);
    try {
      await save.mutateAsync({ ...ids, ccs: next });
      return true;
    } catch (e) {
      // The server names the refused address; its reason says why, in the agent's language.
      const reason = errorReason(e);
      const email = next.find((c) => !ccs.some((o) => o.email === c.email))?.email ?? "";
      setError(
        reason?.startsWith("CC_IS_")
          ? t(`deskFollowers.ccs.reasons.${reason}`, { email })
          : errorMessage(e, t("errors.generic")),
      );
      return false;
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const email = draft.trim().toLowerCase();
    if (!EMAIL.test(email)) return setError(t("deskFollowers.ccs.invalid"));
    if (ccs.length >= CC_MAX) return setError(t("deskFollowers.ccs.tooMany", { count: CC_MAX }));
    if (ccs.some((c) => c.email === email)) return setDraft("");
    if (await submit([...ccs, { email }])) {
      setDraft("");
      toast.success(t("deskFollowers.ccs.saved"));
    }
  };

  return (
    <div className="grid gap-2">
      <p className="text-xs text-muted-foreground">{t("deskFollowers.ccs.hint")}</p>
      {ccs.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("deskFollowers.ccs.none")}</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {ccs.map((c) => (
            <li
              key={c.email}
              data-testid="ticket-cc"
              className="inline-flex max-w-full items-center gap-1 rounded-full border bg-muted/50 ps-2.5 text-sm"
            >
              <span className="truncate" dir="ltr" title={c.name ?? c.email}>
                {c.email}
              </span>
              {canWork ? (
                <button
                  type="button"
                  className={iconButton}
                  aria-label={t("deskFollowers.ccs.remove", { email: c.email })}
                  disabled={save.isPending}
                  onClick={() => submit(ccs.filter((o) => o.email !== c.email))}
                >
                  <X className="size-3.5" aria-hidden />
                </button>
              ) : (
                <span className="pe-2.5" />
              )}
            </li>
          ))}
        </ul>
      )}
      {canWork ? (
        <form className="grid gap-1" onSubmit={add} noValidate>
          <label htmlFor={inputId} className="sr-only">
            {t("deskFollowers.ccs.inputLabel")}
          </label>
          <div className="flex gap-2">
            <Input
              id={inputId}
              type="email"
              dir="ltr"
              className="h-8.5"
              placeholder={t("deskFollowers.ccs.placeholder")}
              value={draft}
              maxLength={255}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => {
                setDraft(e.target.value);
                if (error) setError(null);
              }}
            />
            <Button type="submit" variant="outline" size="sm" disabled={save.isPending || !draft.trim()}>
              <Plus aria-hidden />
              {t("deskFollowers.ccs.add")}
            </Button>
          </div>
          {error ? (
            <p id={errorId} role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
