import { createServer } from "node:http";
import next from "next";
import { closeDb, getDb, migrateDb } from "@/db";
import { recoverUnanswered } from "@/lib/engine/recovery";
import { env, EnvError } from "@/lib/env";
import { clientAddress, CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { logger } from "@/lib/observability/logger";
import { attachRealtime } from "@/lib/realtime/server";
import { redis } from "@/lib/redis";

async function main() {
  let settings;
  try {
    settings = env();
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
  const dev = settings.NODE_ENV !== "production";
  const log = logger();

  await getDb();
  // The embedded database migrates itself so that a fresh clone needs no setup step;
  // a PostgreSQL deployment runs `npm run db:migrate` as part of its release.
  if (!settings.DATABASE_URL) await migrateDb();

  const app = next({ dev, hostname: settings.HOST, port: settings.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();

  const server = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.headers, req.socket.remoteAddress);
    void handle(req, res);
  });
  const io = attachRealtime(server);
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/socket.io/")) void upgrade(req, socket, head);
  });

  server.listen(settings.PORT, settings.HOST, () => {
    log.info({ url: `http://${settings.HOST}:${settings.PORT}`, database: settings.DATABASE_URL ? "postgres" : "pglite", dev }, "Parley is listening");
    void recoverUnanswered().then(
      (count) => count > 0 && log.info({ count }, "answering conversations left unanswered before the restart"),
      (error: unknown) => log.error({ err: error }, "could not recover unanswered conversations"),
    );
  });

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    io.close();
    server.close();
    await app.close().catch(() => {});
    await closeDb();
    await redis()?.quit();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
