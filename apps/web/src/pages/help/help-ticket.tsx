import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { ErrorState } from "@quartet/ui/error-state";
import { FormError, FormField } from "@quartet/ui/form-field";
import { ArrowRight } from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { Link, useParams, useSearchParams } from "react-router";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import {
  AttachButton,
  DropZone,
  MessageAttachments,
  PendingAttachments,
  useAttachmentUploads,
} from "../desk/attachments.tsx";
import { StatusBadge } from "../desk/desk-shared.tsx";
import { HelpPageNotFound, useHelpSlug } from "./help-shared.tsx";

type PortalTicket = RouterOutputs["help"]["ticket"];

/** The ticket a customer's link opens: `{ slug, ticketId, token }` from the URL. */
export function useTicketLink() {
  const slug = useHelpSlug();
  const ticketId = useParams().ticketId ?? "";
  const [params] = useSearchParams();
  return { slug, ticketId, token: params.get("token") ?? "" };
}

/** `/help/:slug/tickets/:ticketId?token=`: the customer follows their request and replies. */
export function HelpTicketPage() {
  const { t } = useTranslation();
  const link = useTicketLink();
  const ticket = trpc.help.ticket.useQuery(link, {
    enabled: link.token.length > 0,
    retry: (n, e) => !isMissingRecord(e) && n < 2,
  });
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : t("help.ticket.title"));

  if (!link.token || (ticket.status === "error" && isMissingRecord(ticket.error))) {
    return (
      <HelpPageNotFound
        slug={link.slug}
        title={t("help.ticket.badLinkTitle")}
        body={t("help.ticket.badLinkBody")}
      />
    );
  }
  if (ticket.status === "pending") {
    return (
      <div className="mx-auto grid max-w-3xl gap-4 px-4 py-8 sm:px-6" aria-hidden>
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="h-24 w-4/5" />
        <Skeleton className="ms-auto h-20 w-3/5" />
        <Skeleton className="h-32" />
      </div>
    );
  }
  if (ticket.status === "error") {
    return (
      <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
        <ErrorState error={ticket.error} onRetry={() => ticket.refetch()} retrying={ticket.isFetching} />
      </div>
    );
  }
  return <TicketView link={link} data={ticket.data} />;
}

function TicketView({
  link,
  data,
}: {
  link: { slug: string; ticketId: string; token: string };
  data: PortalTicket;
}) {
  const { t } = useTranslation();
  const done = data.status === "RESOLVED" || data.status === "CLOSED";
  return (
    <div className="mx-auto grid max-w-3xl gap-6 px-4 py-8 sm:px-6">
      <header className="grid gap-2">
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <span className="font-mono">#{data.number}</span>
          <StatusBadge status={data.status} />
          <span aria-hidden>·</span>
          <span>
            {t("help.ticket.opened")} <RelativeTime date={data.createdAt} />
          </span>
        </div>
        <h1 dir="auto" className="text-2xl font-semibold tracking-tight break-words">
          {data.subject}
        </h1>
      </header>

      {data.mergedIntoNumber !== null ? (
        <Alert variant="info" title={t("help.ticket.mergedTitle", { number: data.mergedIntoNumber })}>
          {data.mergedIntoLink ? (
            <span className="grid justify-items-start gap-2">
              {t("help.ticket.mergedBodyLinked")}
              <Link
                to={`/help/${encodeURIComponent(link.slug)}/tickets/${data.mergedIntoLink.ticketId}?token=${encodeURIComponent(data.mergedIntoLink.token)}`}
                className="inline-flex items-center gap-1.5 font-medium text-primary underline-offset-2 hover:underline"
              >
                {t("help.ticket.openMerged", { number: data.mergedIntoNumber })}
                <ArrowRight className="size-4 rtl:rotate-180" aria-hidden />
              </Link>
            </span>
          ) : (
            t("help.ticket.mergedBody")
          )}
        </Alert>
      ) : null}

      <ol className="grid gap-4" aria-label={t("help.ticket.conversation")}>
        <Bubble
          author="you"
          name={null}
          body={data.description}
          at={data.createdAt}
          attachments={data.attachments}
          token={link.token}
        />
        {data.messages.map((m) => (
          <Bubble
            key={m.id}
            author={m.author}
            name={m.authorName}
            body={m.body}
            at={m.createdAt}
            attachments={m.attachments}
            token={link.token}
          />
        ))}
      </ol>

      {data.mergedIntoNumber === null ? <ReplyBox link={link} done={done} /> : null}
    </div>
  );
}

