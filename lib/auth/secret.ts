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
    try {
      // "wx" fails if another process won the race; then its secret is the one to use.
      fs.writeFileSync(file, generated, { flag: "wx", mode: 0o600 });
      cached = generated;
    } catch {
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
