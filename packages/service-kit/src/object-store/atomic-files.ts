import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rmdir } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { ObjectStoreError } from './errors';

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Writes `body` to a fresh file in `tempDir` (same filesystem as the target, so the later rename is atomic). */
export async function writeTempFile(tempDir: string, body: Uint8Array, fsync: boolean): Promise<string> {
  await mkdir(tempDir, { recursive: true });
  const path = join(tempDir, randomUUID());
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(body);
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}

/** Renames `temp` onto `target`, creating its folders; a file/folder clash becomes OBJECT_KEY_CONFLICT. */
export async function moveIntoPlace(temp: string, target: string, bucket: string, key: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
      return;
    } catch (error) {
      const code = errno(error);
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
        throw new ObjectStoreError(
          'OBJECT_KEY_CONFLICT',
          { bucket, key, reason: 'a key is both an object and a folder of other keys' },
          { cause: error },
        );
      }
      // A concurrent delete of a sibling key may prune the folder between mkdir and rename: make it again.
      if (code !== 'ENOENT' || attempt >= 5) throw error;
    }
  }
}

/** Removes `dir` and its parents while they are empty, never `stopAt` itself or anything above it. */
export async function pruneEmptyFolders(dir: string, stopAt: string): Promise<void> {
  for (let current = dir; current.startsWith(stopAt + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (or already gone): the folders above are not empty either
    }
  }
}

/** Errors that mean "no file there" when reading or deleting an object's path. */
export function isAbsentPath(error: unknown): boolean {
  const code = errno(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
