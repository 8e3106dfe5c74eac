import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/shell/settings-tabs";
import { businessPage } from "@/lib/http/business-page";
import { can } from "@/lib/tenancy/permissions";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await businessPage(businessSlug);
  return (
    <>
      <SettingsTabs slug={business.slug} showApiKeys={can(business.role, "apiKeys.manage")} />
      {children}
    </>
  );
}
