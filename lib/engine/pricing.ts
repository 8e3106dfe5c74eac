/** USD per million tokens. Approximate list prices; agents override them per model (`agent.prices`). */
const builtInPrices: Record<string, { input: number; output: number }> = {
  scripted: { input: 0, output: 0 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "claude-3-5-haiku-latest": { input: 0.8, output: 4 },
  "claude-3-5-sonnet-latest": { input: 3, output: 15 },
  "claude-sonnet-4-0": { input: 3, output: 15 },
  "claude-opus-4-0": { input: 15, output: 75 },
};

/** The estimated cost of a reply, or null when the model's price is unknown (e.g. a local model). */
export function estimateCost(model: string, overrides: Record<string, { input: number; output: number }>, inputTokens: number | null, outputTokens: number | null): number | null {
  const price = overrides[model] ?? builtInPrices[model];
  if (!price) return null;
  return ((inputTokens ?? 0) * price.input + (outputTokens ?? 0) * price.output) / 1_000_000;
}
