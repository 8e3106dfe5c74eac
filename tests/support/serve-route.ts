import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Serves one route handler over real HTTP, for clients that must speak to a socket (the official
 * OpenAI library). `pattern` is the route's path with `:name` parameters.
 */
export async function serveRoute(pattern: string, handler: Handler) {
  const names: string[] = [];
  const matcher = new RegExp(`^${pattern.replace(/:(\w+)/g, (_m, name: string) => (names.push(name), "([^/]+)"))}$`);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const match = matcher.exec(url.pathname);
    if (!match) return res.writeHead(404).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const request = new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const response = await handler(request, { params: Promise.resolve(Object.fromEntries(names.map((n, i) => [n, match[i + 1]!]))) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) res.write(read.value);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
