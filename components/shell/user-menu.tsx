import { signOutAction } from "@/app/actions/auth";
import type { PublicUser } from "@/lib/auth/accounts";

export function UserMenu({ user }: { user: PublicUser }) {
  return (
    <div className="flex items-center gap-3">
      <div className="hidden text-right text-sm sm:block">
        <p className="font-medium text-slate-900">{user.name}</p>
        <p className="text-xs text-slate-500">{user.email}</p>
      </div>
      <form action={signOutAction}>
        <button type="submit" className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
          Sign out
        </button>
      </form>
    </div>
  );
}
