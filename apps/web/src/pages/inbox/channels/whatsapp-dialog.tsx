import { FormField } from "@quartet/ui/form-field";
import { Input, PasswordInput } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { FormDialog } from "../../../components/form-dialog.tsx";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import type { Channel } from "./channels-shared.ts";

const DIGITS = /^\d+$/;

/**
 * WhatsApp by token: the access token, the phone number ID and the WhatsApp Business Account ID,
 * checked with Meta by the server before anything is saved. With `reconnect`, only a new token.
 */
export function WhatsAppDialog({
  open,
  reconnect,
  onOpenChange,
}: {
  open: boolean;
  reconnect?: Channel;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const connect = trpc.inboxConnections.connectWhatsApp.useMutation();
  const again = trpc.inboxConnections.reconnect.useMutation();
  const form = useForm({
    initialValues: { accessToken: "", phoneNumberId: "", businessAccountId: "" },
    validate: (v) => ({
      accessToken: v.accessToken.trim() ? undefined : t("inboxChannels.whatsapp.required"),
      phoneNumberId: reconnect
        ? undefined
        : !v.phoneNumberId.trim()
          ? t("inboxChannels.whatsapp.required")
          : DIGITS.test(v.phoneNumberId.trim())
            ? undefined
            : t("inboxChannels.whatsapp.digits"),
      businessAccountId: reconnect
        ? undefined
        : !v.businessAccountId.trim()
          ? t("inboxChannels.whatsapp.required")
          : DIGITS.test(v.businessAccountId.trim())
            ? undefined
            : t("inboxChannels.whatsapp.digits"),
    }),
    onSubmit: async (v) => {
      if (reconnect) {
        await again.mutateAsync({
          orgId: org.id,
          connectionId: reconnect.id,
          accessToken: v.accessToken.trim(),
        });
        toast.success(t("inboxChannels.reconnect.done", { name: reconnect.name }));
      } else {
        const created = await connect.mutateAsync({
          orgId: org.id,
          accessToken: v.accessToken.trim(),
          phoneNumberId: v.phoneNumberId.trim(),
          businessAccountId: v.businessAccountId.trim(),
        });
        toast.success(t("inboxChannels.whatsapp.done", { name: created.name }));
      }
      await utils.inboxConnections.invalidate();
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={
        reconnect
          ? t("inboxChannels.reconnect.whatsappTitle", { name: reconnect.name })
          : t("inboxChannels.whatsapp.title")
      }
      description={reconnect ? t("inboxChannels.reconnect.whatsappBody") : t("inboxChannels.whatsapp.body")}
      submitLabel={reconnect ? t("inboxChannels.reconnect.submit") : t("inboxChannels.whatsapp.submit")}
    >
      <FormField
        label={t("inboxChannels.whatsapp.token")}
        hint={t("inboxChannels.whatsapp.tokenHint")}
        error={form.errors.accessToken}
      >
        <PasswordInput autoFocus autoComplete="off" spellCheck={false} {...form.field("accessToken")} />
      </FormField>
      {reconnect ? null : (
        <>
          <FormField label={t("inboxChannels.whatsapp.phoneNumberId")} error={form.errors.phoneNumberId}>
            <Input inputMode="numeric" autoComplete="off" maxLength={40} {...form.field("phoneNumberId")} />
          </FormField>
          <FormField
            label={t("inboxChannels.whatsapp.businessAccountId")}
            error={form.errors.businessAccountId}
          >
            <Input
              inputMode="numeric"
              autoComplete="off"
              maxLength={40}
              {...form.field("businessAccountId")}
            />
          </FormField>
        </>
      )}
    </FormDialog>
  );
}
