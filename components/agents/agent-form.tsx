"use client";

import { useActionState, useRef, useState, useTransition, type ReactNode, type RefObject } from "react";
import { deleteAgentAction, removeProviderKeyAction, saveAgentAction, testConnectionAction } from "@/app/actions/agents";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import type { Provider, TemplateKind } from "@/db/schema";
import type { AgentView } from "@/lib/agents/service";
import type { ActionResult } from "@/lib/http/action";
import { providerCatalogue, providers } from "@/lib/providers/catalogue";
import type { ConnectionResult } from "@/lib/providers/connection";

export type AgentFormOptions = {
  templates: { id: string; name: string; kind: TemplateKind }[];
  stages: { id: string; key: string; name: string; isEntry: boolean }[];
};

type Props = {
  businessId: string;
  slug: string;
  agent?: AgentView;
  options: AgentFormOptions;
  /** Hints of the stored keys by provider, e.g. { openai: "sk-…abcd" }. */
  keyHints: Partial<Record<Provider, string>>;
  readOnly: boolean;
};

const providerOptions = providers.map((p) => ({ value: p, label: providerCatalogue[p].label }));

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
      <legend className="float-left mb-1 w-full text-base font-semibold text-slate-900">{title}</legend>
      {description && <p className="clear-both text-sm text-slate-600">{description}</p>}
      <div className="clear-both grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/** The create and edit form of an agent; read-only for members who may not change agents. */
