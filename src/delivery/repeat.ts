// Runs a task now and then again `intervalMs` after each run ends (never two at once), until stopped.
export interface Repeating {
  stop(): Promise<void>;
}

export function repeat(task: () => Promise<unknown>, intervalMs: number): Repeating {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = task()
      .catch(() => undefined) // a failed round is retried on the next one; the task reports its own errors
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
