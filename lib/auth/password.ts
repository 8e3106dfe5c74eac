import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

// OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane.
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const argonOptions = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let commonPasswords: Set<string> | undefined;

/**
 * The 3,000 most common passwords that our length rule would otherwise let through (the list is
 * ranked by frequency; shorter ones are already refused by the minimum length).
 */
function common(): Set<string> {
  commonPasswords ??= new Set(
    dictionary["passwords-common"]
      .filter((p) => p.length >= PASSWORD_MIN && p.length <= PASSWORD_MAX)
      .slice(0, 3000),
  );
  return commonPasswords;
}

/** Why a new password is refused, or null when it is acceptable. No composition rules (NIST 800-63B). */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (common().has(password.toLowerCase())) return "This password is too common. Choose another.";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, so that an unknown email takes as long as a
 * wrong password and response times do not reveal which accounts exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("parley-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
