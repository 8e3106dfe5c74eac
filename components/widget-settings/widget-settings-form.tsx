"use client";

import { rotateWidgetSecretAction, updateWidgetSettingsAction } from "@/app/actions/widget";
import { ActionForm } from "@/components/ui/action-form";
import { CopyField } from "@/components/ui/copy-field";
import type { WidgetSettings } from "@/db/schema";

type Props = { businessId: string; settings: WidgetSettings; agents: { id: string; name: string }[] };

export function WidgetSettingsForm({ businessId, settings, agents }: Props) {
  return (
    <ActionForm
      action={updateWidgetSettingsAction}
      hidden={{ businessId }}
      fields={[
        {
          name: "allowedOrigins",
          label: "Allowed origins",
          defaultValue: settings.allowedOrigins.join(" "),
          hint: "The sites that may show the widget, separated by spaces, e.g. https://shop.example.com. Plain http:// only for localhost.",
        },
        {
          name: "agentId",
          label: "Agent that answers",
          type: "select",
          defaultValue: settings.agentId ?? "default",
          options: [{ value: "default", label: "The first active agent" }, ...agents.map((a) => ({ value: a.id, label: a.name }))],
        },
        { name: "color", label: "Colour", defaultValue: settings.color, hint: "A hex colour such as #4f46e5.", required: true },
        {
          name: "position",
          label: "Position",
          type: "select",
          defaultValue: settings.position,
          options: [
            { value: "right", label: "Bottom right" },
            { value: "left", label: "Bottom left" },
          ],
        },
        { name: "launcherText", label: "Launcher text", defaultValue: settings.launcherText, maxLength: 40, required: true },
        { name: "greeting", label: "Greeting (optional)", defaultValue: settings.greeting ?? "", hint: "Shown at the top of the chat. The agent's own greeting follows it." },
        {
          name: "requireVerifiedIdentity",
          label: "Identity verification",
          type: "select",
          defaultValue: settings.requireVerifiedIdentity ? "required" : "optional",
          options: [
            { value: "optional", label: "Optional: unsigned names and emails are kept as the visitor's own word" },
            { value: "required", label: "Required: refuse identities not signed with the widget secret" },
          ],
          hint: "Applies to Parley('identify', …) calls; anonymous visitors can always chat.",
        },
      ]}
      submitLabel="Save widget"
      pendingText="Saving…"
      successMessage="Saved."
    />
  );
}

export function RotateWidgetSecretForm({ businessId, hasSecret }: { businessId: string; hasSecret: boolean }) {
  return (
    <ActionForm
      action={rotateWidgetSecretAction}
      hidden={{ businessId }}
      fields={[]}
      submitLabel={hasSecret ? "Replace the widget secret" : "Create a widget secret"}
      pendingText="Creating…"
      renderSuccess={(data) => <CopyField label="New widget secret" value={data.secret} message="Copy it to your server now: it is shown only once. The previous secret no longer verifies anyone." />}
    />
  );
}
