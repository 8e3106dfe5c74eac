import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // These packages load native binaries, WebAssembly or worker files relative to their own
  // location, and the database/logger singletons must be the very instances server.ts uses,
  // so Next must require them from node_modules instead of bundling copies.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "postgres",
    "pino",
    "ioredis",
    "rate-limiter-flexible",
    "socket.io",
    "@zxcvbn-ts/language-common",
  ],
  // Lets parallel builds (e.g. several e2e runs on one machine) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
