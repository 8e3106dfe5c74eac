/**
 * `npm run bench:engine` — the platform's overhead on time to first token.
 *
 * For 1, 50 and 200 concurrent conversations on real PostgreSQL, each sends a message through
 * the engine (store, then turn) to an agent on a local OpenAI-compatible streaming server that
 * waits a fixed time before its first token. Measured per message: from the call that accepts the
 * message to the first token the engine emits. The baseline, measured in the same run at the same
 * concurrency, is the model's own time to first token: the AI SDK calling the same server directly.
 * Overhead = Parley's figure − the baseline's, at p50 and p99.
 *
 * BENCH_LEVELS (default 1,50,200) picks the concurrency levels, BENCH_ROUNDS (default 5) the rounds.
 * BENCH_DATABASE_URL names the PostgreSQL server for the scratch database (bench/scratch-db.ts).
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
  await db.update(agent).set({ provider: "openai-compatible", model: "bench-model", baseUrl: provider.baseUrl }).where(eq(agent.businessId, businessId));

  /** Model alone: the AI SDK straight to the server, first text delta. */
  async function baselineOnce(): Promise<number> {
    const started = performance.now();
    const result = streamText({ model: remoteModel({ provider: "openai-compatible", model: "bench-model", baseUrl: provider.baseUrl }), prompt: "hello" });
    for await (const _delta of result.textStream) return performance.now() - started;
    throw new Error("no text");
  }

  /** Through Parley: accept the message, run the turn, first token the engine emits. */
  const turns: Promise<void>[] = [];
  async function parleyOnce(conversationId: string, n: number): Promise<number> {
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
    turns.push(scheduleTurn(conversationId));
    await done;
    return firstToken;
  }

  console.log(`Model's own first-token delay: ${FIRST_TOKEN_DELAY_MS} ms; ${ROUNDS} rounds per level; PostgreSQL ${scratch.label}`);
  console.log("concurrent | baseline p50 / p99 | Parley p50 / p99 | overhead p50 / p99 | ratio p50");
  for (const concurrent of (process.env.BENCH_LEVELS ?? "1,50,200").split(",").map(Number)) {
    const conversations = await Promise.all(Array.from({ length: concurrent }, () => startConversation(actor, businessId, {}).then((c) => c.id)));
    // One warm-up round each, so connection set-up and JIT are not measured.
    await Promise.all(Array.from({ length: concurrent }, () => baselineOnce()));
    await Promise.all(conversations.map((id) => parleyOnce(id, -1)));
    await Promise.all(turns.splice(0));
    const baseline: number[] = [];
    const parley: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baseline.push(...(await Promise.all(Array.from({ length: concurrent }, () => baselineOnce()))));
      parley.push(...(await Promise.all(conversations.map((id) => parleyOnce(id, round)))));
      // Let the turns finish (stored replies) outside the measured time, before the next round.
      await Promise.all(turns.splice(0));
    }
    const [b50, b99, p50, p99] = [percentile(baseline, 50), percentile(baseline, 99), percentile(parley, 50), percentile(parley, 99)];
    console.log(
      `${String(concurrent).padStart(10)} | ${b50.toFixed(1)} / ${b99.toFixed(1)} ms | ${p50.toFixed(1)} / ${p99.toFixed(1)} ms | ${(p50 - b50).toFixed(1)} / ${(p99 - b99).toFixed(1)} ms | ${(p50 / b50).toFixed(2)}×`,
    );
  }
  child.kill("SIGTERM");
} finally {
  await closeDb();
  await scratch.drop();
}
