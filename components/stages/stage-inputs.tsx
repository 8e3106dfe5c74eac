import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

/*
 * The few inputs the stage form needs beyond components/ui/field: a textarea, a checkbox and a
 * group of checkboxes. Each ties its error to the control with aria-describedby, as Field does.
 */

const errorId = (id: string) => `${id}-error`;
const hintId = (id: string) => `${id}-hint`;

function Help({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  if (error) {
    return (
      <p id={errorId(id)} className="text-sm text-red-700" role="alert">
        {error}
      </p>
    );
  }
  return hint ? (
    <p id={hintId(id)} className="text-xs text-slate-500">
      {hint}
    </p>
  ) : null;
}

const describedBy = (id: string, error?: string, hint?: ReactNode) => (error ? errorId(id) : hint ? hintId(id) : undefined);

type Common = { id: string; label: string; error?: string; hint?: ReactNode };

export function TextAreaField({ id, label, error, hint, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={3}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, error, hint)}
        className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
        {...rest}
      />
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxField({ id, label, error, hint, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy(id, error, hint)}
          className="h-4 w-4 rounded border-slate-300 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
          {...rest}
        />
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
      </div>
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

/** Several choices of one question (the allowed next stages), as a labelled group of checkboxes. */
export function CheckboxGroup({
  id,
  label,
  error,
  hint,
  options,
  selected,
  onChange,
}: Common & { options: { value: string; label: string }[]; selected: readonly string[]; onChange: (selected: string[]) => void }) {
  return (
    <fieldset className="space-y-1.5" aria-describedby={describedBy(id, error, hint)} aria-invalid={Boolean(error)}>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {options.length === 0 ? (
        <p className="text-sm text-slate-500">No other stages yet.</p>
      ) : (
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {options.map((option) => (
            <label key={option.value} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                className="h-4 w-4 rounded border-slate-300"
                checked={selected.includes(option.value)}
                onChange={(event) => onChange(event.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value))}
              />
              {option.label}
            </label>
          ))}
        </div>
      )}
      <Help id={id} error={error} hint={hint} />
    </fieldset>
  );
}
