import { useTranslation } from "@quartet/ui/lib/i18n";
import { listTimeZones } from "@quartet/ui/lib/time";
import { NativeSelect } from "@quartet/ui/select";
import { type ComponentProps, useMemo } from "react";

/** Every IANA zone, labelled with its current UTC offset. */
export function TimezoneSelect(props: Omit<ComponentProps<"select">, "children">) {
  const { t } = useTranslation();
  const zones = useMemo(() => listTimeZones(), []);
  const value = typeof props.value === "string" ? props.value : "";
  const known = zones.some((z) => z.value === value);
  return (
    <NativeSelect {...props}>
      {!known && value ? <option value={value}>{value}</option> : null}
      {!value ? <option value="">{t("common.chooseTimezone")}</option> : null}
      {zones.map((z) => (
        <option key={z.value} value={z.value}>
          {z.label}
        </option>
      ))}
    </NativeSelect>
  );
}
