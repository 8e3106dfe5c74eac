import { z } from "zod";
import { businessParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { pageQuery } from "@/lib/pagination";
import { apiKeyInput, createAgentInput, handoffRulesSchema, keyedProviderSchema, providerSchema, testConnectionInput, updateAgentInput } from "./schemas";

export const agentParams = businessParams.extend({ agentId: z.uuid() });
/** The scripted provider has no key, so `/provider-credentials/scripted` names nothing (404). */
export const credentialParams = businessParams.extend({ provider: keyedProviderSchema });

const agentResource = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  avatarUrl: z.string().nullable(),
  provider: providerSchema,
  model: z.string(),
  baseUrl: z.string().nullable(),
  temperature: z.number(),
  maxOutputTokens: z.number().int(),
  systemTemplateId: z.uuid().nullable(),
  greetingTemplateId: z.uuid().nullable(),
  fallbackTemplateId: z.uuid().nullable(),
  handoffTemplateId: z.uuid().nullable(),
  entryStageId: z.uuid().nullable(),
  handoffRules: handoffRulesSchema,
  fallbackProvider: providerSchema.nullable(),
  fallbackModel: z.string().nullable(),
  firstTokenTimeoutMs: z.number().int(),
  replyTimeoutMs: z.number().int(),
  prices: z.record(z.string(), z.object({ input: z.number(), output: z.number() })),
  status: z.enum(["active", "paused"]),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const credentialResource = z.object({
  provider: keyedProviderSchema,
  hint: z.string().describe("All that is shown of the key, e.g. `sk-…abcd`; the key itself is never returned."),
  updatedAt: timestamp,
  updatedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

const connectionResult = z.union([
  z.object({ ok: z.literal(true), latencyMs: z.number().int(), sample: z.string() }),
  z.object({ ok: z.literal(false), error: z.string().describe("What went wrong: invalid API key, model not found, cannot reach the address, timed out…") }),
]);

const tag = "Agents";

export const agentEndpoints: EndpointDoc[] = [
  { method: "get", path: "/businesses/{businessId}/agents", tag, summary: "List agents", params: businessParams, query: pageQuery, response: { status: 200, schema: pageOf(agentResource) } },
  { method: "post", path: "/businesses/{businessId}/agents", tag, summary: "Create an agent", params: businessParams, body: createAgentInput, response: { status: 201, schema: agentResource } },
  { method: "get", path: "/businesses/{businessId}/agents/{agentId}", tag, summary: "Get an agent", params: agentParams, response: { status: 200, schema: agentResource } },
  { method: "patch", path: "/businesses/{businessId}/agents/{agentId}", tag, summary: "Change an agent's settings", params: agentParams, body: updateAgentInput, response: { status: 200, schema: agentResource } },
  { method: "delete", path: "/businesses/{businessId}/agents/{agentId}", tag, summary: "Delete an agent (refused while it has open conversations)", params: agentParams, response: { status: 204 } },
  {
    method: "post",
    path: "/businesses/{businessId}/agents/test-connection",
    tag,
    summary: "Try provider settings with one tiny real call (needs agents.write)",
    params: businessParams,
    body: testConnectionInput,
    response: { status: 200, schema: connectionResult, description: "The outcome; a failed connection is `ok: false` with a clear `error`, not an HTTP error." },
  },
  { method: "get", path: "/businesses/{businessId}/provider-credentials", tag, summary: "List stored provider keys (hints only)", params: businessParams, response: { status: 200, schema: z.object({ data: z.array(credentialResource) }) } },
  {
    method: "put",
    path: "/businesses/{businessId}/provider-credentials/{provider}",
    tag,
    summary: "Store or replace a provider key (encrypted at rest; never returned)",
    params: credentialParams,
    body: apiKeyInput,
    response: { status: 200, schema: credentialResource },
  },
  { method: "delete", path: "/businesses/{businessId}/provider-credentials/{provider}", tag, summary: "Remove a stored provider key", params: credentialParams, response: { status: 204 } },
];
