/** The messages the loader (host page) and the frame (Parley) exchange with postMessage. */
export type FrameTheme = { color: string; position: "left" | "right"; launcherText: string };

/**
 * Who the host page says the visitor is (`Parley('identify', …)`). `signature` (the hex
 * HMAC-SHA256 of `userId` with the business's widget secret) or `jwt` (HS256, signed with the
 * same secret, `sub` = the user id) makes it verified; see docs/widget.md.
 */
export type Identity = { userId: string; name?: string; email?: string; signature?: string; jwt?: string };

export type FrameToHost =
  | { type: "parley:ready"; theme: FrameTheme }
  | { type: "parley:close" }
  | { type: "parley:message"; message: { role: string; content: string } }
  /** The frame's state, kept by the host page when the browser denies the frame storage of its own. */
  | { type: "parley:store"; state: string };

export type HostToFrame =
  | { type: "parley:open" }
  | { type: "parley:close" }
  | { type: "parley:state"; state: string | null }
  | { type: "parley:identify"; identity: Identity };
