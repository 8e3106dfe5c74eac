import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getUser, type PublicUser } from "@/lib/auth/accounts";
import { userActor, type Actor } from "@/lib/auth/actor";
import { userIdFromCookieHeader } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";

/** The signed-in user of a page request, or null. */
export async function currentUser(): Promise<PublicUser | null> {
  const jar = await cookies();
  const userId = await userIdFromCookieHeader(jar.toString());
  if (!userId) return null;
  try {
    return await getUser(userId);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** For pages that need a session: sends a signed-out visitor to sign in and back here after. */
export async function requireUser(returnTo: string): Promise<{ user: PublicUser; actor: Actor }> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return { user, actor: userActor(user.id) };
}

/** Only same-site paths may be returned to after sign-in (no open redirects). */
export function safeReturnPath(value: string | null | undefined, fallback = "/"): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : fallback;
}

/** Runs a page's lookup and turns "not found" (including another tenant's record) into Next's 404. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
