import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeObjectStoreContract } from '@vigie/service-kit-testing';
import { FilesystemObjectStore, listAll } from '../src/object-store/index';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vigie-objects-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

// fsync off: the contract writes ~1,100 objects and durability is not what it checks.
describeObjectStoreContract('filesystem', async () => FilesystemObjectStore.fromConfig({ root: await freshRoot(), fsync: false }));

describe('FilesystemObjectStore', () => {
  it('lays objects out as ordinary files, with metadata in a mirrored sidecar tree', async () => {
    const root = await freshRoot();
    const store = FilesystemObjectStore.fromConfig({ root });
    await store.ensureBucket('raw-sensor-data');
    await store.put('raw-sensor-data', 'date=2024-03-01/asset_id=P-101/hour=13/part-1.parquet', Buffer.from('PAR1'), {
      metadata: { rows: '3' },
    });
    expect(await readFile(join(root, 'raw-sensor-data/date=2024-03-01/asset_id=P-101/hour=13/part-1.parquet'), 'utf8')).toBe('PAR1');
    const sidecar = JSON.parse(
      await readFile(join(root, '.meta/raw-sensor-data/date=2024-03-01/asset_id=P-101/hour=13/part-1.parquet'), 'utf8'),
    );
    expect(sidecar).toMatchObject({ contentType: 'application/octet-stream', metadata: { rows: '3' }, size: 4 });
    expect(await readdir(join(root, '.tmp'))).toEqual([]); // no temporary file survives a put
  });

  it('refuses a key segment longer than a file name may be', async () => {
    const store = FilesystemObjectStore.fromConfig({ root: await freshRoot() });
    await store.ensureBucket('b05');
    await store.put('b05', `ok/${'é'.repeat(127)}`, Buffer.from('254 bytes')); // 2 bytes per é in UTF-8
    await expect(store.put('b05', `long/${'é'.repeat(128)}`, Buffer.from('x'))).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
  });

  it('sees what another instance on the same directory wrote', async () => {
    const root = await freshRoot();
    const writer = FilesystemObjectStore.fromConfig({ root });
    await writer.ensureBucket('b01');
    await writer.put('b01', 'k/1', Buffer.from('persisted'), { metadata: { a: 'b' } });
    const reader = FilesystemObjectStore.fromConfig({ root });
    expect((await reader.get('b01', 'k/1')).toString()).toBe('persisted');
    expect((await reader.head('b01', 'k/1'))?.metadata).toEqual({ a: 'b' });
  });

  it('reports a file/folder clash as OBJECT_KEY_CONFLICT and stays usable after deletes', async () => {
    const store = FilesystemObjectStore.fromConfig({ root: await freshRoot(), fsync: false });
    await store.ensureBucket('b02');
    await store.put('b02', 'a', Buffer.from('file'));
    await expect(store.put('b02', 'a/b', Buffer.from('x'))).rejects.toMatchObject({ code: 'OBJECT_KEY_CONFLICT' });
    await store.delete('b02', 'a');
    await store.put('b02', 'a/b', Buffer.from('x'));
    await expect(store.put('b02', 'a', Buffer.from('x'))).rejects.toMatchObject({ code: 'OBJECT_KEY_CONFLICT' });
    await store.delete('b02', 'a/b'); // prunes the empty folder `a`, so `a` can be an object again
    await store.put('b02', 'a', Buffer.from('again'));
    expect(await listAll(store, 'b02')).toMatchObject([{ key: 'a', size: 5 }]);
  });

  it('serialises writers of one key, so bytes and sidecar always agree', async () => {
    const store = FilesystemObjectStore.fromConfig({ root: await freshRoot(), fsync: false });
    await store.ensureBucket('b03');
    const bodies = Array.from({ length: 20 }, (_, i) => Buffer.from(`version ${i} `.repeat(i + 1)));
    await Promise.all(bodies.map((body, i) => store.put('b03', 'hot', body, { metadata: { v: String(i) } })));
    const [bytes, head] = await Promise.all([store.get('b03', 'hot'), store.head('b03', 'hot')]);
    expect(head?.size).toBe(bytes.length);
    expect(bodies[Number(head?.metadata.v)]?.equals(bytes)).toBe(true);
  });

  it('does not trust a sidecar that describes another version of the file', async () => {
    const root = await freshRoot();
    const store = FilesystemObjectStore.fromConfig({ root });
    await store.ensureBucket('b04');
    await store.put('b04', 'k', Buffer.from('old'), { metadata: { v: 'old' } });
    // What a crash between the data and the sidecar renames would leave: new bytes beside the old sidecar.
    await writeFile(join(root, 'b04/k'), 'newer bytes');
    await utimes(join(root, 'b04/k'), new Date(), new Date(Date.now() + 5_000));
    const head = await store.head('b04', 'k');
    expect(head).toMatchObject({ size: 11, metadata: {} });
    expect(head?.etag).toBe(createHash('md5').update('newer bytes').digest('hex'));
  });
});
