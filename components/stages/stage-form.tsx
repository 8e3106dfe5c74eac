"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { createStageAction, updateStageAction } from "@/app/actions/stages";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";
import { captureFieldTypes } from "@/lib/stages/schemas";
import type { StageView } from "@/lib/stages/service";
import { CheckboxField, CheckboxGroup, TextAreaField } from "./stage-inputs";

type FieldRow = Omit<StageView["fields"][number], "options"> & { row: number; options: string };
type RuleRow = StageView["keywordRules"][number] & { row: number };
type Draft = {
  key: string;
  name: string;
  goal: string;
  instructions: string;
  exitCriteria: string;
  isEntry: boolean;
  isTerminal: boolean;
  requestsHuman: boolean;
  nextStageIds: string[];
  fields: FieldRow[];
  keywordRules: RuleRow[];
};

type Props = {
  businessId: string;
  /** The stage being edited; absent on the "new stage" page. */
  stage?: StageView;
  /** The business's other stages, for next stages and keyword-rule targets. */
  others: { id: string; name: string; archived: boolean }[];
};

let rowCounter = 0;
const nextRow = () => ++rowCounter;

function draftOf(stage: StageView | undefined): Draft {
  return {
    key: stage?.key ?? "",
    name: stage?.name ?? "",
    goal: stage?.goal ?? "",
    instructions: stage?.instructions ?? "",
    exitCriteria: stage?.exitCriteria ?? "",
    isEntry: stage?.isEntry ?? false,
    isTerminal: stage?.isTerminal ?? false,
    requestsHuman: stage?.requestsHuman ?? false,
    nextStageIds: stage?.nextStageIds ?? [],
    fields: (stage?.fields ?? []).map((f) => ({ ...f, options: (f.options ?? []).join(", "), row: nextRow() })),
    keywordRules: (stage?.keywordRules ?? []).map((r) => ({ ...r, row: nextRow() })),
  };
}

/** The draft as the API takes it: rows lose their React keys, choice options become a list. */
function payloadOf(draft: Draft) {
  return {
    ...draft,
    fields: draft.fields.map(({ row: _row, options, ...field }) =>
      field.type === "choice" ? { ...field, options: options.split(",").map((o) => o.trim()).filter(Boolean) } : field,
    ),
    keywordRules: draft.keywordRules.map(({ row: _row, ...rule }) => rule),
  };
}

const TOP_LEVEL = ["key", "name", "goal", "instructions", "exitCriteria", "isEntry", "isTerminal", "requestsHuman"];
const ROW_PATH = /^(fields\.\d+\.(key|label|type|options)|keywordRules\.\d+\.(match|pattern|nextStageId))$/;
/** Errors with no input of their own (e.g. about the stage as a whole) are listed above the form. */
const shownAtField = (path: string) => TOP_LEVEL.includes(path) || path.startsWith("nextStageIds") || ROW_PATH.test(path) || path === "fields" || path === "keywordRules";

/** Adds or removes a row of a repeatable list. */
function RowButton({ label, onClick, danger = false }: { label: string; onClick: () => void; danger?: boolean }) {
  const tone = danger ? "text-red-700 ring-red-300 hover:bg-red-50" : "text-slate-800 ring-slate-300 hover:bg-slate-50";
  return (
    <button
      type="button"
      onClick={onClick}
      className={`whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${tone}`}
    >
      {label}
    </button>
  );
}

