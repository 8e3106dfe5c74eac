"use client";

import { useActionState } from "react";
import { archiveStageAction, deleteStageAction, duplicateStageAction } from "@/app/actions/stages";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";

type Props = { businessId: string; stageId: string; archived: boolean };

function ArchiveForm({ businessId, stageId, archived, label }: Props & { label?: string }) {
  return (
    <ActionForm
      action={archiveStageAction}
      hidden={{ businessId, stageId, archived: archived ? "false" : "true" }}
      fields={[]}
      submitLabel={label ?? (archived ? "Unarchive" : "Archive")}
      pendingText={archived ? "Unarchiving…" : "Archiving…"}
      variant="secondary"
    />
  );
}

/**
 * Duplicate, archive and delete. A delete refused because the stage is in use offers to archive
 * it instead, right under the explanation.
 */
export function StageActions(props: Props) {
  const { businessId, stageId, archived } = props;
  const [deleted, deleteAction] = useActionState(deleteStageAction, null);
  const refused = deleted && !deleted.ok ? deleted : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start gap-3">
        <ActionForm action={duplicateStageAction} hidden={{ businessId, stageId }} fields={[]} submitLabel="Duplicate" pendingText="Duplicating…" variant="secondary" />
        <ArchiveForm {...props} />
        <form action={deleteAction}>
          <input type="hidden" name="businessId" value={businessId} />
          <input type="hidden" name="stageId" value={stageId} />
          <Button type="submit" variant="danger" pendingText="Deleting…">
            Delete
          </Button>
        </form>
      </div>
      {refused && (
        <div className="space-y-3">
          <FormMessage message={refused.message} />
          {refused.code === "conflict" && !archived && <ArchiveForm {...props} label="Archive instead" />}
        </div>
      )}
    </div>
  );
}
