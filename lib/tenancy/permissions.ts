import type { Role } from "@/db/schema";

export const roles = ["owner", "admin", "agent", "viewer"] as const satisfies readonly Role[];

/**
 * What each role may do, the single source of truth for authorisation. `docs/permissions.md`
 * shows the same matrix; a test keeps them in step.
 */
export const permissionMatrix = {
  "business.read": ["owner", "admin", "agent", "viewer"],
  "business.update": ["owner", "admin"],
  "business.archive": ["owner"],
  "members.read": ["owner", "admin", "agent", "viewer"],
  "members.invite": ["owner", "admin"],
  "members.manage": ["owner", "admin"],
  "stages.read": ["owner", "admin", "agent", "viewer"],
  "stages.write": ["owner", "admin"],
  "templates.read": ["owner", "admin", "agent", "viewer"],
  "templates.write": ["owner", "admin"],
  /** Staff send reply templates as canned responses in the console. */
  "templates.use": ["owner", "admin", "agent"],
  "agents.read": ["owner", "admin", "agent", "viewer"],
  "agents.write": ["owner", "admin"],
  "apiKeys.manage": ["owner", "admin"],
  "conversations.read": ["owner", "admin", "agent", "viewer"],
  /** Post messages, take over, hand back, assign, change stage, resolve. */
  "conversations.write": ["owner", "admin", "agent"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionMatrix;

export function can(role: Role, permission: Permission): boolean {
  return (permissionMatrix[permission] as readonly Role[]).includes(role);
}

/** Roles a member may hand out: only an owner makes owners. */
export function canGrant(granter: Role, role: Role): boolean {
  return role === "owner" ? granter === "owner" : can(granter, "members.manage");
}
