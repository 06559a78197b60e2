import { afterEach, describe, expect, it, vi } from 'vitest';
import { PreprocessedData, TOPICS, type PreprocessedDataPayload, type WsMessage } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, type Service } from '@vigie/service-kit';
import { CLOSE_TOO_SLOW } from '../src/adapters/ws-client';
import { FeedClient, startMonitoring, testConfig, wsUrl } from './helpers';

const toClose: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0).reverse()) await c.close();
});

/** ~4 KB of preprocessed samples for one asset. */
const batch = (assetId: string, from: number): PreprocessedDataPayload => ({
  assetId,
  sensorId: `${assetId}.vib`,
  unit: 'g',
  samples: Array.from({ length: 60 }, (_, i) => ({
    ts: from + i,
    value: 0.123456 + i,
    quality: 'good' as const,
    flags: ['filtered' as const],
  })),
});

async function setup(maxBufferedBytes: number) {
  const db = await PgliteDatabase.open();
  toClose.push(db);
  const bus = new InMemoryEventBus();
  toClose.push(bus);
  const service: Service = await startMonitoring(bus, db, testConfig({ wsMaxBufferedBytes: maxBufferedBytes }));
  toClose.push({ close: () => service.stop() });
  await service.listen(0, '127.0.0.1');
  const feed = new FeedClient(wsUrl(service.app.server.address()));
  toClose.push(feed);
  await feed.waitFor('snapshot');
  return { db, bus, service, feed };
}

/** Publishes `count` batches for `assetId` in chunks, returning the total JSON bytes published. */
async function flood(bus: InMemoryEventBus, assetId: string, count: number): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < count; i += 200) {
    const chunk = Array.from({ length: Math.min(200, count - i) }, (_, j) => {
      const data = batch(assetId, (i + j) * 60);
      bytes += JSON.stringify(data).length;
      return PreprocessedData.create({ source: 't', subject: assetId, data });
    });
    await publishEvents(bus, TOPICS.preprocessedData, chunk);
  }
  return bytes;
}

describe('/ws/monitoring with a client that stops reading', () => {
  it('drops raw events oldest first with a notice, keeps the connection and the newest events', async () => {
    const { bus, feed } = await setup(256 * 1024);
    feed.ws.send(JSON.stringify({ type: 'subscribe', topics: ['preprocessed-data'], assets: ['press-1'] }));
    await feed.waitFor('subscriptions');
    feed.ws.pause();
    const published = await flood(bus, 'press-1', 4000);
    const lastTs = 3999 * 60;
    await new Promise((r) => setTimeout(r, 500));
    feed.ws.resume();
    // Every event is accounted for (received or reported dropped) and the newest one arrived. Not "the last message":
    // a services update from the health poll may come after it.
    const settled = () => {
      const received = feed.messages.filter((m) => m.type === 'event').length;
      const dropped = feed.messages.reduce((sum, m) => sum + (m.type === 'dropped' ? m.count : 0), 0);
      const newest = feed.messages.some(
        (m) => m.type === 'event' && m.topic === 'preprocessed-data' && m.payload.samples[0]?.ts === lastTs,
      );
      return { accounted: received + dropped, newest };
    };
    await vi.waitFor(() => expect(settled()).toEqual({ accounted: 4000, newest: true }), 80_000);
    const received = feed.messages.filter((m) => m.type === 'event').length;
    const dropped = feed.messages
      .filter((m): m is Extract<WsMessage, { type: 'dropped' }> => m.type === 'dropped')
      .reduce((sum, m) => sum + m.count, 0);
    console.info(`published ${4000} events (${(published / 1e6).toFixed(1)} MB): received ${received}, dropped ${dropped}`);
    expect(dropped).toBeGreaterThan(0);
    expect(received + dropped).toBe(4000);
    expect(feed.ws.readyState).toBe(feed.ws.OPEN);
    // What arrived is in publication order (oldest dropped first, never reordered).
    const order = feed.messages.flatMap((m) =>
      m.type === 'event' && m.topic === 'preprocessed-data' ? [m.payload.samples[0]?.ts ?? -1] : [],
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }, 120_000);

  it('closes with 1013 when alerts no longer fit (alerts are never dropped); the client resumes the rest', async () => {
    const { db, service, feed } = await setup(64 * 1024);
    const closed = new Promise<number>((resolve) => feed.ws.on('close', (code) => resolve(code)));
    feed.ws.pause();
    // Many alert changes at once (straight into the table: the trigger numbers them; the hub polls them).
    await db.query(
      `INSERT INTO alerts (id, kind, severity, asset_id, service, message, raised_at)
       SELECT 'bulk-' || i, 'test_kind_' || i, 'info', 'asset-' || i, NULL, repeat('m', 1500), now() FROM generate_series(1, 6000) AS i`,
    );
    // The server gives up on the client (its socket is closing) …
    await vi.waitFor(() => expect([...service.app.websocketServer.clients].every((c) => c.readyState !== c.OPEN)).toBe(true), 30_000);
    feed.ws.resume();
    expect(await closed).toBe(CLOSE_TOO_SLOW);
    // … after sending alerts without a gap, and the client resumes the rest from the last seq it saw.
    const seqs = feed.messages.flatMap((m) => (m.type === 'alert' ? [m.seq] : []));
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs.length).toBeLessThan(6000);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const last = seqs.at(-1) ?? 0;
    const back = new FeedClient(`${wsUrl(service.app.server.address())}?sinceSeq=${last}`);
    toClose.push(back);
    const resumed = await back.waitFor('resumed', () => true, 30_000);
    console.info(`alerts: ${seqs.length} sent before 1013, ${resumed.count} resumed`);
    expect(resumed).toEqual({ type: 'resumed', sinceSeq: last, seq: 6000, count: 6000 - last });
  }, 90_000);
});
