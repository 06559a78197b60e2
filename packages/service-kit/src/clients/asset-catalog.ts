import { AssetListResponse, type Asset } from '@vigie/contracts';
import type { Logger } from '../logger';
import { fetchWithToken, type TokenProvider } from './client-credentials';

/**
 * The plant's asset list, fetched from ingestion-iiot's registry (GET /api/v1/ingestion/assets) by the services that
 * describe assets (monitoring) or pick per-type settings (feature-extraction). Keeps the last list it got: ingestion
 * down or not started yet leaves assets as they were, never empties the list. Without an ingestion URL it stays empty.
 * With authentication on, the calling service's own token goes with the request (`tokenProvider`, the service's client
 * credentials); a 401 renews it once.
 */
export class AssetCatalog {
  #assets = new Map<string, Asset>();
  #failing = false;

  constructor(
    private readonly ingestionUrl: string | null,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    /** What an outage means for the caller, logged once per outage. */
    private readonly outageNote = 'cannot fetch the asset list',
    private readonly tokenProvider: TokenProvider | null = null,
  ) {}

  get(assetId: string): Asset | null {
    return this.#assets.get(assetId) ?? null;
  }

  /** The asset's type (`centrifugal-pump`, `motor`, …), undefined for an asset not in the list. */
  typeOf(assetId: string): string | undefined {
    return this.#assets.get(assetId)?.type;
  }

  list(): Asset[] {
    return [...this.#assets.values()];
  }

  /** Fetches the list; returns true when it changed. Never throws. */
  async refresh(): Promise<boolean> {
    if (this.ingestionUrl === null) return false;
    const url = new URL('/api/v1/ingestion/assets', this.ingestionUrl);
    try {
      const res = await fetchWithToken(this.tokenProvider, url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = AssetListResponse.parse(await res.json());
      if (this.#failing) this.logger.info({ url: url.href }, 'asset list reachable again');
      this.#failing = false;
      const next = new Map(body.assets.map((a) => [a.id, a]));
      const changed = JSON.stringify([...next]) !== JSON.stringify([...this.#assets]);
      this.#assets = next;
      return changed;
    } catch (err) {
      // Logged once per outage, not at every refresh.
      const e = err as Error & { cause?: { code?: string } };
      if (!this.#failing) this.logger.warn({ url: url.href, err: e.cause?.code ?? e.message }, this.outageNote);
      this.#failing = true;
      return false;
    }
  }
}
