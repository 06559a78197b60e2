import type { Logger } from './logger';

export interface PeriodicTask {
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs `task` every `intervalMs`, never two at once (a slow run skips ticks), logging failures instead of throwing. */
export function periodic(intervalMs: number, task: () => Promise<unknown>, logger: Logger, what: string): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  return {
    start() {
      timer ??= setInterval(() => {
        if (running) return;
        running = task()
          .then(() => undefined)
          .catch((err: unknown) => logger.error({ err }, `${what} failed`))
          .finally(() => {
            running = null;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
