import type { LanguageModel } from "ai";
import type { Agent, Provider } from "@/db/schema";
import { remoteModel } from "@/lib/providers/models";
import { cachedProviderKey } from "./config-cache";
import { scriptedModel, type ScriptedPlan } from "./scripted-model";

export type ResolvedModel = { model: LanguageModel; provider: Provider; modelId: string };

/**
 * The agent's model (or its fallback), with the business's stored key or the server's
 * environment key. The scripted model is built per turn from the engine's plan.
 */
export async function resolveModel(agent: Agent, which: "primary" | "fallback", plan: ScriptedPlan): Promise<ResolvedModel | null> {
  const provider = which === "primary" ? agent.provider : agent.fallbackProvider;
  const modelId = which === "primary" ? agent.model : agent.fallbackModel;
  if (!provider || !modelId) return null;
  if (provider === "scripted") return { model: scriptedModel(plan), provider, modelId: "scripted" };
  const apiKey = await cachedProviderKey(agent.businessId, provider);
  // The agent has one base URL, for its own provider; a fallback of another kind uses its default address.
  const baseUrl = provider === agent.provider ? agent.baseUrl : null;
  return { model: remoteModel({ provider, model: modelId, baseUrl, apiKey }), provider, modelId };
}
