import { type ChangeEvent, type FormEvent, useCallback, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, fieldErrorsOf, translatedReason } from "./errors.ts";

type Values = Record<string, unknown>;
export type FieldErrors<T extends Values> = Partial<Record<keyof T & string, string>>;

/** Anything with zod's `safeParse` shape, so this package does not depend on zod. */
export interface SafeParser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface UseFormOptions<T extends Values> {
  initialValues: T;
  /** Checked before submitting; server errors are mapped the same way afterwards. */
  schema?: SafeParser<unknown>;
  validate?: (values: T) => FieldErrors<T> | null | undefined;
  onSubmit: (values: T) => unknown;
}

/**
 * A small form hook: typed values that survive errors, field errors under each field (from a
 * client schema or the server's `error.data.fieldErrors`), one form-level message for the rest,
 * and a submit guard so a double click or a second Enter never sends twice.
 */
export function useForm<T extends Values>(options: UseFormOptions<T>) {
  const { t } = useTranslation("ui");
  const [values, setValuesState] = useState<T>(options.initialValues);
  const [errors, setErrors] = useState<FieldErrors<T>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const prefix = useId();

  const setValue = useCallback(<K extends keyof T>(name: K, value: T[K]) => {
    setValuesState((prev) => ({ ...prev, [name]: value }));
    // Editing a field clears its error: the person is fixing it.
    setErrors((prev) => (prev[name as keyof T & string] ? { ...prev, [name]: undefined } : prev));
  }, []);

  const setValues = useCallback((next: Partial<T>) => setValuesState((prev) => ({ ...prev, ...next })), []);

  const reset = useCallback((next?: T) => {
    setValuesState(next ?? optionsRef.current.initialValues);
    setErrors({});
    setFormError(null);
  }, []);

  /** Maps a thrown error: known fields get their message, anything else becomes the form message. */
  const applyError = useCallback(
    (error: unknown) => {
      const fieldErrors = fieldErrorsOf(error);
      const known = Object.keys(valuesRef.current);
      const mapped: Record<string, string> = {};
      const rest: string[] = [];
      for (const [path, message] of Object.entries(fieldErrors)) {
        const key = path.split(".")[0] ?? path;
        if (known.includes(key)) mapped[key] ??= message;
        else rest.push(message);
      }
      // One field blamed for a known reason ("Incorrect password."): show it in the reader's language.
      const translated = translatedReason(error);
      const mappedKeys = Object.keys(mapped);
      if (translated && mappedKeys.length === 1) mapped[mappedKeys[0]!] = translated;
      setErrors(mapped as FieldErrors<T>);
      const hasFields = Object.keys(mapped).length > 0;
      setFormError(hasFields ? (rest[0] ?? null) : errorMessage(error, t("somethingWentWrong")));
    },
    [t],
  );

  const submit = useCallback(async () => {
    if (inFlight.current) return;
    const { schema, validate, onSubmit } = optionsRef.current;
    const current = valuesRef.current;
    setFormError(null);
    if (schema) {
      const parsed = schema.safeParse(current);
      if (!parsed.success) {
        const out: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? "_");
          out[key] ??= issue.message;
        }
        setErrors(out as FieldErrors<T>);
        return;
      }
    }
    const clientErrors = validate?.(current);
    if (clientErrors && Object.values(clientErrors).some(Boolean)) {
      setErrors(clientErrors);
      return;
    }
    setErrors({});
    inFlight.current = true;
    setSubmitting(true);
    try {
      await onSubmit(current);
    } catch (error) {
      applyError(error);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }, [applyError]);

  const handleSubmit = useCallback(
    (event?: FormEvent) => {
      event?.preventDefault();
      void submit();
    },
    [submit],
  );

  /** Props for a text-like input bound to `name`. */
  const field = useCallback(
    <K extends keyof T & string>(name: K) => ({
      id: `${prefix}-${name}`,
      name,
      value: (values[name] ?? "") as string,
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
        setValue(name, event.target.value as T[K]),
    }),
    [prefix, values, setValue],
  );

  // Compared with this render's initial values, so a form keyed by saved data knows what is unsaved.
  const dirty = Object.keys(options.initialValues).some((k) => values[k] !== options.initialValues[k]);

  return {
    values,
    dirty,
    setValue,
    setValues,
    errors,
    setErrors,
    formError,
    setFormError,
    submitting,
    submit,
    handleSubmit,
    applyError,
    field,
    reset,
  };
}

export type FormApi<T extends Values> = ReturnType<typeof useForm<T>>;
