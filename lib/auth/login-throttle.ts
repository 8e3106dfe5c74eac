import { assertNotLimited, consume, limiter } from "@/lib/rate-limit";

/*
 * Two limits on failed sign-ins, after OWASP's advice:
 *  - per IP, generous, to stop one client spraying passwords over many accounts;
 *  - per account *and* IP, strict, to stop guessing one account's password.
 * The account limit is keyed with the IP on purpose: an attacker elsewhere who exhausts it
 * blocks only themselves, never the real user signing in from their own address.
 * Failures count whether or not the account exists, so the limits reveal nothing either.
 */
const perIp = () => limiter({ keyPrefix: "login-ip", points: 50, durationSeconds: 15 * 60, blockSeconds: 15 * 60 });
const perAccountAndIp = () =>
  limiter({ keyPrefix: "login-account-ip", points: 5, durationSeconds: 15 * 60, blockSeconds: 15 * 60 });

const message = "Too many failed sign-in attempts. Wait a few minutes and try again.";
const accountKey = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;

export async function assertLoginAllowed(email: string, ip: string): Promise<void> {
  await assertNotLimited(perIp(), ip, message);
  await assertNotLimited(perAccountAndIp(), accountKey(email, ip), message);
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  // Spend on both; the first rejection (if any) is reported on the next attempt's check.
  await Promise.allSettled([consume(perIp(), ip), consume(perAccountAndIp(), accountKey(email, ip))]);
}

export async function recordLoginSuccess(email: string, ip: string): Promise<void> {
  await perAccountAndIp().delete(accountKey(email, ip));
}
