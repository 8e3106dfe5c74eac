import { describe, expect, it } from "vitest";
import { agentSettingErrors, createAgentInput, testConnectionInput, updateAgentInput } from "@/lib/agents/schemas";
import { keyHint } from "@/lib/providers/catalogue";
import { describeFailure } from "@/lib/providers/connection";
import { APICallError } from "ai";

const base = createAgentInput.parse({ name: "Ava", model: "scripted" });
const pathsOf = (settings: Partial<typeof base>) => agentSettingErrors({ ...base, ...settings }).map((e) => e.path);

describe("agent settings", () => {
  it("defaults a minimal agent to the offline scripted model, active, handing over on errors", () => {
    expect(base).toMatchObject({ provider: "scripted", model: "scripted", status: "active", temperature: 0.7, handoffRules: { keywords: [], maxAiTurns: null, onProviderError: "handoff" } });
    expect(agentSettingErrors(base)).toEqual([]);
  });

  it("needs a base URL for openai-compatible and only the scripted model for scripted", () => {
    expect(pathsOf({ provider: "openai-compatible", model: "llama3.1" })).toEqual(["baseUrl"]);
    expect(pathsOf({ provider: "openai-compatible", model: "llama3.1", baseUrl: "http://localhost:11434/v1" })).toEqual([]);
    expect(pathsOf({ model: "gpt-4o" })).toEqual(["model"]);
    expect(pathsOf({ provider: "openai", model: "gpt-4o-mini" })).toEqual([]);
  });

  it("wants the fallback provider and model together, and timeouts in order", () => {
    expect(pathsOf({ fallbackProvider: "openai" })).toEqual(["fallbackModel"]);
    expect(pathsOf({ fallbackModel: "gpt-4o" })).toEqual(["fallbackProvider"]);
    expect(pathsOf({ fallbackProvider: "anthropic", fallbackModel: "claude-3-5-haiku-latest" })).toEqual([]);
    expect(pathsOf({ firstTokenTimeoutMs: 30_000, replyTimeoutMs: 20_000 })).toEqual(["firstTokenTimeoutMs"]);
    expect(pathsOf({ handoffRules: { keywords: [], maxAiTurns: null, onProviderError: "fallback_template" } })).toEqual(["fallbackTemplateId"]);
  });

  it("accepts only https avatars and http(s) base URLs, with sentences for messages", () => {
    const bad = createAgentInput.safeParse({ name: "", model: "x", avatarUrl: "http://example.com/a.png", baseUrl: "file:///etc/passwd", temperature: 3, extra: 1 });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => [i.path.join(".") || i.code, i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["name", "Enter a name."],
        ["avatarUrl", expect.stringContaining("https://")],
        ["baseUrl", expect.stringContaining("http://")],
        ["temperature", "Use a temperature between 0 and 2."],
      ]),
    );
    expect(createAgentInput.safeParse({ name: "A", model: "scripted", avatarUrl: "" }).success).toBe(true);
    expect(testConnectionInput.safeParse({ provider: "openai-compatible", model: "m", baseUrl: "javascript:alert(1)" }).success).toBe(false);
  });

  it("lets a PATCH carry any subset and nothing unknown", () => {
    expect(updateAgentInput.parse({ status: "paused" })).toEqual({ status: "paused" });
    expect(updateAgentInput.safeParse({ businessId: "x" }).success).toBe(false);
  });
});

describe("provider key hints and failures", () => {
  it("shows only the sk- start and the last four characters", () => {
    expect(keyHint("sk-proj-abcdefghijkl1234")).toBe("sk-…1234");
    expect(keyHint("or-key-9876wxyz")).toBe("…wxyz");
  });

  it("says what went wrong in words a person can act on", () => {
    const failure = (statusCode?: number) => new APICallError({ message: "boom", url: "http://x/v1/chat/completions", requestBodyValues: {}, statusCode });
    expect(describeFailure(failure(401), "gpt-4o", "https://api.openai.com/v1")).toMatch(/^Invalid API key \(401\)/);
    expect(describeFailure(failure(404), "gpt-5x", "https://api.openai.com/v1")).toMatch(/Model “gpt-5x” not found \(404\)/);
    expect(describeFailure(failure(), "m", "http://127.0.0.1:9/v1")).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:9\/v1/);
  });
});
