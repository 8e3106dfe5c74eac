import { streamText, stepCountIs, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CaptureField, KeywordRule } from "@/db/schema";
import { scriptedModel } from "@/lib/engine/scripted-model";
import { ruleMatches, scriptedToolCalls } from "@/lib/engine/scripted-rules";

const stages = [
  { id: "s1", key: "qualify" },
  { id: "s2", key: "offer" },
  { id: "s3", key: "human" },
];
const fields: CaptureField[] = [
  { key: "name", label: "Name", type: "text", required: true },
  { key: "email", label: "Email", type: "email", required: true },
  { key: "plan", label: "Plan", type: "choice", required: false, options: ["Basic", "Pro"] },
];
const rules: KeywordRule[] = [{ match: "keywords", pattern: "price, how much", nextStageId: "s2" }];

describe("the scripted model's rules", () => {
  it("matches keywords as whole words or phrases, and regex rules case-insensitively", () => {
    expect(ruleMatches(rules[0]!, "What's the PRICE?")).toBe(true);
    expect(ruleMatches(rules[0]!, "How much is it")).toBe(true);
    expect(ruleMatches(rules[0]!, "priceless")).toBe(false);
    expect(ruleMatches({ match: "regex", pattern: "^refund\\b" }, "Refund please")).toBe(true);
    expect(ruleMatches({ match: "regex", pattern: "(" }, "(")).toBe(false);
  });

  it("captures fields by pattern and moves on once the stage is complete", () => {
    expect(scriptedToolCalls({ fields, keywordRules: [] }, stages, stages[1]!, { name: "Ana" }, "sure, ana@example.com and Pro please")).toEqual([
      { toolName: "capture_field", input: { key: "email", value: "ana@example.com" } },
      { toolName: "capture_field", input: { key: "plan", value: "Pro" } },
      { toolName: "advance_stage", input: { stage: "offer", reason: "Every required field of the stage is captured." } },
    ]);
  });

  it("takes a short answer as the one missing free-text field, without its lead-in", () => {
    expect(scriptedToolCalls({ fields, keywordRules: [] }, stages, null, {}, "My name is Ana.")).toEqual([{ toolName: "capture_field", input: { key: "name", value: "Ana" } }]);
    expect(scriptedToolCalls({ fields, keywordRules: [] }, stages, null, {}, "What is this about?")).toEqual([]);
  });

  it("follows a keyword rule to its stage", () => {
    expect(scriptedToolCalls({ fields: [], keywordRules: rules }, stages, null, {}, "how much does it cost?")).toEqual([
      { toolName: "advance_stage", input: { stage: "offer", reason: "The contact said “how much does it cost?”." } },
    ]);
  });
});

describe("the scripted model through the AI SDK", () => {
  it("proposes tool calls, lets the tools run, then streams the reply in several deltas", async () => {
    const applied: string[] = [];
    const model = scriptedModel({
      toolCalls: (text) => (text.includes("@") ? [{ toolName: "capture_field", input: { key: "email", value: text } }] : []),
      reply: () => `Thanks, I noted ${applied.join(", ") || "nothing"}. What else can I do for you?`,
    });
    const result = streamText({
      model,
      messages: [{ role: "user", content: "ana@example.com" }],
      tools: {
        capture_field: tool({
          inputSchema: z.object({ key: z.string(), value: z.string() }),
          execute: async ({ key }) => (applied.push(key), { ok: true }),
        }),
      },
      stopWhen: stepCountIs(3),
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Thanks, I noted email. What else can I do for you?");
    expect((await result.steps).length).toBe(2);
    expect((await result.totalUsage).outputTokens).toBeGreaterThan(0);
  });
});
