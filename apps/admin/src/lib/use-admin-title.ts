import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";

/** "<title> · Quartet Admin" in the browser tab, so each console page has its own. */
export function useAdminTitle(title: string | null | undefined): void {
  const { t } = useTranslation("admin");
  useDocumentTitle(title, t("brand.name"));
}
