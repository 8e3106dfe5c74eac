import path from "node:path";
import { z } from "zod";

/**
 * Every setting Parley reads, validated once. This is the only module that touches
 * `process.env`; everything else asks `env()`.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres(ql)?|memory):\/\//, "must start with postgres://, postgresql:// or memory://")
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
      .optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    APP_URL: z.url({ error: "must be an absolute URL such as https://parley.example.com" }).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    TRUST_PROXY: booleanFlag.default(false),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024, "must be at least 1024").default(1_048_576),
    // Server-wide provider keys, used by agents of businesses that stored no key of their own.
    OPENAI_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    // A production deployment on PostgreSQL may run several instances; they must share one
    // secret, so it cannot be generated per machine. The embedded database is single-instance
    // and keeps a generated secret beside its data.
    if (value.NODE_ENV === "production" && value.DATABASE_URL?.startsWith("postgres") && !value.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production with DATABASE_URL (try: openssl rand -base64 32)",
      });
    }
  });

export type Env = z.infer<typeof schema> & { dataDir: string };

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses a set of variables; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}

const cacheKey = Symbol.for("parley.env");
type EnvHolder = { [cacheKey]?: Env };

/** The validated settings of this process, parsed on first use. */
export function env(): Env {
  const holder = globalThis as EnvHolder;
  holder[cacheKey] ??= parseEnv(process.env);
  return holder[cacheKey];
}
