import { z } from "zod";
import { providers, keyedProviders } from "@/lib/providers/catalogue";

export const providerSchema = z.enum(providers, { error: "Choose scripted, openai, anthropic or openai-compatible." });
export const keyedProviderSchema = z.enum(keyedProviders, { error: "Choose openai, anthropic or openai-compatible." });

/** The server calls this address, so only plain web addresses are accepted (no file:, data:, …). */
export const baseUrlSchema = z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// address, e.g. http://localhost:11434/v1." }).max(500, "Use at most 500 characters.");

const avatarUrl = z.union([z.literal(""), z.url({ protocol: /^https$/, error: "Enter an https:// address of an image, or leave it empty." }).max(2000, "Use at most 2000 characters.")]);
const modelName = z.string().trim().min(1, "Enter a model name.").max(200, "Use at most 200 characters.");
const templateRef = (kind: string) => z.uuid(`Choose a ${kind} template of this business.`).nullable();
const whole = (what: string, min: number, max: number) =>
  z.number({ error: `Enter ${what} as a number.` }).int(`Enter ${what} as a whole number.`).min(min, `Use ${what} of at least ${min}.`).max(max, `Use ${what} of at most ${max}.`);

export const handoffRulesSchema = z.strictObject({
  keywords: z.array(z.string().trim().min(1, "A keyword cannot be empty.").max(100, "Use at most 100 characters per keyword.")).max(50, "Use at most 50 keywords."),
  maxAiTurns: whole("max AI turns", 1, 1000).nullable().describe("Hand over after this many AI replies; null = never."),
  onProviderError: z.enum(["handoff", "fallback_template"], { error: "Choose handoff or fallback_template." }),
});

const price = z.strictObject({
  input: z.number({ error: "Enter a price in USD per million tokens." }).min(0, "A price cannot be negative.").max(10_000, "That price is too high."),
  output: z.number({ error: "Enter a price in USD per million tokens." }).min(0, "A price cannot be negative.").max(10_000, "That price is too high."),
});

/** Every settable field, none defaulted: PATCH takes any subset of these. */
const agentFields = {
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  description: z.string().trim().max(4000, "Use at most 4000 characters.").describe("The agent's persona."),
  avatarUrl: avatarUrl.nullable().describe("An https:// image address; empty or null for initials."),
  provider: providerSchema,
  model: modelName.describe('The model name; "scripted" for the scripted provider.'),
  baseUrl: baseUrlSchema.nullable().describe("Required for openai-compatible; optional for openai and anthropic (a proxy or gateway)."),
  temperature: z.number({ error: "Enter the temperature as a number." }).min(0, "Use a temperature between 0 and 2.").max(2, "Use a temperature between 0 and 2."),
  maxOutputTokens: whole("max output tokens", 1, 200_000),
  systemTemplateId: templateRef("system"),
  greetingTemplateId: templateRef("greeting"),
  fallbackTemplateId: templateRef("fallback"),
  handoffTemplateId: templateRef("handoff"),
  entryStageId: z.uuid("Choose an entry stage of this business.").nullable(),
  handoffRules: handoffRulesSchema,
  fallbackProvider: providerSchema.nullable(),
  fallbackModel: modelName.nullable(),
  firstTokenTimeoutMs: whole("the first-token timeout", 1000, 120_000),
  replyTimeoutMs: whole("the reply timeout", 1000, 600_000),
  prices: z.record(modelName, price).describe("USD per million tokens, by model name; overrides the built-in prices."),
  status: z.enum(["active", "paused"], { error: "Choose active or paused." }),
};

