"use client";

import { deleteTemplateAction, restoreTemplateVersionAction } from "@/app/actions/templates";
import { ActionForm } from "@/components/ui/action-form";

export function DeleteTemplateForm({ businessId, templateId }: { businessId: string; templateId: string }) {
  return <ActionForm action={deleteTemplateAction} hidden={{ businessId, templateId }} fields={[]} submitLabel="Delete template" variant="danger" pendingText="Deleting…" />;
}

export function RestoreVersionForm({ businessId, templateId, version }: { businessId: string; templateId: string; version: number }) {
  return (
    <ActionForm
      action={restoreTemplateVersionAction}
      hidden={{ businessId, templateId, version: String(version) }}
      fields={[]}
      submitLabel={`Restore version ${version}`}
      variant="secondary"
      pendingText="Restoring…"
      renderSuccess={(data) => <p role="status" className="text-sm text-emerald-800">Restored as version {data.version}.</p>}
    />
  );
}
