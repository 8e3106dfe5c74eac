"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createAgentInput, keyedProviderSchema, testConnectionInput } from "@/lib/agents/schemas";
import { createAgent, deleteAgent, testAgentConnection, updateAgent } from "@/lib/agents/service";
import { action } from "@/lib/http/action";
import { removeProviderCredential } from "@/lib/providers/credentials";

const ids = { businessId: z.uuid(), slug: z.string().regex(/^[a-z0-9-]{1,100}$/) };
const text = z.string().optional();
/** The key's input is named so the action client never echoes it back to the page. */
const providerSecret = testConnectionInput.shape.apiKey;

const optionalTexts = <const K extends string>(names: readonly K[]) => Object.fromEntries(names.map((name) => [name, text])) as Record<K, typeof text>;
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/**
 * The agent form posts strings with the API's field names (`handoffRules.keywords`…), so the
 * errors of the one API schema land next to the right inputs. Empty inputs arrive absent:
 * "None" for a template, no fallback, no base URL.
 */
const agentForm = z
  .strictObject({
    ...ids,
    agentId: z.uuid().optional(),
    providerSecret,
    ...optionalTexts([
        "name",
        "description",
        "avatarUrl",
        "provider",
        "model",
        "baseUrl",
        "temperature",
        "maxOutputTokens",
        "systemTemplateId",
        "greetingTemplateId",
        "fallbackTemplateId",
        "handoffTemplateId",
        "entryStageId",
        "handoffRules.keywords",
        "handoffRules.maxAiTurns",
        "handoffRules.onProviderError",
        "fallbackProvider",
        "fallbackModel",
        "firstTokenTimeoutMs",
        "replyTimeoutMs",
        "status",
    ]),
  })
  // Typed loosely on purpose: the pipe below is what checks the result.
  .transform((form): unknown => ({
    businessId: form.businessId,
    slug: form.slug,
    agentId: form.agentId,
    apiKey: form.providerSecret,
    name: form.name,
    description: form.description,
    avatarUrl: form.avatarUrl ?? null,
    provider: form.provider,
    model: form.model,
    baseUrl: form.baseUrl ?? null,
    temperature: number(form.temperature),
    maxOutputTokens: number(form.maxOutputTokens),
    systemTemplateId: form.systemTemplateId ?? null,
    greetingTemplateId: form.greetingTemplateId ?? null,
    fallbackTemplateId: form.fallbackTemplateId ?? null,
    handoffTemplateId: form.handoffTemplateId ?? null,
    entryStageId: form.entryStageId ?? null,
    handoffRules: {
      keywords: (form["handoffRules.keywords"] ?? "")
        .split(",")
        .map((word) => word.trim())
        .filter(Boolean),
      maxAiTurns: number(form["handoffRules.maxAiTurns"]) ?? null,
      onProviderError: form["handoffRules.onProviderError"],
    },
    fallbackProvider: form.fallbackProvider ?? null,
    fallbackModel: form.fallbackModel ?? null,
    firstTokenTimeoutMs: number(form.firstTokenTimeoutMs),
    replyTimeoutMs: number(form.replyTimeoutMs),
    status: form.status,
  }))
  .pipe(createAgentInput.extend({ ...ids, agentId: z.uuid().optional(), apiKey: z.string().optional() }));

export const saveAgentAction = action(agentForm, async ({ businessId, slug, agentId, apiKey, ...settings }, { actor }) => {
  if (!agentId) {
    const created = await createAgent(actor, businessId, settings, { apiKey });
    revalidatePath(`/b/${slug}/agents`, "layout");
    redirect(`/b/${slug}/agents/${created.id}?created=1`);
  }
  // Prices are not on the form (they are set through the API), so an edit keeps them.
  const { prices: _prices, ...edited } = settings;
  await updateAgent(actor, businessId, agentId, edited, { apiKey });
  revalidatePath(`/b/${slug}/agents`, "layout");
  return { saved: true };
});

export const testConnectionAction = action(
  z
    .strictObject({ businessId: z.uuid(), provider: text, model: text, baseUrl: text, providerSecret })
    .transform(({ providerSecret: apiKey, ...rest }): unknown => ({ ...rest, apiKey }))
    .pipe(testConnectionInput.extend({ businessId: z.uuid() })),
  async ({ businessId, ...input }, { actor }) => testAgentConnection(actor, businessId, input),
);

export const removeProviderKeyAction = action(z.strictObject({ ...ids, provider: keyedProviderSchema }), async ({ businessId, slug, provider }, { actor }) => {
  await removeProviderCredential(actor, businessId, provider);
  revalidatePath(`/b/${slug}/agents`, "layout");
  return { removed: provider };
});

export const deleteAgentAction = action(z.strictObject({ ...ids, agentId: z.uuid() }), async ({ businessId, slug, agentId }, { actor }) => {
  await deleteAgent(actor, businessId, agentId);
  revalidatePath(`/b/${slug}/agents`, "layout");
  redirect(`/b/${slug}/agents`);
});
