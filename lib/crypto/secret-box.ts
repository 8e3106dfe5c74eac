import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

/**
 * Authenticated encryption of small secrets (provider API keys) at rest: AES-256-GCM with a key
 * derived from the app secret by HKDF-SHA256. The `context` (e.g. business id and provider) is
 * bound as additional data, so a ciphertext copied into another business's row does not open.
 */
const INFO = "parley provider credentials v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new Map<string, Buffer>();

function keyFor(appSecret: string): Buffer {
  let key = keys.get(appSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", appSecret, Buffer.alloc(0), INFO, 32));
    keys.set(appSecret, key);
  }
  return key;
}

export class SecretBoxError extends Error {
  constructor() {
    super("The secret cannot be decrypted: it was altered, or the app secret changed.");
    this.name = "SecretBoxError";
  }
}

/** `iv.tag.ciphertext`, each base64url. */
export function sealSecret(plaintext: string, context: string, appSecret: string = authSecret()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(appSecret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
}

/** The plaintext of a sealed secret; throws SecretBoxError if anything about it is wrong. */
export function openSecret(sealed: string, context: string, appSecret: string = authSecret()): string {
  const [iv, tag, ciphertext, ...rest] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !ciphertext || rest.length > 0 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(appSecret), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError();
  }
}
