/**
 * `npm run bench:realtime` — live delivery with 1,000 concurrent widget connections.
 *
 * One Parley socket server (this process) on real PostgreSQL; the visitors' widgets and one staff
 * console run in a second process (bench/realtime-clients.ts) so their work does not queue behind
 * the server's. Each visitor sends BENCH_MESSAGES messages at random moments within BENCH_WINDOW_MS
 * (by default one in 20 s: 50 messages a second from 1,000 visitors); measured per message: from
 * the visitor's `visitor:send` to the console receiving it as `conversation:message` (stored, then
 * broadcast to the business room). Twice: with staff holding every conversation (the AI silent:
 * the live path alone), then with the scripted agent answering every message, its reply
 * streaming to the visitor meanwhile, as in production.
 *
 * The baseline, measured in the same run with the same number of connections and the same
 * schedule, is a bare socket.io server relaying each message to one watcher: the transport alone.
 * Memory per connection: the server's RSS and heap after the sockets connect, minus before, per socket.
 *
 * BENCH_VISITORS (default 1000), BENCH_MESSAGES (default 1), BENCH_WINDOW_MS (default 20000).
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Server } from "socket.io";
import { percentile, openScratchDatabase } from "./scratch-db";
import type { ClientReport, ClientTask } from "./realtime-clients";

// Visitors are told apart by X-Forwarded-For (one address each), as behind a load balancer.
const scratch = await openScratchDatabase({ TRUST_PROXY: "true" });
const VISITORS = Number(process.env.BENCH_VISITORS ?? 1000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const SHOP = "https://shop.example.com";

const { closeDb, getDb, migrateDb } = await import("@/db");
const { conversation, message, user } = await import("@/db/schema");
const { eq } = await import("drizzle-orm");
const { userActor } = await import("@/lib/auth/actor");
const { sessionCookieFor } = await import("@/lib/auth/session");
const { updateBusiness } = await import("@/lib/businesses/service");
const { attachRealtime } = await import("@/lib/realtime/server");
const { createSampleBusiness } = await import("@/lib/samples/sample-business");
const { startVisitorSession } = await import("@/lib/widget/service");

const listen = async (server: HttpServer) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const mib = (bytes: number) => bytes / 1024 / 1024;

/** Waits until a count reaches zero. */
async function expect0(count: () => Promise<number>) {
  while ((await count()) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const clients = fork(path.join(import.meta.dirname, "realtime-clients.ts"), { execArgv: ["--import", "tsx"], stdio: "inherit" });
async function ask(task: ClientTask): Promise<ClientReport> {
  clients.send(task);
  const [report] = (await once(clients, "message")) as [ClientReport];
  return report;
}

try {
  await migrateDb();
  const db = await getDb();
  const [owner] = await db.insert(user).values({ name: "Maya Bench", email: `bench-${Date.now()}@example.com`, passwordHash: "x" }).returning();
  const actor = userActor(owner!.id);
  const businessId = (await createSampleBusiness(actor)).id;
  const { widgetPublicKey } = await updateBusiness(actor, businessId, { widget: { allowedOrigins: [SHOP] } });

  console.log(`Opening ${VISITORS} widget sessions…`);
  const tokens: string[] = [];
  for (let i = 0; i < VISITORS; i += 20) {
    const batch = Array.from({ length: Math.min(20, VISITORS - i) }, (_, j) =>
      startVisitorSession({ key: widgetPublicKey, hostOrigin: SHOP }, { callerOrigin: null, selfOrigins: [], ip: addressOf(i + j) }),
    );
    tokens.push(...(await Promise.all(batch)).map((s) => s.token));
  }

  const parleyHttp = createServer();
  const io = attachRealtime(parleyHttp);
  const parleyUrl = await listen(parleyHttp);

  const bareHttp = createServer();
  const bare = new Server(bareHttp, { serveClient: false });
  bare.on("connection", (socket) => {
    socket.on("watch", () => void socket.join("watchers"));
    socket.on("relay", (payload: unknown) => void bare.to("watchers").emit("relayed", payload));
  });
  const bareUrl = await listen(bareHttp);

  const schedule = { messages: MESSAGES, windowMs: WINDOW_MS };
  const results: { name: string; latencies: number[]; perSocket?: { rss: number; heap: number } }[] = [];
  const staffCookie = await sessionCookieFor(owner!.id);
  const connectAll = async (target: "bare" | "parley") => {
    const before = memory();
    const connected = await ask(
      target === "parley" ? { kind: "connect", url: parleyUrl, mode: "parley", tokens, origin: SHOP, staffCookie, businessId } : { kind: "connect", url: bareUrl, mode: "bare", count: VISITORS },
    );
    if (connected.kind !== "connected") throw new Error("clients did not connect");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = memory();
    return { rss: (after.rss - before.rss) / connected.count, heap: (after.heapUsed - before.heapUsed) / connected.count };
  };
  const measure = async (name: string, perSocket?: { rss: number; heap: number }) => {
    const report = await ask({ kind: "load", ...schedule });
    if (report.kind !== "latencies") throw new Error("no latencies");
    results.push({ name, latencies: report.latencies, perSocket });
    // The replies still being written finish before the next phase.
    await expect0(() => db.$count(message, eq(message.status, "streaming")));
  };

  await measure("bare socket.io (baseline)", await connectAll("bare"));
  await ask({ kind: "disconnect" });
  // Staff hold every conversation: the AI is silent, the path measured is visitor → store → console.
  await db.update(conversation).set({ holder: "human" });
  await measure("Parley, staff holding", await connectAll("parley"));
  // The AI answers every message too, streaming its reply to the visitor meanwhile. (What staff
  // left unanswered is set aside, so the AI answers only this phase's messages.)
  await db.update(message).set({ status: "answered" }).where(eq(message.status, "pending"));
  await db.update(conversation).set({ holder: "ai" });
  await measure("Parley, AI answering");
  await ask({ kind: "disconnect" });

  console.log(`${VISITORS} connections, ${MESSAGES} messages each within ${WINDOW_MS / 1000} s (${((VISITORS * MESSAGES) / (WINDOW_MS / 1000)).toFixed(0)} messages/s); PostgreSQL ${scratch.label}`);
  console.log("server | delivered | p50 / p99 latency | vs baseline p50 / p99 | memory per connection (RSS / heap)");
  const base = results[0]!;
  for (const r of results) {
    const [p50, p99] = [percentile(r.latencies, 50), percentile(r.latencies, 99)];
    const ratio = `${(p50 / percentile(base.latencies, 50)).toFixed(1)}× / ${(p99 / percentile(base.latencies, 99)).toFixed(1)}×`;
    const memoryUse = r.perSocket ? `${(r.perSocket.rss / 1024).toFixed(1)} / ${(r.perSocket.heap / 1024).toFixed(1)} KiB` : "(same sockets)";
    console.log(`${r.name} | ${r.latencies.length} | ${p50.toFixed(1)} / ${p99.toFixed(1)} ms | ${ratio} | ${memoryUse}`);
  }
  console.log(`server RSS now ${mib(process.memoryUsage().rss).toFixed(0)} MiB`);
  clients.kill();
  await new Promise<void>((resolve) => bare.close(() => resolve()));
  await io.close();
} finally {
  if (clients.connected) clients.kill();
  await closeDb();
  await scratch.drop();
}
