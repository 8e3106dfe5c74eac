import http from "node:http";
import type { AddressInfo } from "node:net";

export const GOOD_KEY = "sk-good-key-0000wxyz";

/**
 * A real HTTP server that speaks just enough of the OpenAI chat-completions and Anthropic
 * messages wire formats: 200 for the good key, 401 otherwise, 404 for model "missing", and
 * a reply that never comes for model "slow".
 */
export async function startFakeProvider() {
  const requests: { path: string; authorization?: string; apiKey?: string; model?: string }[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as { model?: string };
      const path = req.url ?? "";
      const anthropic = path.endsWith("/messages");
      requests.push({ path, authorization: req.headers.authorization, apiKey: req.headers["x-api-key"] as string | undefined, model: body.model });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (body.model === "slow") return; // never answers; the client's timeout must fire
      const key = anthropic ? req.headers["x-api-key"] : req.headers.authorization?.replace(/^Bearer /, "");
      if (key !== GOOD_KEY) {
        return anthropic
          ? send(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } })
          : send(401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
      }
      if (body.model === "missing") {
        return anthropic
          ? send(404, { type: "error", error: { type: "not_found_error", message: "model: missing" } })
          : send(404, { error: { message: "The model `missing` does not exist.", type: "invalid_request_error", code: "model_not_found" } });
      }
      if (anthropic) {
        return send(200, {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: body.model,
          content: [{ type: "text", text: "ready" }],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: { input_tokens: 5, output_tokens: 1 },
        });
      }
      send(200, {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: "ready" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
