import { processWide } from "@/lib/process-wide";

/**
 * Work queued by key, one piece at a time per key and in arrival order: each runs after the one
 * before it for the same key has settled, whether that succeeded or failed. Keys of different
 * queues never meet; the queues are process-wide (see process-wide.ts).
 */
export function oneAtATime(queue: string) {
  const running = processWide(`queue.${queue}`, () => new Map<string, Promise<unknown>>());
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (running.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    running.set(key, next);
    void next.catch(() => undefined).finally(() => running.get(key) === next && running.delete(key));
    return next;
  };
}
