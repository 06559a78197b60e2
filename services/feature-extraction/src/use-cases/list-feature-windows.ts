import type { z } from 'zod';
import type { FeaturesQuery } from '@vigie/contracts';
import { AppError } from '@vigie/service-kit';
import type { FeaturesRepository, PageKey } from '../adapters/features-repository';

type Query = z.infer<typeof FeaturesQuery>;

/** Opaque to clients: base64url of the page boundary and the order it was read in. */
export function encodeCursor(key: PageKey, order: Query['order']): string {
  return Buffer.from(JSON.stringify({ s: key.start, id: key.sensorId, o: order })).toString('base64url');
}

export function decodeCursor(cursor: string, order: Query['order']): PageKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = null;
  }
  const c = raw as { s?: unknown; id?: unknown; o?: unknown } | null;
  if (!c || !Number.isSafeInteger(c.s) || typeof c.id !== 'string' || (c.o !== 'latest' && c.o !== 'earliest')) {
    throw new AppError('VALIDATION_FAILED', 'Invalid query', {
      issues: [{ path: 'query.cursor', message: 'not a cursor this service issued' }],
    });
  }
  if (c.o !== order) {
    throw new AppError('VALIDATION_FAILED', 'Invalid query', {
      issues: [{ path: 'query.cursor', message: `the cursor continues order=${c.o}` }],
    });
  }
  return { start: c.s as number, sensorId: c.id };
}

/** One page of an asset's stored windows (oldest first) and the cursor of the next one. */
export async function listFeatureWindows(repo: FeaturesRepository, assetId: string, q: Query) {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.order);
  const page = await repo.byAsset(assetId, { from: q.from, to: q.to, sensorId: q.sensorId, limit: q.limit, order: q.order, after });
  return { assetId, windows: page.windows, ...(page.next ? { nextCursor: encodeCursor(page.next, q.order) } : {}) };
}
