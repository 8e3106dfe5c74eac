import type { Provider } from "@/db/schema";

export const providers = ["scripted", "openai", "anthropic", "openai-compatible"] as const satisfies readonly Provider[];

/** Providers that take an API key (the scripted model runs offline and needs none). */
export const keyedProviders = ["openai", "anthropic", "openai-compatible"] as const satisfies readonly Provider[];
export type KeyedProvider = (typeof keyedProviders)[number];

export type ProviderInfo = {
  label: string;
  /** A sensible model to start with, shown as the model field's placeholder. */
  exampleModel: string;
  /** Whether a call without any API key is refused before it is made. */
  requiresKey: boolean;
  /** The server-wide environment variable that supplies a key when the business stored none. */
  envKey?: "OPENAI_API_KEY" | "ANTHROPIC_API_KEY";
};

export const providerCatalogue: Record<Provider, ProviderInfo> = {
  scripted: { label: "Scripted (offline, built in)", exampleModel: "scripted", requiresKey: false },
  openai: { label: "OpenAI", exampleModel: "gpt-4o-mini", requiresKey: true, envKey: "OPENAI_API_KEY" },
  anthropic: { label: "Anthropic", exampleModel: "claude-3-5-haiku-latest", requiresKey: true, envKey: "ANTHROPIC_API_KEY" },
  // Local servers (Ollama, LM Studio, vLLM) usually run without a key; OpenRouter needs one.
  "openai-compatible": { label: "OpenAI-compatible (Ollama, vLLM, LM Studio, OpenRouter)", exampleModel: "llama3.1", requiresKey: false },
};

export const isKeyedProvider = (provider: Provider): provider is KeyedProvider => provider !== "scripted";

/**
 * What is shown of a stored key: its well-known `sk-` start, if it has one, and its last four
 * characters. Nothing else of it ever leaves the server.
 */
export function keyHint(apiKey: string): string {
  return `${apiKey.startsWith("sk-") ? "sk-" : ""}…${apiKey.slice(-4)}`;
}
