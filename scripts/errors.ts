/**
 * `npm run errors`: the most recent unexpected errors, one line per fingerprint group
 * (count, first and last seen, last request id), newest first. Pass a number to see more.
 */
import { closeDb, migrateDb } from "@/db";
import { env } from "@/lib/env";
import { listErrors } from "@/lib/observability/error-log";

// The embedded database may never have been started yet; it migrates itself like the server does.
if (!env().DATABASE_URL) await migrateDb();

const limit = Number(process.argv[2] ?? 20);
const groups = await listErrors(Number.isInteger(limit) && limit > 0 ? limit : 20);
if (groups.length === 0) console.log("No errors recorded.");
for (const g of groups) {
  console.log(
    `${g.lastSeenAt.toISOString()}  ×${g.count}  ${g.name}: ${g.message.split("\n")[0]}\n` +
      `    source ${g.source} · first ${g.firstSeenAt.toISOString()} · last request ${g.lastRequestId ?? "—"} · fingerprint ${g.fingerprint}`,
  );
}
await closeDb();
