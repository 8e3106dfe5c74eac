"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/http/action";
import { Button } from "./button";
import { FormMessage, SelectField, TextField } from "./field";

export type FieldSpec = {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "select";
  options?: { value: string; label: string }[];
  defaultValue?: string;
  hint?: string;
  autoComplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
};

type Props<T> = {
  action: (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;
  fields: FieldSpec[];
  /** Values posted with the form but not shown (ids, the page to return to). */
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger";
  successMessage?: string;
  renderSuccess?: (data: T) => ReactNode;
  layout?: "stack" | "inline";
};

/**
 * A form bound to a server action: fields with labels and their own errors, the action's
 * message above them, inputs kept after a failed submit.
 */
export function ActionForm<T>({ action, fields, hidden, submitLabel, pendingText, variant, successMessage, renderSuccess, layout = "stack" }: Props<T>) {
  const [state, formAction] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const valueOf = (field: FieldSpec) =>
    field.type === "password" ? undefined : (failed?.values[field.name] ?? field.defaultValue);

  return (
    <form action={formAction} noValidate className={layout === "inline" ? "flex flex-wrap items-end gap-3" : "space-y-4"}>
      {failed && <FormMessage message={failed.message} />}
      {state?.ok && successMessage && <FormMessage tone="success" message={successMessage} />}
      {state?.ok && renderSuccess?.(state.data)}
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => {
        // Remount after each result so that defaultValue takes the echoed value.
        const key = `${field.name}-${failed ? "failed" : "fresh"}`;
        const common = {
          name: field.name,
          label: field.label,
          hint: field.hint,
          error: failed?.fieldErrors[field.name],
          defaultValue: valueOf(field),
          required: field.required,
        };
        return field.type === "select" ? (
          <SelectField {...common} key={key} options={field.options ?? []} />
        ) : (
          <TextField
            {...common}
            key={key}
            type={field.type ?? "text"}
            autoComplete={field.autoComplete}
            minLength={field.minLength}
            maxLength={field.maxLength}
          />
        );
      })}
      <div>
        <Button type="submit" variant={variant} pendingText={pendingText}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
