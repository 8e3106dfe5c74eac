import { randomUUID } from "node:crypto";
import type { z, ZodType } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError, NotFoundError } from "@/lib/errors";
import { authenticateRequest } from "./authenticate";
import { readJsonBody } from "./body";
import { fieldErrorsOf, problemResponse, toAppError } from "./problem";

type Schema = ZodType;
type Infer<S> = S extends ZodType ? z.output<S> : undefined;

export type RouteSpec<P, Q, B> = { params?: P; query?: Q; body?: B; public?: boolean };

export type RouteInput<P, Q, B, Pub> = {
  request: Request;
  requestId: string;
  actor: Pub extends true ? Actor | null : Actor;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
};

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

function parseWith<S extends Schema>(schema: S, value: unknown, prefix: string | undefined): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("validation_failed", "Some fields are not valid.", { errors: fieldErrorsOf(result.error, prefix) });
  }
  return result.data;
}

function parseParams<S extends Schema>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new NotFoundError();
  return result.data;
}

const REQUEST_ID = /^[\w.-]{8,128}$/;

/**
 * The one wrapper every API route handler goes through: authenticate (session cookie with an
 * Origin check, or Bearer), parse params, query and body with zod, call the service, and turn
 * any failure into RFC 9457 problem+json with a request id. Handlers stay a few lines long.
 */
export function route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, Pub extends boolean = false>(
  spec: RouteSpec<P, Q, B> & { public?: Pub },
  handler: (input: RouteInput<P, Q, B, Pub>) => Promise<Response>,
) {
  return async (request: Request, context?: NextContext): Promise<Response> => {
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    try {
      const actor = spec.public ? null : await authenticateRequest(request);
      // A malformed id names nothing, so it is the same 404 as an unknown one.
      const params = spec.params ? parseParams(spec.params, (await context?.params) ?? {}) : undefined;
      const search = Object.fromEntries(new URL(request.url).searchParams);
      const query = spec.query ? parseWith(spec.query, search, "query") : undefined;
      const body = spec.body ? parseWith(spec.body, await readJsonBody(request, env().MAX_BODY_BYTES), undefined) : undefined;
      const response = await handler({ request, requestId, actor, params, query, body } as RouteInput<P, Q, B, Pub>);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return problemResponse(await toAppError(error, { source: `${request.method} ${new URL(request.url).pathname}`, requestId }), requestId);
    }
  };
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

export const created = (data: unknown) => json(data, 201);
export const noContent = () => new Response(null, { status: 204 });
