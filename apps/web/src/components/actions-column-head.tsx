import { useTranslation } from "@quartet/ui/lib/i18n";
import { TableHead } from "@quartet/ui/table";

/** The narrow last column holding each row's buttons or menu; only screen readers hear its name. */
export function ActionsColumnHead() {
  const { t } = useTranslation();
  return (
    <TableHead className="w-12">
      <span className="sr-only">{t("common.actions")}</span>
    </TableHead>
  );
}