/** Creates or edits a stage: every field, capture fields and keyword rules as repeatable rows. */
export function StageForm({ businessId, stage, others }: Props) {
  const [draft, setDraft] = useState(() => draftOf(stage));
  // The two actions answer different data; the form only needs to know whether it worked.
  const [state, formAction, pending] = useActionState(
    (_previous: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> => (stage ? updateStageAction(null, form) : createStageAction(null, form)),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : {};
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setField = (row: number, change: Partial<FieldRow>) => set("fields", draft.fields.map((f) => (f.row === row ? { ...f, ...change } : f)));
  const setRule = (row: number, change: Partial<RuleRow>) => set("keywordRules", draft.keywordRules.map((r) => (r.row === row ? { ...r, ...change } : r)));
  const stageOptions = others.map((o) => ({ value: o.id, label: o.archived ? `${o.name} (archived)` : o.name }));
  const elsewhere = Object.entries(errors).filter(([path]) => !shownAtField(path));
  const nextError = Object.entries(errors)
    .filter(([path]) => path.startsWith("nextStageIds"))
    .map(([, message]) => message)
    .join(" ");

  function submit(event: FormEvent) {
    event.preventDefault();
    const form = new FormData();
    form.set("businessId", businessId);
    if (stage) form.set("stageId", stage.id);
    form.set("stage", JSON.stringify(payloadOf(draft)));
    startTransition(() => formAction(form));
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      {state && !state.ok && <FormMessage message={state.message} />}
      {state?.ok && <FormMessage tone="success" message="Saved." />}
      {elsewhere.length > 0 && (
        <ul className="list-inside list-disc text-sm text-red-700" role="alert">
          {elsewhere.map(([path, message]) => (
            <li key={path}>{message}</li>
          ))}
        </ul>
      )}

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label="Name" required value={draft.name} error={errors.name} onChange={(e) => set("name", e.target.value)} />
        <TextField
          name="key"
          label="Key"
          required
          value={draft.key}
          error={errors.key}
          hint="Lowercase letters, digits and hyphens, unique in this business, e.g. qualify."
          onChange={(e) => set("key", e.target.value)}
        />
      </div>
      <TextAreaField id="goal" label="Goal" value={draft.goal} error={errors.goal} hint="What this stage is for, in a sentence." onChange={(e) => set("goal", e.target.value)} />
      <TextAreaField id="instructions" label="Instructions for the agent" rows={5} value={draft.instructions} error={errors.instructions} onChange={(e) => set("instructions", e.target.value)} />
      <TextAreaField id="exitCriteria" label="Exit criteria" value={draft.exitCriteria} error={errors.exitCriteria} hint="When the conversation is ready to move on." onChange={(e) => set("exitCriteria", e.target.value)} />

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Flags</legend>
        <CheckboxField id="isEntry" label="Entry stage" checked={draft.isEntry} error={errors.isEntry} hint="Conversations start here." onChange={(e) => set("isEntry", e.target.checked)} />
        <CheckboxField id="isTerminal" label="Terminal stage" checked={draft.isTerminal} error={errors.isTerminal} hint="Conversations end here." onChange={(e) => set("isTerminal", e.target.checked)} />
        <CheckboxField id="requestsHuman" label="Requests a human" checked={draft.requestsHuman} error={errors.requestsHuman} hint="Reaching this stage hands the conversation to staff." onChange={(e) => set("requestsHuman", e.target.checked)} />
      </fieldset>

      <CheckboxGroup
        id="nextStageIds"
        label="Allowed next stages"
        options={stageOptions}
        selected={draft.nextStageIds}
        onChange={(selected) => set("nextStageIds", selected)}
        error={nextError || undefined}
        hint="Leave all unchecked to go on to the next stage in order."
      />

      <section aria-labelledby="fields-heading" className="space-y-3">
        <h2 id="fields-heading" className="text-sm font-semibold text-slate-900">
          Fields to capture
        </h2>
        {errors.fields && <FormMessage message={errors.fields} />}
        {draft.fields.map((field, i) => (
          <fieldset key={field.row} className="grid gap-3 rounded-md p-3 ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
            <legend className="px-1 text-xs font-medium text-slate-600">Field {i + 1}</legend>
            <TextField name={`fields.${i}.key`} label="Key" value={field.key} error={errors[`fields.${i}.key`]} onChange={(e) => setField(field.row, { key: e.target.value })} />
            <TextField name={`fields.${i}.label`} label="Label" value={field.label} error={errors[`fields.${i}.label`]} onChange={(e) => setField(field.row, { label: e.target.value })} />
            <SelectField
              name={`fields.${i}.type`}
              label="Type"
              value={field.type}
              error={errors[`fields.${i}.type`]}
              options={captureFieldTypes.map((t) => ({ value: t, label: t }))}
              onChange={(e) => setField(field.row, { type: e.target.value as FieldRow["type"] })}
            />
            {field.type === "choice" ? (
              <TextField
                name={`fields.${i}.options`}
                label="Options"
                hint="Comma-separated."
                value={field.options}
                error={errors[`fields.${i}.options`]}
                onChange={(e) => setField(field.row, { options: e.target.value })}
              />
            ) : (
              <span className="hidden lg:block" />
            )}
            <div className="flex items-center justify-between gap-3">
              <CheckboxField id={`fields.${i}.required`} label="Required" checked={field.required} onChange={(e) => setField(field.row, { required: e.target.checked })} />
              <RowButton danger label={`Remove field ${i + 1}`} onClick={() => set("fields", draft.fields.filter((f) => f.row !== field.row))} />
            </div>
          </fieldset>
        ))}
        <RowButton label="+ Add field" onClick={() => set("fields", [...draft.fields, { row: nextRow(), key: "", label: "", type: "text", required: false, options: "" }])} />
      </section>

      <section aria-labelledby="rules-heading" className="space-y-3">
        <div>
          <h2 id="rules-heading" className="text-sm font-semibold text-slate-900">
            Keyword rules
          </h2>
          <p className="text-xs text-slate-500">For the offline scripted model: words (any of them, comma-separated) or a regular expression in the contact’s message that move the conversation to a next stage.</p>
        </div>
        {errors.keywordRules && <FormMessage message={errors.keywordRules} />}
        {draft.keywordRules.map((rule, i) => (
          <fieldset key={rule.row} className="grid gap-3 rounded-md p-3 ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
            <legend className="px-1 text-xs font-medium text-slate-600">Rule {i + 1}</legend>
            <SelectField
              name={`keywordRules.${i}.match`}
              label="Match"
              value={rule.match}
              error={errors[`keywordRules.${i}.match`]}
              options={[
                { value: "keywords", label: "Keywords" },
                { value: "regex", label: "Regular expression" },
              ]}
              onChange={(e) => setRule(rule.row, { match: e.target.value as RuleRow["match"] })}
            />
            <TextField name={`keywordRules.${i}.pattern`} label="Pattern" value={rule.pattern} error={errors[`keywordRules.${i}.pattern`]} onChange={(e) => setRule(rule.row, { pattern: e.target.value })} />
            <SelectField
              name={`keywordRules.${i}.nextStageId`}
              label="Move to"
              value={rule.nextStageId}
              error={errors[`keywordRules.${i}.nextStageId`]}
              options={[{ value: "", label: "Choose a stage…" }, ...stageOptions]}
              onChange={(e) => setRule(rule.row, { nextStageId: e.target.value })}
            />
            <div>
              <RowButton danger label={`Remove rule ${i + 1}`} onClick={() => set("keywordRules", draft.keywordRules.filter((r) => r.row !== rule.row))} />
            </div>
          </fieldset>
        ))}
        <RowButton label="+ Add keyword rule" onClick={() => set("keywordRules", [...draft.keywordRules, { row: nextRow(), match: "keywords", pattern: "", nextStageId: "" }])} />
      </section>

      <div>
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Saving…" : stage ? "Save changes" : "Create stage"}
        </Button>
      </div>
    </form>
  );
}
