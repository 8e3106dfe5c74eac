import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("the generated app secret", () => {
  it("is the same for every process that starts at once on a fresh install", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-secret-"));
    const env = { ...process.env, DATA_DIR: dataDir, AUTH_SECRET: "", NODE_ENV: "development" as const, DATABASE_URL: "memory://" };
    const script = 'import("./lib/auth/secret.ts").then((m) => console.log(m.authSecret()))';
    const outputs = await Promise.all(Array.from({ length: 6 }, () => run(process.execPath, ["--import", "tsx", "-e", script], { env, cwd: process.cwd() })));
    const secrets = new Set(outputs.map((o) => o.stdout.trim()));
    expect(secrets.size).toBe(1);
    const [secret] = [...secrets];
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(fs.readFileSync(path.join(dataDir, "auth-secret"), "utf8")).toBe(secret);
    // Only the secret is left behind.
    expect(fs.readdirSync(dataDir)).toEqual(["auth-secret"]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