export function AgentForm({ businessId, slug, agent, options, keyHints, readOnly }: Props) {
  const [state, formAction] = useActionState(saveAgentAction, null);
  const failed = state && !state.ok ? state : null;
  const [provider, setProvider] = useState<Provider>(agent?.provider ?? "scripted");
  const formRef = useRef<HTMLFormElement>(null);

  const initial: Record<string, string> = {
    name: agent?.name ?? "",
    description: agent?.description ?? "",
    avatarUrl: agent?.avatarUrl ?? "",
    provider: agent?.provider ?? "scripted",
    model: agent?.model ?? "scripted",
    baseUrl: agent?.baseUrl ?? "",
    temperature: String(agent?.temperature ?? 0.7),
    maxOutputTokens: String(agent?.maxOutputTokens ?? 1024),
    systemTemplateId: agent?.systemTemplateId ?? "",
    greetingTemplateId: agent?.greetingTemplateId ?? "",
    fallbackTemplateId: agent?.fallbackTemplateId ?? "",
    handoffTemplateId: agent?.handoffTemplateId ?? "",
    entryStageId: agent?.entryStageId ?? "",
    "handoffRules.keywords": agent?.handoffRules.keywords.join(", ") ?? "",
    "handoffRules.maxAiTurns": agent?.handoffRules.maxAiTurns?.toString() ?? "",
    "handoffRules.onProviderError": agent?.handoffRules.onProviderError ?? "handoff",
    fallbackProvider: agent?.fallbackProvider ?? "",
    fallbackModel: agent?.fallbackModel ?? "",
    firstTokenTimeoutMs: String(agent?.firstTokenTimeoutMs ?? 15_000),
    replyTimeoutMs: String(agent?.replyTimeoutMs ?? 60_000),
    status: agent?.status ?? "active",
  };
  // After a failed save React resets the form; the echoed values put the inputs back.
  const field = (name: string) => ({ name, error: failed?.fieldErrors[name], defaultValue: failed?.values[name] ?? initial[name] });
  const templateOptions = (kind: TemplateKind) => [
    { value: "", label: "None" },
    ...options.templates.filter((t) => t.kind === kind).map((t) => ({ value: t.id, label: t.name })),
  ];
  const entryStages = [{ value: "", label: "None" }, ...options.stages.filter((s) => s.isEntry).map((s) => ({ value: s.id, label: `${s.name} (${s.key})` }))];
  const keyed = provider !== "scripted";

  // A model name only makes sense for its provider: replace the untouched suggestion.
  function switchProvider(next: Provider) {
    const model = formRef.current?.elements.namedItem("model");
    if (model instanceof HTMLInputElement && (model.value === "" || model.value === providerCatalogue[provider].exampleModel)) {
      model.value = providerCatalogue[next].exampleModel;
    }
    setProvider(next);
  }
  const hint = keyHints[provider];

  return (
    <form ref={formRef} action={formAction} noValidate className="space-y-6" key={failed ? "failed" : "fresh"}>
      {failed && <FormMessage message={failed.message} />}
      {state?.ok && <FormMessage tone="success" message="Saved." />}
      <input type="hidden" name="businessId" value={businessId} />
      <input type="hidden" name="slug" value={slug} />
      {agent && <input type="hidden" name="agentId" value={agent.id} />}

      <fieldset disabled={readOnly} className="space-y-6">
        <Section title="Identity">
          <TextField {...field("name")} label="Name" required maxLength={100} />
          <TextField {...field("avatarUrl")} label="Avatar URL" type="url" hint="An https:// image; empty shows initials." />
          <div className="space-y-1.5 sm:col-span-2">
            <label htmlFor="description" className="block text-sm font-medium text-slate-800">
              Description (persona)
            </label>
            <textarea
              id="description"
              name="description"
              rows={3}
              defaultValue={field("description").defaultValue}
              aria-invalid={Boolean(failed?.fieldErrors.description)}
              aria-describedby={failed?.fieldErrors.description ? "description-error" : undefined}
              className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
            />
            {failed?.fieldErrors.description && (
              <p id="description-error" role="alert" className="text-sm text-red-700">
                {failed.fieldErrors.description}
              </p>
            )}
          </div>
        </Section>

        <Section title="Model" description="Which model answers, and how. Keys are stored encrypted and never shown again.">
          <SelectField {...field("provider")} label="Provider" options={providerOptions} onChange={(e) => switchProvider(e.target.value as Provider)} />
          <TextField {...field("model")} label="Model" placeholder={providerCatalogue[provider].exampleModel} required />
          {keyed && (
            <TextField
              {...field("baseUrl")}
              label={provider === "openai-compatible" ? "Base URL" : "Base URL (optional)"}
              type="url"
              placeholder={provider === "openai-compatible" ? "http://localhost:11434/v1" : "Leave empty for the provider's own API"}
              hint={provider === "openai-compatible" ? "The server's OpenAI-style API address." : "Only for a proxy or gateway."}
            />
          )}
          {keyed && (
            <div className="space-y-2">
              <TextField
                name="providerSecret"
                label="API key"
                type="password"
                autoComplete="off"
                error={failed?.fieldErrors.providerSecret ?? failed?.fieldErrors.apiKey}
                hint={
                  hint
                    ? `Stored key: ${hint}. Leave empty to keep it.`
                    : `No key stored for this provider${providerCatalogue[provider].envKey ? `; empty uses the server's ${providerCatalogue[provider].envKey} if set` : ""}.`
                }
              />
              {hint && !readOnly && <RemoveKeyButton businessId={businessId} slug={slug} provider={provider} />}
            </div>
          )}
          <TextField {...field("temperature")} label="Temperature" type="number" step="0.1" min={0} max={2} hint="0 = focused, 2 = inventive." />
          <TextField {...field("maxOutputTokens")} label="Max output tokens" type="number" min={1} step={1} />
          {!readOnly && (
            <div className="sm:col-span-2">
              <TestConnection businessId={businessId} formRef={formRef} />
            </div>
          )}
        </Section>

        <Section title="Templates" description="What the agent says in each situation. Create templates under Templates.">
          <SelectField {...field("systemTemplateId")} label="System prompt" options={templateOptions("system")} />
          <SelectField {...field("greetingTemplateId")} label="Greeting" options={templateOptions("greeting")} />
          <SelectField {...field("fallbackTemplateId")} label="Fallback" options={templateOptions("fallback")} />
          <SelectField {...field("handoffTemplateId")} label="Handoff" options={templateOptions("handoff")} />
        </Section>

        <Section title="Pipeline">
          <SelectField {...field("entryStageId")} label="Entry stage" options={entryStages} hint="Where new conversations start. Only stages marked as entry are listed." />
        </Section>

        <Section title="Handoff" description="When a human takes over.">
          <TextField {...field("handoffRules.keywords")} label="Handoff keywords" hint="Comma-separated, e.g. human, agent, complaint." />
          <TextField {...field("handoffRules.maxAiTurns")} label="Max AI turns" type="number" min={1} step={1} hint="Empty = no limit." />
          <SelectField
            {...field("handoffRules.onProviderError")}
            label="On provider error"
            options={[
              { value: "handoff", label: "Hand over to a human" },
              { value: "fallback_template", label: "Reply with the fallback template" },
            ]}
          />
        </Section>

        <Section title="Fallback model" description="Tried when the main model fails. Leave both empty for none.">
          <SelectField {...field("fallbackProvider")} label="Fallback provider" options={[{ value: "", label: "None" }, ...providerOptions]} />
          <TextField {...field("fallbackModel")} label="Fallback model" />
        </Section>

        <Section title="Timeouts and status">
          <TextField {...field("firstTokenTimeoutMs")} label="First-token timeout (ms)" type="number" min={1000} step={1000} />
          <TextField {...field("replyTimeoutMs")} label="Reply timeout (ms)" type="number" min={1000} step={1000} />
          <SelectField
            {...field("status")}
            label="Status"
            options={[
              { value: "active", label: "Active — answers conversations" },
              { value: "paused", label: "Paused — does not answer" },
            ]}
          />
        </Section>
      </fieldset>

      {!readOnly && (
        <Button type="submit" pendingText="Saving…">
          {agent ? "Save agent" : "Create agent"}
        </Button>
      )}
    </form>
  );
}

