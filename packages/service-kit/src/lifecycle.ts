import type { Logger } from 'pino';

type Hook = () => Promise<void> | void;

/**
 * Start and shutdown hooks of one service. Shutdown hooks run in reverse registration order, so what started
 * last (consumers) stops first and the database closes last.
 */
export class Lifecycle {
  private readonly startHooks: Hook[] = [];
  private readonly shutdownHooks: Hook[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  onStart(hook: Hook): void {
    this.startHooks.push(hook);
  }

  onShutdown(hook: Hook): void {
    this.shutdownHooks.push(hook);
  }

  async start(): Promise<void> {
    for (const hook of this.startHooks) await hook();
  }

  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      for (const hook of [...this.shutdownHooks].reverse()) {
        try {
          await hook();
        } catch (err) {
          this.logger.error({ err }, 'shutdown hook failed');
        }
      }
    })();
    return this.stopping;
  }
}
