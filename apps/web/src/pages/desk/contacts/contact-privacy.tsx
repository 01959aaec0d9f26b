import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { Download, Trash2 } from "@quartet/ui/icons";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useState } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";

/** Saves a JSON document as a file (no BOM: JSON readers don't expect one). */
function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(value, null, 2)], { type: "application/json;charset=utf-8" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `contact-ann-example-com-2026-12-07.json`: readable, and safe on every file system. */
function exportFileName(label: string, at: Date): string {
  const slug =
    label
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "contact";
  return `contact-${slug}-${at.toISOString().slice(0, 10)}.json`;
}

/**
 * Privacy requests about this person (GDPR), for owners and admins: download everything the
 * workspace holds about them as JSON, or erase it all once their email (or name) is typed back.
 */
export function ContactPrivacy({
  contact,
  name,
  confirmText,
}: {
  contact: { id: string; email: string | null };
  name: string;
  /** What the server expects typed back (the overview's `erasureConfirmation`). */
  confirmText: string;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const exportData = trpc.deskContacts.export.useMutation();
  const erase = trpc.deskContacts.erase.useMutation();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const download = async () => {
    try {
      const doc = await exportData.mutateAsync({ orgId: org.id, contactId: contact.id });
      downloadJson(exportFileName(contact.email ?? name, new Date()), doc);
      toast.success(t("contacts.privacy.exported"));
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <section aria-labelledby="contact-privacy" className="grid gap-3">
      <div className="grid gap-1">
        <h2 id="contact-privacy" className="text-base font-semibold">
          {t("contacts.privacy.title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("contacts.privacy.body")}</p>
      </div>
      <div className="rounded-lg border border-destructive/30 bg-card">
        <PrivacyRow
          title={t("contacts.privacy.exportTitle")}
          body={t("contacts.privacy.exportBody", { name })}
          action={
            <Button variant="outline" onClick={download} loading={exportData.isPending}>
              <Download aria-hidden />
              {t("contacts.privacy.export")}
            </Button>
          }
        />
        <PrivacyRow
          title={t("contacts.privacy.eraseTitle")}
          body={t("contacts.privacy.eraseBody", { name })}
          action={
            <Button variant="destructive" onClick={() => setConfirmOpen(true)}>
              <Trash2 aria-hidden />
              {t("contacts.privacy.erase")}
            </Button>
          }
        />
      </div>
      <ConfirmDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        destructive
        title={t("contacts.privacy.eraseConfirmTitle", { name })}
        description={t("contacts.privacy.eraseConfirmBody", { name })}
        confirmLabel={t("contacts.privacy.eraseConfirm")}
        confirmText={confirmText}
        onConfirm={async () => {
          await erase.mutateAsync({ orgId: org.id, contactId: contact.id, confirmation: confirmText });
          toast.success(t("contacts.privacy.erased", { name }));
          // Leave the erased contact's page before anything refetches it.
          navigate(`/w/${org.slug}/desk/contacts`, { replace: true });
          void utils.deskContacts.list.invalidate({ orgId: org.id });
          void utils.deskTickets.invalidate();
        }}
      />
    </section>
  );
}

function PrivacyRow({ title, body, action }: { title: string; body: string; action: ReactNode }) {
  return (
    <div className="flex flex-col gap-3 border-b p-4 last:border-b-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="grid gap-1">
        <h3 className="text-sm font-medium">{title}</h3>
        <p className="text-sm text-muted-foreground">{body}</p>
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}
