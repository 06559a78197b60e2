import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AssetCatalog, createLogger } from '../src';

const asset = (id: string, type: string) => ({
  id,
  name: id,
  type,
  site: 's',
  area: 'a',
  line: 'l',
  latitude: null,
  longitude: null,
  sensors: [],
});

/** An ingestion stand-in on a real socket: answers the asset list it holds, or 503 while `down`. */
async function ingestion(): Promise<{ url: string; server: Server; state: { down: boolean; assets: unknown[] } }> {
  const state = { down: false, assets: [asset('P-1', 'centrifugal-pump')] as unknown[] };
  const server = createServer((_req, res) => {
    if (state.down) return void res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ assets: state.assets }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state };
}

describe('AssetCatalog (the ingestion asset list)', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('reads types, keeps the last list through an outage, and reports a change only when the list changed', async () => {
    const ing = await ingestion();
    server = ing.server;
    const warnings: string[] = [];
    const logger = createLogger('test', 'silent');
    logger.warn = ((_o: unknown, msg: string) => void warnings.push(msg)) as typeof logger.warn;
    const catalog = new AssetCatalog(ing.url, 2000, logger, 'asset list down; defaults apply');
    expect(await catalog.refresh()).toBe(true);
    expect(catalog.typeOf('P-1')).toBe('centrifugal-pump');
    expect(await catalog.refresh()).toBe(false);
    ing.state.down = true;
    expect(await catalog.refresh()).toBe(false);
    expect(await catalog.refresh()).toBe(false);
    expect(catalog.typeOf('P-1')).toBe('centrifugal-pump');
    expect(warnings).toEqual(['asset list down; defaults apply']);
    ing.state.down = false;
    ing.state.assets = [asset('P-1', 'centrifugal-pump'), asset('M-1', 'motor')];
    expect(await catalog.refresh()).toBe(true);
    expect(catalog.list().map((a) => a.id)).toEqual(['P-1', 'M-1']);
    expect(catalog.get('X')).toBeNull();
  });

  it('stays empty without an ingestion URL', async () => {
    const catalog = new AssetCatalog(null, 100, createLogger('test', 'silent'));
    expect(await catalog.refresh()).toBe(false);
    expect(catalog.list()).toEqual([]);
  });
});
