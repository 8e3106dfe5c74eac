/**
 * `npm run bench:engine` — the platform's overhead on time to first token.
 *
 * For 1, 50 and 200 concurrent conversations on real PostgreSQL, each sends messages through the
 * engine (store, then turn) to an agent on a local OpenAI-compatible streaming server that waits a
 * fixed time before its first token. Measured per message: from the call that accepts the message
 * to the first token the engine emits. The baseline, measured in the same run with the same load,
 * is the model's own time to first token: the AI SDK calling the same server directly.
 * Overhead = Parley's figure − the baseline's, at p50 and p99.
 *
 * Two loads, since "50 concurrent conversations" can mean either:
 * - steady: every conversation is a person who reads the whole reply, then thinks (a random pause,
 *   BENCH_THINK_MS on average, default 2000) before writing again, for BENCH_SECONDS (default 15)
 *   and at least 20 messages;
 * - burst: every conversation sends at the same instant, BENCH_ROUNDS times (default 5) — the worst
 *   case, where each message also waits for the others' work.
 *
 * BENCH_LEVELS (default 1,50,200) picks the concurrency levels, BENCH_MODES (default steady,burst)
 * the loads. BENCH_DATABASE_URL names the PostgreSQL server for the scratch database.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { streamText } from "ai";
import { percentile, openScratchDatabase } from "./scratch-db";

const scratch = await openScratchDatabase();

const FIRST_TOKEN_DELAY_MS = 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

// Imported after the environment is set: lib/env.ts reads it once.
const { closeDb, getDb, migrateDb } = await import("@/db");
const { agent, user } = await import("@/db/schema");
const { userActor } = await import("@/lib/auth/actor");
const { acceptContactMessage, startConversation } = await import("@/lib/conversations/service");
const { onConversationEvents } = await import("@/lib/engine/events");
const { scheduleTurn } = await import("@/lib/engine/turn");
const { remoteModel } = await import("@/lib/providers/models");
const { createSampleBusiness } = await import("@/lib/samples/sample-business");
const { eq } = await import("drizzle-orm");

try {
  await migrateDb();
  // The model runs in its own process, so its work does not queue behind Parley's.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "provider-process.ts")], {
    env: { ...process.env, FIRST_TOKEN_DELAY_MS: String(FIRST_TOKEN_DELAY_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [firstLine] = (await once(child.stdout!, "data")) as [Buffer];
  const provider = { baseUrl: firstLine.toString().trim() };
  const db = await getDb();
  const [owner] = await db.insert(user).values({ name: "Bench", email: `bench-${randomUUID()}@example.com`, passwordHash: "x" }).returning();
  const actor = userActor(owner!.id);
  const businessId = (await createSampleBusiness(actor)).id;
  // No handoff after a number of turns: a long run must keep the AI answering.
  const handoffRules = { keywords: [], maxAiTurns: null, onProviderError: "handoff" as const };
  await db.update(agent).set({ provider: "openai-compatible", model: "bench-model", baseUrl: provider.baseUrl, handoffRules }).where(eq(agent.businessId, businessId));

  /** One message's figure, and what finishes once its whole reply is in. */
  type Sent = { firstToken: number; finished: Promise<unknown> };

  /** Model alone: the AI SDK straight to the server; the first text delta, and the rest read as the engine reads it. */
  async function baselineOnce(): Promise<Sent> {
    const started = performance.now();
    const result = streamText({ model: remoteModel({ provider: "openai-compatible", model: "bench-model", baseUrl: provider.baseUrl }), prompt: "hello" });
    const reader = result.textStream[Symbol.asyncIterator]();
    if ((await reader.next()).done) throw new Error("no text");
    const firstToken = performance.now() - started;
    const finished = (async () => {
      while (!(await reader.next()).done);
    })();
    return { firstToken, finished };
  }

  /** Through Parley: accept the message, run the turn, first token the engine emits; finished when the turn is. */
  let sent = 0;
  async function parleyOnce(conversationId: string): Promise<Sent> {
    const n = sent++;
    const started = performance.now();
    let firstToken = 0;
    const done = new Promise<void>((resolve) => {
      const stop = onConversationEvents(conversationId, (event) => {
        if (event.type === "delta") {
          firstToken = performance.now() - started;
          stop();
          resolve();
        }
      });
    });
    await acceptContactMessage(actor, businessId, conversationId, { content: "Do you have trail bikes in stock?", clientMessageId: `bench-${n}` });
    const finished = scheduleTurn(conversationId);
    await done;
    return { firstToken, finished };
  }

  /** A person's pause before writing again: exponential around THINK_MS, as arrivals in a busy chat are. */
  const think = () => new Promise((resolve) => setTimeout(resolve, -Math.log(1 - Math.random()) * THINK_MS));

  /** Each conversation writes, waits for the whole reply, thinks, and writes again until time is up (and 20 messages are in). */
  async function steady(concurrent: number, once: (i: number) => Promise<Sent>): Promise<number[]> {
    const until = performance.now() + SECONDS * 1000;
    const figures: number[] = [];
    const enough = () => performance.now() >= until && figures.length >= 20;
    await Promise.all(
      Array.from({ length: concurrent }, async (_, i) => {
        // Start spread over one pause, not all at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * THINK_MS));
        while (!enough()) {
          const { firstToken, finished } = await once(i);
          figures.push(firstToken);
          await finished;
          await think();
        }
      }),
    );
    return figures;
  }

  /** Every conversation writes at the same instant; the replies finish before the next round. */
  async function burst(concurrent: number, once: (i: number) => Promise<Sent>): Promise<number[]> {
    const figures: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(Array.from({ length: concurrent }, (_, i) => once(i)));
      figures.push(...results.map((r) => r.firstToken));
      await Promise.all(results.map((r) => r.finished));
    }
    return figures;
  }

  const burstOf = (results: Sent[]) => Promise.all(results.map((r) => r.finished));

  console.log(`Model's own first-token delay: ${FIRST_TOKEN_DELAY_MS} ms; steady: ${SECONDS} s, ${THINK_MS} ms mean pause; burst: ${ROUNDS} rounds; PostgreSQL ${scratch.label}`);
  console.log("load   | concurrent | messages | baseline p50 / p99 | Parley p50 / p99 | overhead p50 / p99 | ratio p50");
  for (const mode of (process.env.BENCH_MODES ?? "steady,burst").split(",")) {
    const run = mode === "burst" ? burst : steady;
    for (const concurrent of (process.env.BENCH_LEVELS ?? "1,50,200").split(",").map(Number)) {
      const conversations = await Promise.all(Array.from({ length: concurrent }, () => startConversation(actor, businessId, {}).then((c) => c.id)));
      // One warm-up message each, so connection set-up and JIT are not measured.
      await burstOf(await Promise.all(Array.from({ length: concurrent }, () => baselineOnce())));
      await burstOf(await Promise.all(conversations.map((id) => parleyOnce(id))));
      const baseline = await run(concurrent, () => baselineOnce());
      const parley = await run(concurrent, (i) => parleyOnce(conversations[i]!));
      const [b50, b99, p50, p99] = [percentile(baseline, 50), percentile(baseline, 99), percentile(parley, 50), percentile(parley, 99)];
      console.log(
        `${mode.padEnd(6)} | ${String(concurrent).padStart(10)} | ${String(parley.length).padStart(8)} | ${b50.toFixed(1)} / ${b99.toFixed(1)} ms | ${p50.toFixed(1)} / ${p99.toFixed(1)} ms | ${(p50 - b50).toFixed(1)} / ${(p99 - b99).toFixed(1)} ms | ${(p50 / b50).toFixed(2)}×`,
      );
    }
  }
  child.kill("SIGTERM");
} finally {
  await closeDb();
  await scratch.drop();
}
