import { AssetListResponse, type Asset } from '@vigie/contracts';
import type { Logger } from '@vigie/service-kit';

/**
 * The plant's asset list, fetched from ingestion-iiot's REST API. Keeps the last list it got: ingestion being
 * down (or not started yet) leaves assets described as they were, never empties the dashboard.
 */
export class AssetCatalog {
  #assets = new Map<string, Asset>();
  #failing = false;

  constructor(
    private readonly ingestionUrl: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  get(assetId: string): Asset | null {
    return this.#assets.get(assetId) ?? null;
  }

  list(): Asset[] {
    return [...this.#assets.values()];
  }

  /** Fetches the list; returns true when it changed. Never throws. */
  async refresh(): Promise<boolean> {
    const url = new URL('/api/v1/ingestion/assets', this.ingestionUrl);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = AssetListResponse.parse(await res.json());
      if (this.#failing) this.logger.info({ url: url.href }, 'asset list reachable again');
      this.#failing = false;
      const next = new Map(body.assets.map((a) => [a.id, a]));
      const changed = JSON.stringify([...next]) !== JSON.stringify([...this.#assets]);
      this.#assets = next;
      return changed;
    } catch (err) {
      // Logged once per outage, not every 10 s.
      const e = err as Error & { cause?: { code?: string } };
      if (!this.#failing) this.logger.warn({ url: url.href, err: e.cause?.code ?? e.message }, 'cannot fetch the asset list');
      this.#failing = true;
      return false;
    }
  }
}
