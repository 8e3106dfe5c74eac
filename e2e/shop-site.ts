import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A business's own website on another localhost origin, embedding the widget with the snippet
 * it is given. Its page's CSS must not reach the launcher, and its calls queued before the
 * widget loads must work (it records every reply in `window.received`).
 */
export async function startShopSite() {
  let snippet = "";
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html><head><title>Shop</title><style>button{background:red!important;font-size:40px}</style></head><body><h1>Our shop</h1>
<script>window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};window.received=[];Parley("on","message",function(m){window.received.push(m.content)});</script>
${snippet}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://localhost:${port}`,
    embed: (tag: string) => {
      snippet = tag;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
