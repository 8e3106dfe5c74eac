import pino, { type Logger } from "pino";
import { env } from "@/lib/env";

const loggerKey = Symbol.for("parley.logger");
type LoggerHolder = { [loggerKey]?: Logger };

/** The process's JSON logger (pino); child loggers carry a requestId. */
export function logger(): Logger {
  const holder = globalThis as LoggerHolder;
  holder[loggerKey] ??= pino({
    level: env().LOG_LEVEL,
    base: { service: "parley" },
    redact: { paths: ["password", "*.password", "secret", "*.secret", "authorization", "cookie"], remove: true },
  });
  return holder[loggerKey];
}
