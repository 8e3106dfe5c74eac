import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500";

type FieldProps = { name: string; label: string; error?: string; hint?: ReactNode };

function FieldFrame({ name, label, error, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = ({ name, error, hint }: FieldProps) =>
  error ? `${name}-error` : hint ? `${name}-hint` : undefined;

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function TextField(props: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const { name, label, error, hint, ...input } = props;
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      <input id={name} name={name} aria-invalid={Boolean(error)} aria-describedby={describedBy(props)} className={control} {...input} />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const { name, label, error, hint, options, ...select } = props;
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      <select id={name} name={name} aria-invalid={Boolean(error)} aria-describedby={describedBy(props)} className={control} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** The form-level message of a failed action (field errors sit next to their fields). */
export function FormMessage({ message, tone = "error" }: { message?: string | null; tone?: "error" | "success" }) {
  if (!message) return null;
  const style = tone === "error" ? "bg-red-50 text-red-800 ring-red-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ring-1 ring-inset ${style}`}>
      {message}
    </div>
  );
}
