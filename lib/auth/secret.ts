import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: string | undefined;

/**
 * AUTH_SECRET when set; otherwise a random secret generated once and kept in DATA_DIR, so a
 * fresh install needs no configuration and sessions survive restarts. (lib/env.ts refuses to
 * start a production PostgreSQL deployment without AUTH_SECRET.)
 */
export function authSecret(): string {
  if (cached) return cached;
  const configured = env().AUTH_SECRET;
  if (configured) return (cached = configured);
  const file = path.join(env().dataDir, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const generated = randomBytes(32).toString("base64url");
    // Written whole under a private name, then linked into place: linking fails if another
    // process won the race (its secret is then the one to use), and nobody ever reads a file
    // that is still being written — several processes start together on a fresh install.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(draft, generated, { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
      cached = generated;
    } catch {
      cached = fs.readFileSync(file, "utf8").trim();
    } finally {
      fs.unlinkSync(draft);
    }
  }
  if (!cached) throw new Error(`${file} is empty: delete it, or set AUTH_SECRET.`);
  return cached;
}
