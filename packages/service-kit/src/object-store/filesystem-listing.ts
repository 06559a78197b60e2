import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectListEntry } from './object-store';

const byteOrder = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Yields the objects under `dir` whose key starts with `prefix`, in S3's order (UTF-8 bytes of the whole key),
 * without reading the whole tree first: a directory sorts as its name plus `/`, so a depth-first walk over sorted
 * entries visits keys in global order. Directories that cannot contain the prefix are never opened.
 */
export async function* walkObjects(dir: string, prefix: string, relative = ''): AsyncGenerator<ObjectListEntry> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return; // deleted while we walked: nothing left to list there
    throw error;
  }
  const sorted = entries
    .filter((e) => e.isDirectory() || e.isFile())
    .map((entry) => ({ entry, order: Buffer.from(entry.isDirectory() ? `${entry.name}/` : entry.name, 'utf8') }))
    .sort((a, b) => byteOrder(a.order, b.order));
  for (const { entry } of sorted) {
    const key = relative + entry.name;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const dirKey = `${key}/`;
      if (dirKey.startsWith(prefix) || prefix.startsWith(dirKey)) yield* walkObjects(path, prefix, dirKey);
      continue;
    }
    if (!key.startsWith(prefix)) continue;
    try {
      const info = await stat(path);
      yield { key, size: info.size, lastModified: info.mtime };
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}
