import type { CaptureField } from "@/db/schema";

export type CaptureVerdict = { ok: true; value: string | number } | { ok: false; reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
/** Digits with the usual separators, 7–15 digits in all (E.164's maximum). */
const PHONE = /^\+?[\d\s().-]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a value the model (or a pattern) proposes for a stage's capture field and normalises it:
 * emails lower-cased, phones reduced to digits and a leading +, numbers parsed, dates as
 * YYYY-MM-DD, choices matched case-insensitively to the option's own spelling.
 */
export function checkCapture(field: CaptureField, raw: unknown): CaptureVerdict {
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (!text) return { ok: false, reason: `“${field.label}” needs a value.` };
  if (text.length > 500) return { ok: false, reason: `“${field.label}” is too long.` };
  switch (field.type) {
    case "text":
      return { ok: true, value: text };
    case "email":
      return EMAIL.test(text) ? { ok: true, value: text.toLowerCase() } : { ok: false, reason: `“${text}” is not an email address.` };
    case "phone": {
      const digits = text.replace(/\D/g, "");
      if (!PHONE.test(text) || digits.length < 7 || digits.length > 15) return { ok: false, reason: `“${text}” is not a phone number.` };
      return { ok: true, value: `${text.startsWith("+") ? "+" : ""}${digits}` };
    }
    case "number": {
      const value = Number(text.replace(/,/g, ""));
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `“${text}” is not a number.` };
    }
    case "date": {
      const match = ISO_DATE.exec(text);
      const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
      // new Date() rolls 2026-02-31 over to March; a real date survives the round trip.
      if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
        return { ok: false, reason: `“${text}” is not a date (YYYY-MM-DD).` };
      }
      return { ok: true, value: text };
    }
    case "choice": {
      const option = (field.options ?? []).find((o) => o.toLowerCase() === text.toLowerCase());
      return option ? { ok: true, value: option } : { ok: false, reason: `“${text}” is not one of ${(field.options ?? []).map((o) => `“${o}”`).join(", ")}.` };
    }
  }
}

/** The required fields of a stage still missing from what was captured. */
export function missingRequired(fields: CaptureField[], captured: Record<string, unknown>): CaptureField[] {
  return fields.filter((f) => f.required && (captured[f.key] === undefined || captured[f.key] === ""));
}
