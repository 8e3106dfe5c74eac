/**
 * Whether any staff member of a business has the console open, on any instance. The socket
 * server registers how to tell (it knows the rooms); route handlers in the same process ask here.
 * With no socket server (a test of a route alone) nobody is online.
 */
type StaffPresence = (businessId: string) => Promise<boolean>;

const key = Symbol.for("parley.staffPresence");
type Holder = { [key]?: StaffPresence };

export function registerStaffPresence(presence: StaffPresence | undefined): void {
  (globalThis as Holder)[key] = presence;
}

export function staffOnline(businessId: string): Promise<boolean> {
  return (globalThis as Holder)[key]?.(businessId) ?? Promise.resolve(false);
}
