import type { CaptureField, KeywordRule } from "@/db/schema";

type StageRef = { id: string; key: string };
type ToolCall = { toolName: string; input: Record<string, unknown> };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One rule's expressions: a regex, or one whole-word expression per keyword; null when invalid. */
function compile(rule: Pick<KeywordRule, "match" | "pattern">): RegExp[] | null {
  if (rule.match === "regex") {
    try {
      return [new RegExp(rule.pattern, "i")];
    } catch {
      return null; // Patterns are checked on save; an old invalid one simply never matches.
    }
  }
  return rule.pattern
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)
    .map((keyword) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegex(keyword)}($|[^\\p{L}\\p{N}])`, "iu"));
}

// Compiling a Unicode whole-word expression costs more than testing it, and every turn tests the
// same few rules: they are kept, the oldest dropped first once there are many.
const compiled = new Map<string, RegExp[] | null>();
const COMPILED_MAX = 2000;

function expressionsOf(rule: Pick<KeywordRule, "match" | "pattern">): RegExp[] | null {
  const key = `${rule.match}:${rule.pattern}`;
  let found = compiled.get(key);
  if (found === undefined) {
    found = compile(rule);
    if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, found);
  }
  return found;
}

/** Does a keyword rule match the text? Keywords are comma-separated words or phrases, matched whole. */
export function ruleMatches(rule: Pick<KeywordRule, "match" | "pattern">, text: string): boolean {
  return expressionsOf(rule)?.some((expression) => expression.test(text)) ?? false;
}

const patterns: Partial<Record<CaptureField["type"], RegExp>> = {
  email: /[^\s@,;<>()]+@[^\s@,;<>()]+\.[a-z]{2,}/i,
  phone: /\+?\d[\d\s().-]{5,}\d/,
  date: /\b\d{4}-\d{2}-\d{2}\b/,
  number: /-?\d[\d,]*(?:\.\d+)?/,
};

/** Introductions people put before a short answer ("my name is Ana" → "Ana"). */
const LEAD_IN = /^(?:(?:my|the)\s+\w+\s+is|i am|i'm|it's|it is|this is|call me)\s+/i;

function valueFor(field: CaptureField, text: string): string | null {
  if (field.type === "choice") return (field.options ?? []).find((o) => ruleMatches({ match: "keywords", pattern: o }, text)) ?? null;
  if (field.type === "text") return null;
  return patterns[field.type]?.exec(text)?.[0] ?? null;
}

/**
 * The tool calls the scripted model makes for a contact's message: captures for the stage's
 * missing fields found by pattern, then the first keyword rule that matches — or, when this
 * message completes the stage's fields, a move to its default next stage. A short message is
 * taken as the answer to the stage's one missing free-text field, since that is what was asked.
 */
export function scriptedToolCalls(
  stage: { fields: CaptureField[]; keywordRules: KeywordRule[] },
  stages: StageRef[],
  defaultNext: StageRef | null,
  captured: Record<string, unknown>,
  text: string,
): ToolCall[] {
  const calls: ToolCall[] = [];
  const missing = stage.fields.filter((f) => captured[f.key] === undefined);
  for (const field of missing) {
    const value = valueFor(field, text);
    if (value !== null) calls.push({ toolName: "capture_field", input: { key: field.key, value } });
  }
  const missingText = missing.filter((f) => f.type === "text");
  const trimmed = text.trim();
  if (calls.length === 0 && missingText.length === 1 && trimmed.length <= 80 && !trimmed.endsWith("?")) {
    calls.push({ toolName: "capture_field", input: { key: missingText[0]!.key, value: trimmed.replace(LEAD_IN, "").replace(/[.!]+$/, "") } });
  }
  const rule = stage.keywordRules.find((r) => ruleMatches(r, text));
  const target = rule && stages.find((s) => s.id === rule.nextStageId);
  const nowCaptured = new Set([...Object.keys(captured), ...calls.map((c) => String(c.input.key))]);
  const complete = calls.length > 0 && stage.fields.every((f) => !f.required || nowCaptured.has(f.key));
  if (target) calls.push({ toolName: "advance_stage", input: { stage: target.key, reason: `The contact said “${trimmed.slice(0, 60)}”.` } });
  else if (complete && defaultNext) calls.push({ toolName: "advance_stage", input: { stage: defaultNext.key, reason: "Every required field of the stage is captured." } });
  return calls;
}
