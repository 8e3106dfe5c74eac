import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { KeyedProvider } from "./catalogue";

export type RemoteModelSettings = {
  provider: KeyedProvider;
  model: string;
  /** Overrides the provider's API address (a proxy or gateway); required for openai-compatible. */
  baseUrl?: string | null;
  apiKey?: string | null;
};

/**
 * Built models, by their settings. A model holds no state between calls, but building one builds
 * its provider's response schemas (≈ 1.5 ms of CPU for openai-compatible), on every turn's path.
 * Bounded: a rotated key or an edited agent leaves an entry that the oldest-first eviction drops.
 */
const built = new Map<string, LanguageModel>();
const MAX_BUILT = 256;

/**
 * The AI SDK model for a remote provider. The key is always passed explicitly (or as an empty
 * string), so the SDK never falls back to reading the environment on its own.
 */
export function remoteModel(settings: RemoteModelSettings): LanguageModel {
  const key = JSON.stringify([settings.provider, settings.model, settings.baseUrl ?? null, settings.apiKey ?? null]);
  let model = built.get(key);
  if (!model) {
    model = buildModel(settings);
    if (built.size >= MAX_BUILT) built.delete(built.keys().next().value!);
    built.set(key, model);
  }
  return model;
}

function buildModel({ provider, model, baseUrl, apiKey }: RemoteModelSettings): LanguageModel {
  const baseURL = baseUrl ? baseUrl.replace(/\/+$/, "") : undefined;
  switch (provider) {
    case "openai":
      // Chat completions, the wire format proxies and gateways also speak.
      return createOpenAI({ apiKey: apiKey ?? "", baseURL }).chat(model);
    case "anthropic":
      return createAnthropic({ apiKey: apiKey ?? "", baseURL })(model);
    case "openai-compatible":
      if (!baseURL) throw new Error("openai-compatible needs a base URL");
      return createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey: apiKey ?? undefined })(model);
  }
}
