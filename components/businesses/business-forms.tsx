"use client";

import { archiveBusinessAction, createBusinessAction, createSampleBusinessAction, restoreBusinessAction, updateBusinessAction } from "@/app/actions/businesses";
import { ActionForm } from "@/components/ui/action-form";
import type { BusinessView } from "@/lib/businesses/service";

export function CreateBusinessForm() {
  return (
    <ActionForm
      action={createBusinessAction}
      fields={[
        { name: "name", label: "Business name", autoComplete: "organization", required: true },
        { name: "slug", label: "Address (optional)", hint: "Used in links: /b/your-address. Derived from the name when empty." },
      ]}
      submitLabel="Create business"
      pendingText="Creating…"
    />
  );
}

export function BusinessSettingsForm({ business }: { business: BusinessView }) {
  return (
    <ActionForm
      action={updateBusinessAction}
      hidden={{ businessId: business.id }}
      fields={[
        { name: "name", label: "Name", defaultValue: business.name, required: true },
        { name: "slug", label: "Address", defaultValue: business.slug, hint: "Changing it changes every link to this business." },
        { name: "description", label: "Profile", defaultValue: business.description, hint: "A sentence or two about the business; agents use it in their prompts." },
        { name: "timezone", label: "Time zone", defaultValue: business.timezone, hint: "IANA name, e.g. Europe/Paris." },
        { name: "locale", label: "Language", defaultValue: business.locale, hint: "Language tag, e.g. en or pt-BR." },
      ]}
      submitLabel="Save changes"
      pendingText="Saving…"
      successMessage="Saved."
    />
  );
}

export function ArchiveBusinessForm({ businessId }: { businessId: string }) {
  return <ActionForm action={archiveBusinessAction} hidden={{ businessId }} fields={[]} submitLabel="Archive business" variant="danger" pendingText="Archiving…" />;
}

export function RestoreBusinessButton({ businessId }: { businessId: string }) {
  return <ActionForm action={restoreBusinessAction} hidden={{ businessId }} fields={[]} submitLabel="Restore" variant="secondary" />;
}

/** Creates Acme Bikes (sample): a pipeline, templates and an offline agent to try Parley with. */
export function LoadSampleBusinessForm() {
  return <ActionForm action={createSampleBusinessAction} fields={[]} submitLabel="Load a sample business" variant="secondary" pendingText="Loading…" />;
}
