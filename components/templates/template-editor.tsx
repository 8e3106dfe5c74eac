"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { createTemplateAction, previewTemplateAction, updateTemplateAction } from "@/app/actions/templates";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import type { TemplateKind } from "@/db/schema";
import type { CatalogueEntry } from "@/lib/templates/variables";

type EditedTemplate = { id: string; kind: TemplateKind; name: string; stageId: string | null; body: string };

type Props = {
  businessId: string;
  /** Absent on the "new template" page. */
  template?: EditedTemplate;
  kinds: { value: TemplateKind; label: string }[];
  stages: { id: string; name: string }[];
  catalogue: CatalogueEntry[];
  /** Recent conversations to preview with, instead of the sample data. */
  conversations: { id: string; label: string }[];
  readOnly: boolean;
};

const PREVIEW_DELAY_MS = 300;
const STAGED: readonly TemplateKind[] = ["stage", "reply"];

type Preview = { state: "idle" | "loading" } | { state: "ok"; text: string } | { state: "error"; message: string };

/** Re-renders the body (with sample data, or a chosen conversation's) shortly after the author stops typing. */
function useLivePreview(businessId: string, templateId: string | undefined, body: string, conversationId: string): Preview {
  const [preview, setPreview] = useState<Preview>({ state: "idle" });
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    const timer = setTimeout(() => {
      if (!body.trim()) {
        setPreview({ state: "idle" });
        return;
      }
      setPreview((previous) => (previous.state === "idle" ? { state: "loading" } : previous));
      const form = new FormData();
      form.set("businessId", businessId);
      if (templateId) form.set("templateId", templateId);
      form.set("body", body);
      if (conversationId) form.set("conversationId", conversationId);
      void previewTemplateAction(null, form).then((result) => {
        // A slower answer to an older draft must not overwrite a newer one.
        if (request !== latest.current) return;
        if (result.ok) setPreview({ state: "ok", text: result.data.text });
        else setPreview({ state: "error", message: result.fieldErrors.body ?? result.message });
      });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [businessId, templateId, body, conversationId]);
  return preview;
}

/** The text to insert for a catalogue entry; free-form maps get a placeholder key to rename. */
const snippetOf = (entry: CatalogueEntry) =>
  entry.path === "stage.fields" ? "{% for field in stage.fields %}{{ field.label }}{% endfor %}" : `{{ ${entry.path.replace("<key>", "key")} }}`;

export function TemplateEditor({ businessId, template, kinds, stages, catalogue, conversations, readOnly }: Props) {
  const [state, formAction] = useActionState(template ? updateTemplateAction : createTemplateAction, null);
  const [name, setName] = useState(template?.name ?? "");
  const [kind, setKind] = useState<TemplateKind>(template?.kind ?? "greeting");
  const [stageId, setStageId] = useState(template?.stageId ?? "any");
  const [body, setBody] = useState(template?.body ?? "");
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [previewWith, setPreviewWith] = useState("");
  const preview = useLivePreview(businessId, template?.id, body, previewWith);
  const failed = state && !state.ok ? state : null;
  const bodyError = failed?.fieldErrors.body;

  function insert(snippet: string) {
    const area = bodyRef.current;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + snippet + body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <form action={formAction} noValidate className="space-y-4 lg:col-span-2">
        {failed && <FormMessage message={failed.message} />}
        {state?.ok && <FormMessage tone="success" message={`Saved as version ${state.data.version}.`} />}
        <input type="hidden" name="businessId" value={businessId} />
        {template && <input type="hidden" name="templateId" value={template.id} />}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={failed?.fieldErrors.name} required readOnly={readOnly} maxLength={100} />
          <SelectField
            name="kind"
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as TemplateKind)}
            options={kinds}
            error={failed?.fieldErrors.kind}
            disabled={readOnly || Boolean(template)}
            hint={template ? "The kind is fixed once a template exists." : undefined}
          />
        </div>
        {STAGED.includes(kind) && (
          <SelectField
            name="stageId"
            label="Stage"
            value={stageId}
            onChange={(e) => setStageId(e.target.value)}
            options={[{ value: "any", label: "Any stage" }, ...stages.map((s) => ({ value: s.id, label: s.name }))]}
            error={failed?.fieldErrors.stageId}
            disabled={readOnly}
            hint="The stage this text is for."
          />
        )}
        <div className="space-y-1.5">
          <label htmlFor="body" className="block text-sm font-medium text-slate-800">
            Body
          </label>
          <textarea
            ref={bodyRef}
            id="body"
            name="body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            readOnly={readOnly}
            rows={12}
            spellCheck={false}
            aria-invalid={Boolean(bodyError)}
            aria-describedby={bodyError ? "body-error" : "body-hint"}
            className="block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
          />
          {bodyError ? (
            <p id="body-error" role="alert" className="text-sm text-red-700">
              {bodyError}
            </p>
          ) : (
            <p id="body-hint" className="text-xs text-slate-500">
              Liquid: {"{{ business.name }}"} inserts a value, {"{% if %}"} and {"{% for %}"} add logic. Only the variables listed here are allowed.
            </p>
          )}
        </div>
        {!readOnly && (
          <Button type="submit" pendingText="Saving…">
            {template ? "Save new version" : "Create template"}
          </Button>
        )}
        <section aria-labelledby="preview-heading" className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
          <h2 id="preview-heading" className="text-sm font-semibold text-slate-900">
            Live preview <span className="font-normal text-slate-500">({previewWith ? "a real conversation" : "sample data"})</span>
          </h2>
          {conversations.length > 0 && (
            <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
              Preview with
              {/* No name: a choice of preview data, never submitted with the template. */}
              <select value={previewWith} onChange={(e) => setPreviewWith(e.target.value)} className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm">
                <option value="">Sample data</option>
                {conversations.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div aria-live="polite" className="mt-2" data-testid="template-preview">
            {preview.state === "ok" && <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-900">{preview.text}</pre>}
            {preview.state === "error" && <p className="text-sm text-red-700">{preview.message}</p>}
            {preview.state === "loading" && <p className="text-sm text-slate-500">Rendering…</p>}
            {preview.state === "idle" && <p className="text-sm text-slate-500">Write something to see it rendered.</p>}
          </div>
        </section>
      </form>
      <aside aria-labelledby="variables-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="variables-heading" className="text-sm font-semibold text-slate-900">
          Variables
        </h2>
        <p className="mt-1 text-xs text-slate-500">{readOnly ? "What templates may use." : "Click one to insert it at the cursor."}</p>
        <ul className="mt-3 space-y-2">
          {catalogue.map((entry) => (
            <li key={entry.path}>
              {readOnly ? (
                <code className="text-xs font-semibold text-slate-800">{entry.path}</code>
              ) : (
                <button type="button" onClick={() => insert(snippetOf(entry))} className="rounded text-left font-mono text-xs font-semibold text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
                  {entry.path}
                </button>
              )}
              <p className="text-xs text-slate-600">
                {entry.description} <span className="text-slate-400">e.g. {entry.example}</span>
              </p>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