export const createAgentInput = z.strictObject({
  ...agentFields,
  description: agentFields.description.default(""),
  avatarUrl: agentFields.avatarUrl.default(null),
  provider: agentFields.provider.default("scripted"),
  baseUrl: agentFields.baseUrl.default(null),
  temperature: agentFields.temperature.default(0.7),
  maxOutputTokens: agentFields.maxOutputTokens.default(1024),
  systemTemplateId: agentFields.systemTemplateId.default(null),
  greetingTemplateId: agentFields.greetingTemplateId.default(null),
  fallbackTemplateId: agentFields.fallbackTemplateId.default(null),
  handoffTemplateId: agentFields.handoffTemplateId.default(null),
  entryStageId: agentFields.entryStageId.default(null),
  handoffRules: handoffRulesSchema.default({ keywords: [], maxAiTurns: null, onProviderError: "handoff" }),
  fallbackProvider: agentFields.fallbackProvider.default(null),
  fallbackModel: agentFields.fallbackModel.default(null),
  firstTokenTimeoutMs: agentFields.firstTokenTimeoutMs.default(15_000),
  replyTimeoutMs: agentFields.replyTimeoutMs.default(60_000),
  prices: agentFields.prices.default({}),
  status: agentFields.status.default("active"),
});
export type CreateAgentInput = z.infer<typeof createAgentInput>;

export const updateAgentInput = z.strictObject(agentFields).partial();
export type UpdateAgentInput = z.infer<typeof updateAgentInput>;

/** An agent's settings once defaults and a PATCH are applied: what the cross-field rules check. */
export type AgentSettings = CreateAgentInput;

/** The rules between fields, checked on the merged settings so a PATCH cannot break them. */
export function agentSettingErrors(settings: AgentSettings): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (settings.provider === "openai-compatible" && !settings.baseUrl) {
    errors.push({ path: "baseUrl", message: "An OpenAI-compatible provider needs its base URL, e.g. http://localhost:11434/v1." });
  }
  if (settings.provider === "scripted" && settings.model !== "scripted") {
    errors.push({ path: "model", message: "The scripted provider has one model: scripted." });
  }
  if (settings.provider === "scripted" && settings.baseUrl) {
    errors.push({ path: "baseUrl", message: "The scripted provider runs offline and takes no base URL." });
  }
  if ((settings.fallbackProvider === null) !== (settings.fallbackModel === null)) {
    const path = settings.fallbackProvider === null ? "fallbackProvider" : "fallbackModel";
    errors.push({ path, message: "Give both a fallback provider and a fallback model, or neither." });
  }
  if (settings.fallbackProvider === "scripted" && settings.fallbackModel !== "scripted") {
    errors.push({ path: "fallbackModel", message: "The scripted provider has one model: scripted." });
  }
  if (settings.fallbackProvider === "openai-compatible" && settings.provider !== "openai-compatible") {
    // The agent stores one base URL; a compatible fallback could only reuse the primary's.
    errors.push({ path: "fallbackProvider", message: "An OpenAI-compatible fallback needs the main provider to be OpenAI-compatible too (they share the base URL)." });
  }
  if (settings.firstTokenTimeoutMs > settings.replyTimeoutMs) {
    errors.push({ path: "firstTokenTimeoutMs", message: "The first-token timeout cannot be longer than the reply timeout." });
  }
  if (settings.handoffRules.onProviderError === "fallback_template" && !settings.fallbackTemplateId) {
    errors.push({ path: "fallbackTemplateId", message: "Choose a fallback template, or hand over on provider errors." });
  }
  return errors;
}

export const testConnectionInput = z.strictObject({
  provider: providerSchema,
  model: modelName,
  baseUrl: baseUrlSchema.nullable().optional(),
  apiKey: z.string().trim().min(8, "An API key has at least 8 characters.").max(500, "Use at most 500 characters.").optional().describe("Omit to use the stored key (or the server's)."),
});
export type TestConnectionInput = z.infer<typeof testConnectionInput>;

export const apiKeyInput = z.strictObject({
  apiKey: z.string({ error: "Enter the API key." }).trim().min(8, "An API key has at least 8 characters.").max(500, "Use at most 500 characters."),
});
