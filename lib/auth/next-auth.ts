import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { authenticate } from "./accounts";
import { signInInput } from "./schemas";
import { authSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS } from "./session";

/** Carries our error code through Auth.js to the sign-in action. */
export class SignInFailure extends CredentialsSignin {
  constructor(code: ErrorCode) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // Parley runs behind its own server and often a proxy; the host comes from the request.
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is a normal outcome, not a server error worth a stack trace.
    error: (error) => {
      if (!(error instanceof CredentialsSignin)) console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInInput.safeParse({ email: credentials.email, password: credentials.password });
        if (!parsed.success) throw new SignInFailure("invalid_credentials");
        try {
          const found = await authenticate(parsed.data.email, parsed.data.password, clientIp(request.headers));
          return { id: found.id, email: found.email, name: found.name };
        } catch (error) {
          if (isAppError(error)) throw new SignInFailure(error.code);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
