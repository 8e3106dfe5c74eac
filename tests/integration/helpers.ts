import { randomBytes } from "node:crypto";
import { signUp } from "@/lib/auth/accounts";
import { userActor, type Actor } from "@/lib/auth/actor";
import { sessionCookieFor } from "@/lib/auth/session";

export const ORIGIN = "http://parley.test";

export type TestUser = { id: string; email: string; actor: Actor; cookie: string };

/** A fresh account with a session cookie; emails are unique so test files can share a database. */
export async function makeUser(label = "user"): Promise<TestUser> {
  const email = `${label}-${randomBytes(4).toString("hex")}@example.com`;
  const created = await signUp({ name: label, email, password: "a long enough passphrase" }, `10.0.${randomBytes(1)[0]}.1`);
  return { id: created.id, email, actor: userActor(created.id), cookie: await sessionCookieFor(created.id) };
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  as?: TestUser | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: string;
  origin?: string | null;
};

/** Calls a route handler as the browser would: cookie, same-site Origin, JSON body. */
export async function call(handler: Handler, method: string, options: CallOptions = {}) {
  const headers = new Headers({ host: new URL(ORIGIN).host, ...options.headers });
  if (options.as) headers.set("cookie", options.as.cookie);
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin) headers.set("origin", origin);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`${ORIGIN}/api/test${options.query ? `?${options.query}` : ""}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}
