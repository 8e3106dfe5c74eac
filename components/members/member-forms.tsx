"use client";

import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInvitationAction } from "@/app/actions/members";
import { ActionForm } from "@/components/ui/action-form";
import { CopyField } from "@/components/ui/copy-field";
import type { Role } from "@/db/schema";

const roleOptions = (grantOwner: boolean) =>
  [
    { value: "viewer", label: "Viewer — reads everything" },
    { value: "agent", label: "Agent — support staff" },
    { value: "admin", label: "Admin — configures the business" },
    { value: "owner", label: "Owner — everything, incl. archiving" },
  ].filter((o) => grantOwner || o.value !== "owner");

export function InviteMemberForm({ businessId, grantOwner }: { businessId: string; grantOwner: boolean }) {
  return (
    <ActionForm
      action={inviteMemberAction}
      hidden={{ businessId }}
      fields={[
        { name: "email", label: "Email", type: "email", required: true },
        { name: "role", label: "Role", type: "select", options: roleOptions(grantOwner), defaultValue: "agent" },
      ]}
      submitLabel="Create invitation link"
      pendingText="Inviting…"
      renderSuccess={(data) => <CopyField label="Invitation link" value={data.url} message="Invitation created. Send this single-use link (valid 7 days):" />}
    />
  );
}

export function ChangeRoleForm({ businessId, userId, role, grantOwner }: { businessId: string; userId: string; role: Role; grantOwner: boolean }) {
  return (
    <ActionForm
      action={changeRoleAction}
      hidden={{ businessId, userId }}
      layout="inline"
      fields={[{ name: "role", label: "Role", type: "select", options: roleOptions(grantOwner || role === "owner"), defaultValue: role }]}
      submitLabel="Change"
      variant="secondary"
      successMessage="Role changed."
    />
  );
}

export function RemoveMemberForm({ businessId, userId, self }: { businessId: string; userId: string; self: boolean }) {
  return (
    <ActionForm
      action={removeMemberAction}
      hidden={{ businessId, userId }}
      fields={[]}
      submitLabel={self ? "Leave business" : "Remove"}
      variant="danger"
    />
  );
}

export function RevokeInvitationForm({ businessId, invitationId }: { businessId: string; invitationId: string }) {
  return <ActionForm action={revokeInvitationAction} hidden={{ businessId, invitationId }} fields={[]} submitLabel="Revoke" variant="secondary" />;
}
