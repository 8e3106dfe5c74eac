/**
 * A scratch PostgreSQL database for one bench run: created on BENCH_DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432/postgres), set as DATABASE_URL before Parley's
 * modules are imported (lib/env.ts reads the environment once), and dropped afterwards.
 */
import postgres from "postgres";

export async function openScratchDatabase(extraEnv: Record<string, string> = {}) {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `parley_bench_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  Object.assign(process.env, { DATABASE_URL: url.toString(), LOG_LEVEL: "silent", DATA_DIR: ".data/bench", ...extraEnv });
  return {
    /** The server, without credentials, for the printed report. */
    label: adminUrl.replace(/\/\/[^@]*@/, "//"),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
