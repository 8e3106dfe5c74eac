/**
 * `npm start`: builds Parley when there is no build or the sources changed since the last one,
 * then serves it in production mode. One command from a fresh clone to a running app.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sources = ["app", "components", "lib", "db", "widget", "public", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  return spawnSync(command, args, { cwd: root, stdio: "inherit", env }).status ?? 1;
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (changedAt > builtAt) {
  console.log(builtAt ? "Sources changed since the last build; rebuilding…" : "No build yet; building Parley…");
  const status = run("npm", ["run", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  if (status !== 0) process.exit(status);
}

process.exit(run("npx", ["tsx", "server.ts"], { ...process.env, NODE_ENV: "production" }));
