"use client";

import { acceptInvitationAction } from "@/app/actions/members";
import { ActionForm } from "@/components/ui/action-form";

export function AcceptInvitationForm({ token }: { token: string }) {
  return <ActionForm action={acceptInvitationAction} hidden={{ token }} fields={[]} submitLabel="Accept invitation" pendingText="Joining…" />;
}
