"use client";

import { setupAction, signInAction, signUpAction } from "@/app/actions/auth";
import { ActionForm, type FieldSpec } from "@/components/ui/action-form";

const email: FieldSpec = { name: "email", label: "Email", type: "email", autoComplete: "email", required: true };
const name: FieldSpec = { name: "name", label: "Your name", autoComplete: "name", required: true };
const newPassword: FieldSpec = {
  name: "password",
  label: "Password",
  type: "password",
  autoComplete: "new-password",
  hint: "8 to 128 characters. Any characters; very common passwords are refused.",
  required: true,
  minLength: 8,
  maxLength: 128,
};

export function SignInForm({ next, email: presetEmail }: { next?: string; email?: string }) {
  return (
    <ActionForm
      action={signInAction}
      hidden={next ? { next } : undefined}
      fields={[
        { ...email, defaultValue: presetEmail },
        { name: "password", label: "Password", type: "password", autoComplete: "current-password", required: true },
      ]}
      submitLabel="Sign in"
      pendingText="Signing in…"
    />
  );
}

export function SignUpForm({ next, email: presetEmail }: { next?: string; email?: string }) {
  return (
    <ActionForm
      action={signUpAction}
      hidden={next ? { next } : undefined}
      fields={[name, { ...email, defaultValue: presetEmail }, newPassword]}
      submitLabel="Create account"
      pendingText="Creating account…"
    />
  );
}

export function SetupForm() {
  return (
    <ActionForm
      action={setupAction}
      fields={[
        name,
        email,
        newPassword,
        { name: "businessName", label: "Business name", autoComplete: "organization", required: true },
        {
          name: "start",
          label: "Start with",
          type: "select",
          defaultValue: "empty",
          options: [
            { value: "empty", label: "Just my business" },
            { value: "sample", label: "My business, and a sample business with a working offline agent" },
          ],
          hint: "The sample, Acme Bikes, has a four-stage pipeline, its templates and an agent that runs with no network or API key.",
        },
      ]}
      submitLabel="Create owner account and business"
      pendingText="Setting up…"
    />
  );
}
