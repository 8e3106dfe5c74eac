import { count, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { user, type User } from "@/db/schema";
import { createBusiness, type BusinessView } from "@/lib/businesses/service";
import { AppError, ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { consume, limiter } from "@/lib/rate-limit";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { userActor } from "./actor";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./login-throttle";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from "./password";
import type { SetupInput, SignUpInput } from "./schemas";

export type PublicUser = Pick<User, "id" | "email" | "name" | "createdAt">;
const toPublic = ({ id, email, name, createdAt }: User): PublicUser => ({ id, email, name, createdAt });

const signUpsPerIp = () => limiter({ keyPrefix: "signup-ip", points: 20, durationSeconds: 60 * 60 });

async function insertUser(db: DbOrTx, input: SignUpInput): Promise<User> {
  const problem = passwordProblem(input.password);
  if (problem) throw ValidationError.field("password", problem);
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, input.email)).limit(1);
  if (existing) throw new ConflictError("An account with this email already exists. Sign in instead.");
  const [created] = await db
    .insert(user)
    .values({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password) })
    .returning();
  if (!created) throw new Error("insert returned no user");
  return created;
}

export async function signUp(input: SignUpInput, ip: string): Promise<PublicUser> {
  await consume(signUpsPerIp(), ip, "Too many accounts created from this address. Try again later.");
  return toPublic(await insertUser(await getDb(), input));
}

/**
 * Checks an email and password. Every failure is the same `invalid_credentials` and costs the
 * same time (a dummy hash is verified for unknown emails), so neither reveals which emails exist.
 */
export async function authenticate(email: string, password: string, ip: string): Promise<PublicUser> {
  const normalised = email.trim().toLowerCase();
  await assertLoginAllowed(normalised, ip);
  const db = await getDb();
  const [found] = await db.select().from(user).where(eq(user.email, normalised)).limit(1);
  const ok = found ? await verifyPassword(found.passwordHash, password) : await verifyAgainstDummy(password);
  if (!found || !ok) {
    await recordLoginFailure(normalised, ip);
    throw new AppError("invalid_credentials");
  }
  await recordLoginSuccess(normalised, ip);
  return toPublic(found);
}

export async function getUser(userId: string): Promise<PublicUser> {
  const db = await getDb();
  const [found] = await db.select().from(user).where(eq(user.id, userId)).limit(1);
  if (!found) throw new NotFoundError("user");
  return toPublic(found);
}

/** First run: no account exists yet, so /setup is open. */
export async function needsSetup(): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(user);
  return (row?.n ?? 0) === 0;
}

/**
 * Creates the first account and its business. Refused once any account exists; the advisory
 * lock makes two simultaneous first visits produce one owner, not two.
 */
export async function completeSetup(input: SetupInput): Promise<{ user: PublicUser; business: BusinessView; sample: BusinessView | null }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('parley.setup'))`);
    const [row] = await tx.select({ n: count() }).from(user);
    if ((row?.n ?? 0) > 0) throw new ConflictError("Parley is already set up. Sign in instead.");
    const owner = await insertUser(tx, input);
    const created = await createBusiness(userActor(owner.id), { name: input.businessName }, tx);
    const sample = input.start === "sample" ? await createSampleBusiness(userActor(owner.id), tx) : null;
    return { user: toPublic(owner), business: created, sample };
  });
}