/** Calls the provider with the form's current (unsaved) settings and shows the outcome inline. */
function TestConnection({ businessId, formRef }: { businessId: string; formRef: RefObject<HTMLFormElement | null> }) {
  const [result, setResult] = useState<ActionResult<ConnectionResult> | null>(null);
  const [testing, startTesting] = useTransition();

  function run() {
    const form = formRef.current;
    if (!form) return;
    const all = new FormData(form);
    const data = new FormData();
    data.set("businessId", businessId);
    for (const name of ["provider", "model", "baseUrl", "providerSecret"]) {
      const value = all.get(name);
      if (typeof value === "string") data.set(name, value);
    }
    startTesting(async () => setResult(await testConnectionAction(null, data)));
  }

  let outcome: { tone: "ok" | "error"; text: string } | null = null;
  if (result && !result.ok) {
    outcome = { tone: "error", text: [result.message, ...Object.values(result.fieldErrors)].join(" ") };
  } else if (result?.ok) {
    outcome = result.data.ok
      ? { tone: "ok", text: `Connection works (${result.data.latencyMs} ms). ${result.data.sample ? `The model said: “${result.data.sample}”.` : ""}` }
      : { tone: "error", text: `Connection failed: ${result.data.error}` };
  }

  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <Button type="button" variant="secondary" onClick={run} disabled={testing} aria-busy={testing || undefined}>
        {testing ? "Testing…" : "Test connection"}
      </Button>
      <p role="status" className={`text-sm ${outcome?.tone === "ok" ? "text-emerald-700" : "text-red-700"}`}>
        {outcome?.text}
      </p>
    </div>
  );
}

/** On success the stored hint disappears, and this button with it; only a failure needs words. */
function RemoveKeyButton({ businessId, slug, provider }: { businessId: string; slug: string; provider: Provider }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  function remove() {
    if (!window.confirm("Remove the stored API key? Agents using this provider fall back to the server's key, if any.")) return;
    const data = new FormData();
    data.set("businessId", businessId);
    data.set("slug", slug);
    data.set("provider", provider);
    start(async () => {
      const result = await removeProviderKeyAction(null, data);
      setError(result.ok ? null : result.message);
    });
  }
  return (
    <div className="flex items-center gap-3">
      <Button type="button" variant="danger" onClick={remove} disabled={pending}>
        {pending ? "Removing…" : "Remove key"}
      </Button>
      <span role="status" className="text-sm text-red-700">
        {error}
      </span>
    </div>
  );
}

/** Deleting asks for a second, explicit click. */
export function DeleteAgentForm({ businessId, slug, agentId, name }: { businessId: string; slug: string; agentId: string; name: string }) {
  const [state, formAction] = useActionState(deleteAgentAction, null);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
        Delete agent
      </Button>
    );
  }
  return (
    <form action={formAction} className="space-y-3 rounded-md bg-red-50 p-4 ring-1 ring-red-200">
      {state && !state.ok && <FormMessage message={state.message} />}
      <p className="text-sm text-red-900">Delete “{name}”? This cannot be undone; past conversations keep their history.</p>
      <input type="hidden" name="businessId" value={businessId} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" pendingText="Deleting…">
          Yes, delete
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
