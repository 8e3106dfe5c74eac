import type { Server, Socket } from "socket.io";
import type { z, ZodType } from "zod";
import { env } from "@/lib/env";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import type { Ack, ClientToServerEvents, ServerToClientEvents, SocketData, StaffData, VisitorData } from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AnySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type StaffSocket = AnySocket & { data: StaffData };
export type VisitorSocket = AnySocket & { data: VisitorData };

/** Whether an Origin header names this deployment (the host it was reached at, or APP_URL). */
export function isOwnOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    const originHost = new URL(origin).host;
    const appUrl = env().APP_URL;
    return originHost === host || (appUrl !== undefined && originHost === new URL(appUrl).host);
  } catch {
    return false;
  }
}

/**
 * Wraps a client→server handler: parses the payload with zod, runs it, and answers the ack with
 * its result or an error code. Details of unexpected errors stay in the log.
 */
export function handler<S extends ZodType, T extends object>(socket: AnySocket, event: string, schema: S, run: (input: z.output<S>) => Promise<T>) {
  return (payload: unknown, ack?: (answer: Ack<T>) => void) => {
    const answer = typeof ack === "function" ? ack : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return answer({ ok: false, code: "validation_failed" });
    run(parsed.data).then(
      (result) => answer({ ok: true, ...result }),
      (error: unknown) => {
        const code: ErrorCode = isAppError(error) ? error.code : "internal";
        if (code === "internal") logger().error({ err: error, event, socket: socket.data.kind }, "socket handler failed");
        answer({ ok: false, code });
      },
    );
  };
}
