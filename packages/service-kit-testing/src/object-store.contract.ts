import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '@vigie/service-kit';

async function keysOf(store: ObjectStore, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.list(bucket, prefix)) keys.push(entry.key);
  return keys;
}

async function inBatches<T>(items: readonly T[], size: number, task: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(task));
}

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The behaviour every ObjectStore adapter must show. The bucket name carries a random suffix, so runs against a
 * long-lived server never collide; the objects are deleted afterwards. `factory` returns an open store.
 */
export function describeObjectStoreContract(name: string, factory: () => ObjectStore | Promise<ObjectStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    const bucket = `vigie-contract-${randomBytes(4).toString('hex')}`;
    let store: ObjectStore;

    beforeAll(async () => {
      store = await factory();
      await store.ensureBucket(bucket);
    });
    afterAll(async () => {
      const keys = await keysOf(store, bucket, '');
      await inBatches(keys, 32, (key) => store.delete(bucket, key));
      await store.close();
    });

    it('creates a bucket idempotently, even concurrently', async () => {
      const other = `${bucket}-b`;
      await Promise.all([store.ensureBucket(other), store.ensureBucket(other), store.ensureBucket(other)]);
      await store.ensureBucket(other);
      await store.put(other, 'probe', Buffer.from('x'));
      expect((await store.get(other, 'probe')).toString()).toBe('x');
      await store.delete(other, 'probe');
    });

    it('round-trips bytes, content type and metadata', async () => {
      const body = randomBytes(300_000);
      const put = await store.put(bucket, 'round/trip.bin', body, {
        contentType: 'application/vnd.apache.parquet',
        metadata: { 'asset-id': 'P-101', rows: '42' },
      });
      expect(put.etag).toBe(md5(body));
      const got = await store.get(bucket, 'round/trip.bin');
      expect(Buffer.isBuffer(got)).toBe(true);
      expect(got.equals(body)).toBe(true);
      const head = await store.head(bucket, 'round/trip.bin');
      expect(head).toMatchObject({
        size: body.length,
        etag: md5(body),
        contentType: 'application/vnd.apache.parquet',
        metadata: { 'asset-id': 'P-101', rows: '42' },
      });
      expect(head!.lastModified).toBeInstanceOf(Date);
      expect(Math.abs(head!.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      await store.put(bucket, 'round/empty', new Uint8Array(0));
      expect((await store.get(bucket, 'round/empty')).length).toBe(0);
      expect(await store.head(bucket, 'round/empty')).toMatchObject({ size: 0, contentType: 'application/octet-stream', metadata: {} });
    });

    it('overwrites bytes and metadata as a whole', async () => {
      await store.put(bucket, 'over/write', Buffer.from('first version'), { metadata: { v: '1', only: 'first' } });
      await store.put(bucket, 'over/write', Buffer.from('second'), { metadata: { v: '2' } });
      expect((await store.get(bucket, 'over/write')).toString()).toBe('second');
      expect(await store.head(bucket, 'over/write')).toMatchObject({ size: 6, etag: md5(Buffer.from('second')), metadata: { v: '2' } });
      expect((await store.head(bucket, 'over/write'))!.metadata).not.toHaveProperty('only');
    });

    it('answers null to head and OBJECT_NOT_FOUND to get of a missing object', async () => {
      expect(await store.head(bucket, 'missing/object')).toBeNull();
      await expect(store.get(bucket, 'missing/object')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
      // A key that is only a prefix of other keys is not an object either.
      await store.put(bucket, 'folder/child', Buffer.from('c'));
      expect(await store.head(bucket, 'folder')).toBeNull();
      await expect(store.get(bucket, 'folder')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    });

    it('answers BUCKET_NOT_FOUND for a bucket that does not exist', async () => {
      const missing = `${bucket}-none`;
      await expect(store.put(missing, 'k', Buffer.from('x'))).rejects.toMatchObject({ code: 'BUCKET_NOT_FOUND' });
      await expect(store.get(missing, 'k')).rejects.toMatchObject({ code: 'BUCKET_NOT_FOUND' });
      await expect(keysOf(store, missing, '')).rejects.toMatchObject({ code: 'BUCKET_NOT_FOUND' });
      expect(await store.head(missing, 'k')).toBeNull();
    });

    it('lists by prefix in UTF-8 order across more than one page (1,000 keys)', async () => {
      const keys = Array.from({ length: 1_050 }, (_, i) => `many/part-${String(i).padStart(4, '0')}.bin`);
      await inBatches(keys, 32, (key) => store.put(bucket, key, Buffer.from(key)));
      await store.put(bucket, 'many-sibling', Buffer.from('outside the prefix'));
      await store.put(bucket, 'manyx/also-outside', Buffer.from('outside the prefix'));
      const listed: { key: string; size: number }[] = [];
      for await (const e of store.list(bucket, 'many/')) listed.push({ key: e.key, size: e.size });
      expect(listed.map((e) => e.key)).toEqual(keys);
      expect(listed.every((e) => e.size === Buffer.byteLength(e.key))).toBe(true);
      // A prefix need not end on a folder boundary; the order is S3's (byte order), "-" before "/" before "x".
      expect(await keysOf(store, bucket, 'many/part-104')).toEqual(keys.slice(1040, 1050));
      const all = await keysOf(store, bucket, 'many');
      expect(all.length).toBe(1_052);
      expect([...all].sort(utf8Order)).toEqual(all);
      expect(all[0]).toBe('many-sibling');
      expect(await keysOf(store, bucket, 'nothing-here/')).toEqual([]);
    });

    it('deletes idempotently', async () => {
      await store.put(bucket, 'gone/soon', Buffer.from('bye'));
      await store.delete(bucket, 'gone/soon');
      expect(await store.head(bucket, 'gone/soon')).toBeNull();
      await expect(store.get(bucket, 'gone/soon')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
      await store.delete(bucket, 'gone/soon');
      await store.delete(bucket, 'never/existed');
      expect(await keysOf(store, bucket, 'gone/')).toEqual([]);
    });

    it('keeps keys with spaces, Unicode and URL-special characters', async () => {
      const keys = [
        'odd/with space.parquet',
        'odd/ünïcödé/日本語 ファイル.bin',
        'odd/plus+and&eq=?#%25.txt',
        'odd/quote\'"(1).csv',
        'odd/emoji-🚀',
      ];
      for (const key of keys) await store.put(bucket, key, Buffer.from(`body of ${key}`));
      for (const key of keys) expect((await store.get(bucket, key)).toString()).toBe(`body of ${key}`);
      expect(await keysOf(store, bucket, 'odd/')).toEqual([...keys].sort(utf8Order));
      expect(await keysOf(store, bucket, 'odd/ünïcödé/')).toEqual(['odd/ünïcödé/日本語 ファイル.bin']);
    });

    it('refuses keys that would escape the bucket or are not portable', async () => {
      for (const key of ['../escape', 'a/../../b', '/absolute', 'trailing/', 'a//b', './here', '', 'nul\u0000char']) {
        await expect(store.put(bucket, key, Buffer.from('x')), key).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
        await expect(store.get(bucket, key), key).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      }
      await expect(store.ensureBucket('Bad_Bucket')).rejects.toMatchObject({ code: 'BUCKET_NAME_INVALID' });
      await expect(store.put(bucket, 'k', Buffer.from('x'), { metadata: { Upper: 'x' } })).rejects.toMatchObject({
        code: 'OBJECT_METADATA_INVALID',
      });
      await expect(store.put(bucket, 'k', Buffer.from('x'), { metadata: { k: 'é' } })).rejects.toMatchObject({
        code: 'OBJECT_METADATA_INVALID',
      });
    });
  });
}
