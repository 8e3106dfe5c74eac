"use client";

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type StaffSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket per console page, authenticated by the session cookie. WebSocket only: its handshake
 * always carries the Origin header the server checks, which a same-origin polling GET does not.
 * `onConnect` runs on every (re)connection, so rooms are joined again after a network drop.
 */
export function useStaffSocket(onConnect: (socket: StaffSocket) => void): { socket: StaffSocket | null; connected: boolean } {
  const [socket, setSocket] = useState<StaffSocket | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const s: StaffSocket = io({ path: "/socket.io", transports: ["websocket"] });
    setSocket(s);
    s.on("connect", () => {
      setConnected(true);
      onConnect(s);
    });
    s.on("disconnect", (reason) => {
      setConnected(false);
      // The server ends a console's socket when the member's access changed: connect again, and rejoin under the new rights.
      if (reason === "io server disconnect") s.connect();
    });
    return () => {
      s.close();
    };
    // The socket lives as long as the page; onConnect reads the page's props, which do not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { socket, connected };
}
