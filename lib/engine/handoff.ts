import { ruleMatches } from "./scripted-rules";

/** The first of the agent's handoff keywords the contact's text contains (whole words), if any. */
export function matchedHandoffKeyword(keywords: readonly string[], text: string): string | null {
  return keywords.find((keyword) => keyword.trim() && ruleMatches({ match: "keywords", pattern: keyword }, text)) ?? null;
}
