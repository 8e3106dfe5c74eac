"use client";

import { createApiKeyAction, revokeApiKeyAction } from "@/app/actions/api-keys";
import { ActionForm } from "@/components/ui/action-form";
import { CopyField } from "@/components/ui/copy-field";

export function CreateApiKeyForm({ businessId }: { businessId: string }) {
  return (
    <ActionForm
      action={createApiKeyAction}
      hidden={{ businessId }}
      fields={[
        { name: "name", label: "Name", hint: "What uses this key, e.g. “CRM sync”.", required: true },
        {
          name: "access",
          label: "Access",
          type: "select",
          defaultValue: "read",
          options: [
            { value: "read", label: "Read — can read everything viewers can" },
            { value: "read-write", label: "Read and write — can change what admins can" },
          ],
        },
      ]}
      submitLabel="Create API key"
      pendingText="Creating…"
      renderSuccess={(data) => (
        <CopyField label="New API key secret" value={data.secret} message={`Copy the secret of “${data.name}” now: it is shown only once.`} />
      )}
    />
  );
}

export function RevokeApiKeyForm({ businessId, keyId }: { businessId: string; keyId: string }) {
  return <ActionForm action={revokeApiKeyAction} hidden={{ businessId, keyId }} fields={[]} submitLabel="Revoke" variant="danger" pendingText="Revoking…" />;
}
