import { AssetListResponse } from '@vigie/contracts';
import type { Logger } from '@vigie/service-kit';

/**
 * The type of every asset, from ingestion-iiot's asset registry (GET /api/v1/ingestion/assets). Keeps the last list
 * it got: ingestion down or not started yet leaves types as they were (an asset never seen stays `default`).
 */
export class AssetTypes {
  #types = new Map<string, string>();
  #failing = false;

  constructor(
    private readonly ingestionUrl: string | null,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  typeOf(assetId: string): string | undefined {
    return this.#types.get(assetId);
  }

  /** Fetches the list; returns true when a type changed. Never throws. */
  async refresh(): Promise<boolean> {
    if (this.ingestionUrl === null) return false;
    const url = new URL('/api/v1/ingestion/assets', this.ingestionUrl);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = AssetListResponse.parse(await res.json());
      if (this.#failing) this.logger.info({ url: url.href }, 'asset list reachable again');
      this.#failing = false;
      const next = new Map(body.assets.map((a) => [a.id, a.type]));
      const changed = next.size !== this.#types.size || [...next].some(([id, type]) => this.#types.get(id) !== type);
      this.#types = next;
      return changed;
    } catch (err) {
      // Logged once per outage, not at every refresh.
      const e = err as Error & { cause?: { code?: string } };
      if (!this.#failing)
        this.logger.warn(
          { url: url.href, err: e.cause?.code ?? e.message },
          'cannot fetch the asset list; unknown assets use the default feature profile',
        );
      this.#failing = true;
      return false;
    }
  }
}
