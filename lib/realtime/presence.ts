import { processWide } from "@/lib/process-wide";

/**
 * What services (route handlers, server actions) need of the socket server in the same process:
 * whether any staff member of a business has the console open, on any instance; and to make a
 * user's console sockets connect again after their access changed, so every room is joined
 * again under the new rights. The socket server registers both; with none (a test of a route
 * alone) nobody is online and there is nothing to reconnect.
 */
type StaffRealtime = {
  online: (businessId: string) => Promise<boolean>;
  reconnect: (userId: string) => void;
};

const registry = () => processWide<{ current?: StaffRealtime }>("realtime.staff", () => ({}));

export function registerStaffRealtime(staff: StaffRealtime | undefined): void {
  registry().current = staff;
}

export function staffOnline(businessId: string): Promise<boolean> {
  return registry().current?.online(businessId) ?? Promise.resolve(false);
}

/** After a member's role changed or they were removed: their open consoles reconnect and rejoin only what they may. */
export function reconnectStaff(userId: string): void {
  registry().current?.reconnect(userId);
}
