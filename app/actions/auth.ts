"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { completeSetup, signUp } from "@/lib/auth/accounts";
import { SignInFailure, signIn, signOut } from "@/lib/auth/next-auth";
import { setupInput, signInInput, signUpInput } from "@/lib/auth/schemas";
import { AppError, isErrorCode } from "@/lib/errors";
import { publicAction } from "@/lib/http/action";
import { safeReturnPath } from "@/lib/http/page-session";

const returnTo = { next: z.string().max(2000).optional() };

/** Starts the Auth.js session; its failures come back as our error codes. */
async function startSession(email: string, password: string, redirectTo: string): Promise<never> {
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof SignInFailure) throw new AppError(isErrorCode(error.code) ? error.code : "invalid_credentials");
    throw error;
  }
  redirect(redirectTo);
}

export const signInAction = publicAction(signInInput.extend(returnTo), async (input) =>
  startSession(input.email, input.password, safeReturnPath(input.next)),
);

export const signUpAction = publicAction(signUpInput.extend(returnTo), async ({ next, ...input }, { ip }) => {
  await signUp(input, ip);
  return startSession(input.email, input.password, safeReturnPath(next));
});

export const setupAction = publicAction(setupInput, async (input) => {
  const { business, sample } = await completeSetup(input);
  return startSession(input.email, input.password, `/b/${(sample ?? business).slug}`);
});

// No input and no session check: signing out takes nothing from anyone, and is a no-op when
// already signed out.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