function Bubble({
  author,
  name,
  body,
  at,
  attachments,
  token,
}: {
  author: "you" | "agent" | "other";
  name: string | null;
  body: string;
  at: Date;
  attachments: PortalTicket["attachments"];
  token: string;
}) {
  const { t } = useTranslation();
  const mine = author === "you";
  const who = mine ? t("help.ticket.you") : (name ?? t("help.ticket.supportTeam"));
  return (
    <li className={cn("flex", mine ? "justify-end" : "justify-start")}>
      <div
        className={cn(
          "grid max-w-[88%] gap-1 sm:max-w-[75%]",
          mine ? "justify-items-end" : "justify-items-start",
        )}
      >
        <div className="flex items-baseline gap-2 px-1 text-xs text-muted-foreground">
          <span className="font-medium text-foreground">{who}</span>
          <RelativeTime date={at} />
        </div>
        <div
          dir="auto"
          className={cn(
            "whitespace-pre-wrap break-words rounded-2xl px-4 py-2.5 text-[0.9375rem] leading-relaxed [unicode-bidi:plaintext]",
            mine
              ? "rounded-se-sm bg-primary text-primary-foreground"
              : "rounded-ss-sm border bg-card text-card-foreground",
          )}
        >
          {body}
        </div>
        <MessageAttachments
          attachments={attachments}
          token={token}
          className={cn("mt-0.5", mine && "justify-end")}
        />
      </div>
    </li>
  );
}

function ReplyBox({
  link,
  done,
}: {
  link: { slug: string; ticketId: string; token: string };
  done: boolean;
}) {
  const { t } = useTranslation();
  const utils = trpc.useUtils();
  const reply = trpc.help.reply.useMutation();
  const uploads = useAttachmentUploads({
    url: `/files/help/${encodeURIComponent(link.slug)}/tickets/${encodeURIComponent(link.ticketId)}/attachments?token=${encodeURIComponent(link.token)}`,
  });
  const form = useForm({
    initialValues: { message: "" },
    validate: (v) => ({ message: v.message.trim() ? undefined : t("help.ticket.replyRequired") }),
    onSubmit: async (values) => {
      if (uploads.uploading) throw new Error(t("desk.attachments.wait"));
      await reply.mutateAsync({ ...link, message: values.message, attachmentIds: uploads.ids });
      form.reset({ message: "" });
      uploads.reset();
      await utils.help.ticket.invalidate(link);
      toast.success(t("help.ticket.replySent"));
    },
  });
  return (
    <DropZone
      uploads={uploads}
      enabled={!form.submitting}
      onSubmit={form.handleSubmit}
      noValidate
      className="grid gap-3 rounded-lg border bg-card p-4"
    >
      {done ? (
        <Alert variant="info" title={t("help.ticket.doneTitle")}>
          {t("help.ticket.doneBody")}
        </Alert>
      ) : null}
      <FormError>{form.formError}</FormError>
      <FormField label={t("help.ticket.replyLabel")} error={form.errors.message}>
        <Textarea
          rows={5}
          {...form.field("message")}
          onKeyDown={(e) => {
            // Ctrl/⌘+Enter sends; a plain Enter is a new line in a message.
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) form.handleSubmit(e);
          }}
        />
      </FormField>
      <PendingAttachments uploads={uploads} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <AttachButton uploads={uploads} disabled={form.submitting} />
          <p className="hidden text-xs text-muted-foreground md:block">{t("help.attachments.limits")}</p>
        </div>
        <p className="hidden text-xs text-muted-foreground lg:block">{t("help.ticket.sendHint")}</p>
        <Button
          type="submit"
          loading={form.submitting}
          disabled={uploads.uploading}
          className="w-full sm:ms-auto sm:w-auto"
        >
          {done ? t("help.ticket.replyAndReopen") : t("help.ticket.send")}
        </Button>
      </div>
    </DropZone>
  );
}
