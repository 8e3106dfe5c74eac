import { AppError } from "@/lib/errors";

/**
 * Reads a JSON body with a size cap, stopping as soon as the cap is passed rather than buffering
 * whatever a client sends. Wrong content type, oversize and malformed JSON are 4xx problems.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const tooLarge = () => new AppError("payload_too_large", `The body must not exceed ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) throw new AppError("malformed_json", "The request has no body.");

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  if (!text.trim()) throw new AppError("malformed_json", "The request body is empty.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("malformed_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}
