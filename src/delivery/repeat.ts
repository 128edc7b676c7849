// Runs a task now and then again `intervalMs` after each run ends (never two at once), until stopped.
export interface Repeating {
  stop(): Promise<void>;
}

/** `failed` hears of a round that threw (e.g. the database gone): the next round runs all the same. */
export function repeat(task: () => Promise<unknown>, intervalMs: number, failed: (error: unknown) => void = () => {}): Repeating {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = task()
      .catch(failed)
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
