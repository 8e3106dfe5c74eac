import pino, { type Logger } from "pino";
import { env } from "@/lib/env";
import { processWide } from "@/lib/process-wide";

/** The process's JSON logger (pino); child loggers carry a requestId. */
export function logger(): Logger {
  return processWide("logger", () =>
    pino({
      level: env().LOG_LEVEL,
      base: { service: "parley" },
      redact: { paths: ["password", "*.password", "secret", "*.secret", "authorization", "cookie"], remove: true },
    }),
  );
}
