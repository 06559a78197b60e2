import { AppError } from '../errors';

/** Where a newest-first page stopped: the last row's sort key (epoch ms, then id, both descending). */
export interface PageKey {
  t: number;
  id: string;
}

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** A cursor this service did not issue is a bad request (VALIDATION_FAILED on `query.cursor`), not a 500. */
export function decodeCursor(cursor: string): PageKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const key = raw as Partial<PageKey> | undefined;
  if (typeof key?.t !== 'number' || !Number.isFinite(key.t) || typeof key.id !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'Invalid query', {
      issues: [{ path: 'query.cursor', message: 'not a cursor this service issued' }],
    });
  }
  return { t: key.t, id: key.id };
}
