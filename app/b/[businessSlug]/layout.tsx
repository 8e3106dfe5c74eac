import type { ReactNode } from "react";
import { RestoreBusinessButton } from "@/components/businesses/business-forms";
import { BusinessSwitcher } from "@/components/shell/business-switcher";
import { Logo } from "@/components/shell/logo";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { businessPage, myBusinesses } from "@/lib/http/business-page";
import { can } from "@/lib/tenancy/permissions";

export default async function BusinessLayout({ children, params }: { children: ReactNode; params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { user, business } = await businessPage(businessSlug);
  const businesses = await myBusinesses(businessSlug);
  const switchable = businesses.some((b) => b.id === business.id) ? businesses : [business, ...businesses];
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <div className="flex items-center gap-4">
            <Logo />
            <BusinessSwitcher current={business} businesses={switchable} />
          </div>
          <UserMenu user={user} />
        </div>
      </header>
      {business.archivedAt && (
        <div role="status" className="border-b border-amber-200 bg-amber-50">
          <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-2 text-sm text-amber-900 sm:px-6">
            <span>This business is archived. It is hidden from your business list until an owner restores it.</span>
            {can(business.role, "business.archive") && <RestoreBusinessButton businessId={business.id} />}
          </div>
        </div>
      )}
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row">
        <aside className="md:w-52 md:shrink-0">
          <SidebarNav slug={business.slug} />
        </aside>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
