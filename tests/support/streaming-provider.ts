import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the next request gets. Text is streamed in chunks; tool calls come before any text. */
export type Scenario =
  | { kind: "reply"; text: string; toolCalls?: { name: string; args: Record<string, unknown> }[]; delayMs?: number; chunkDelayMs?: number }
  | { kind: "status"; status: 429 | 500 }
  | { kind: "hang" }
  | { kind: "cut"; text: string }
  | { kind: "malformed" };

type Recorded = { path: string; body: { model?: string; messages?: unknown[]; tools?: unknown[]; system?: unknown } };

const sse = (res: http.ServerResponse, data: unknown, event?: string) => res.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
const chunksOf = (text: string) => text.match(/.{1,6}/gs) ?? [];

function openAiStream(res: http.ServerResponse, model: string, s: Extract<Scenario, { kind: "reply" | "cut" }>) {
  const base = { id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model };
  const toolCalls = s.kind === "reply" ? (s.toolCalls ?? []) : [];
  toolCalls.forEach((call, index) =>
    sse(res, { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, id: `call_${index}`, type: "function", function: { name: call.name, arguments: JSON.stringify(call.args) } }] }, finish_reason: null }] }),
  );
  if (toolCalls.length > 0) {
    sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }], usage: { prompt_tokens: 50, completion_tokens: 8, total_tokens: 58 } });
    sse(res, "[DONE]");
    return res.end();
  }
  const chunks = chunksOf(s.text);
  if (s.kind === "cut") {
    chunks.slice(0, 2).forEach((c) => sse(res, { ...base, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] }));
    // The connection drops mid-stream, as a crashed upstream or a proxy timeout would.
    return setTimeout(() => res.socket?.destroy(), 20);
  }
  const finish = () => {
    sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 } });
    sse(res, "[DONE]");
    res.end();
  };
  const pause = s.kind === "reply" ? (s.chunkDelayMs ?? 0) : 0;
  if (pause === 0) {
    chunks.forEach((c) => sse(res, { ...base, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] }));
    return finish();
  }
  // A slow model: one chunk at a time, so a test can act while the reply streams.
  const next = (i: number) => {
    if (res.destroyed) return;
    if (i === chunks.length) return finish();
    sse(res, { ...base, choices: [{ index: 0, delta: { content: chunks[i] }, finish_reason: null }] });
    setTimeout(() => next(i + 1), pause);
  };
  next(0);
}

function anthropicStream(res: http.ServerResponse, model: string, s: Extract<Scenario, { kind: "reply" | "cut" }>) {
  sse(res, { type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", content: [], model, stop_reason: null, stop_sequence: null, usage: { input_tokens: 40, output_tokens: 1 } } }, "message_start");
  sse(res, { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start");
  const chunks = chunksOf(s.text);
  for (const c of s.kind === "cut" ? chunks.slice(0, 2) : chunks) sse(res, { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: c } }, "content_block_delta");
  if (s.kind === "cut") return setTimeout(() => res.socket?.destroy(), 20);
  sse(res, { type: "content_block_stop", index: 0 }, "content_block_stop");
  sse(res, { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 9 } }, "message_delta");
  sse(res, { type: "message_stop" }, "message_stop");
  res.end();
}

/**
 * A local HTTP server speaking the streaming wire formats of OpenAI chat completions (also what
 * OpenAI-compatible servers speak) and Anthropic messages, playing one scenario per request so a
 * test can script faults: rate limits, server errors, hangs, cut streams and malformed events.
 * Requests beyond the script get a short reply, after `firstTokenDelayMs` when given.
 */
export async function startStreamingProvider(options: { firstTokenDelayMs?: number } = {}) {
  const script: Scenario[] = [];
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Recorded["body"];
      requests.push({ path: req.url ?? "", body });
      const scenario: Scenario = script.shift() ?? { kind: "reply", text: "OK, thanks for your message.", delayMs: options.firstTokenDelayMs };
      const anthropic = req.url?.endsWith("/messages") ?? false;
      if (scenario.kind === "hang") return;
      if (scenario.kind === "status") {
        res.writeHead(scenario.status, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: scenario.status === 429 ? "Rate limit reached" : "Internal error", type: "server_error" } }));
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      if (scenario.kind === "malformed") {
        res.write("data: {this is not json\n\n");
        return res.end();
      }
      const play = () => (anthropic ? anthropicStream : openAiStream)(res, body.model ?? "test-model", scenario);
      if (scenario.kind === "reply" && scenario.delayMs) setTimeout(play, scenario.delayMs);
      else play();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
