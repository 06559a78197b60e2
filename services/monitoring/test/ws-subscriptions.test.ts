import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExtractedFeatures, SensorData, TOPICS, type SensorDataPayload, type WsMessage } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, type Service } from '@vigie/service-kit';
import { FeedClient, anomaly, events, features, rul, startMonitoring, wsUrl } from './helpers';

type Of<T extends WsMessage['type']> = Extract<WsMessage, { type: T }>;

/** Sends a client message and waits for the reply after it (subscriptions or error). */
async function request(feed: FeedClient, message: unknown): Promise<Of<'subscriptions'> | Of<'error'>> {
  const before = feed.messages.length;
  feed.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  const deadline = Date.now() + 5000;
  for (;;) {
    const reply = feed.messages.slice(before).find((m) => m.type === 'subscriptions' || m.type === 'error');
    if (reply) return reply as Of<'subscriptions'> | Of<'error'>;
    if (Date.now() > deadline) throw new Error('no reply');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sensorBatch = (assetId: string, sensorId: string, from: number, n: number): SensorDataPayload => ({
  assetId,
  sensorId,
  unit: 'g',
  samples: Array.from({ length: n }, (_, i) => ({ ts: from + i, value: from + i, quality: 'good' as const })),
});

describe('/ws/monitoring subscriptions', () => {
  let bus: InMemoryEventBus;
  let db: PgliteDatabase;
  let service: Service;
  const clients: FeedClient[] = [];

  // One service for the file (clients are independent; starting PGlite per test is slow on a shared machine).
  beforeAll(async () => {
    bus = new InMemoryEventBus();
    db = await PgliteDatabase.open();
    service = await startMonitoring(bus, db);
    await service.listen(0, '127.0.0.1');
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  afterAll(async () => {
    await service.stop();
    await bus.close();
    await db.close();
  });

  const connect = async (): Promise<FeedClient> => {
    const client = new FeedClient(wsUrl(service.app.server.address()));
    clients.push(client);
    await client.waitFor('snapshot');
    return client;
  };

  it('answers bad messages with a stable code and keeps the socket open', async () => {
    const feed = await connect();
    expect(await request(feed, 'not json')).toMatchObject({ type: 'error', code: 'WS_INVALID_JSON' });
    expect(await request(feed, { type: 'subscribe', topics: ['nope'] })).toMatchObject({ type: 'error', code: 'WS_INVALID_MESSAGE' });
    expect(await request(feed, { type: 'subscribe', topics: ['sensor-data'] })).toMatchObject({
      type: 'error',
      code: 'WS_ASSETS_REQUIRED',
      message: expect.stringContaining('sensor-data'),
    });
    const many = Array.from({ length: 51 }, (_, i) => `a-${i}`);
    expect(await request(feed, { type: 'subscribe', topics: ['rul-predictions'], assets: many })).toMatchObject({
      type: 'error',
      code: 'WS_TOO_MANY_ASSETS',
    });
    expect(await request(feed, { type: 'unsubscribe', topics: ['asset'], assets: ['a'] })).toMatchObject({
      type: 'error',
      code: 'WS_INVALID_MESSAGE',
    });
    // A rejected message changed nothing; 50 assets are fine, and the socket still works.
    const ok = await request(feed, { type: 'subscribe', topics: ['rul-predictions'], assets: many.slice(0, 50) });
    expect(ok.type).toBe('subscriptions');
    expect(ok.type === 'subscriptions' && ok.subscriptions.find((s) => s.topic === 'rul-predictions')?.assets).toHaveLength(50);
    expect(feed.ws.readyState).toBe(feed.ws.OPEN);
  });

  it('relays raw streams only on request and only for the assets asked, next to the default entity topics', async () => {
    const feed = await connect();
    const other = await connect();
    const reply = await request(feed, { type: 'subscribe', topics: ['extracted-features', 'anomalies-detected'], assets: ['pump-1'] });
    expect(reply).toMatchObject({ type: 'subscriptions' });

    const mine = features('pump-1', Date.now());
    await publishEvents(bus, TOPICS.extractedFeatures, [
      ExtractedFeatures.create({ source: 't', subject: 'fan-9', data: features('fan-9', Date.now()) }),
    ]);
    await publishEvents(bus, TOPICS.extractedFeatures, [events.features(mine)]);
    const critical = anomaly('pump-1');
    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(critical)]);

    const relayed = await feed.waitFor('event', (m) => m.topic === 'extracted-features');
    expect(relayed).toEqual({ type: 'event', topic: 'extracted-features', assetId: 'pump-1', payload: mine });
    const detected = await feed.waitFor('event', (m) => m.topic === 'anomalies-detected');
    expect(detected.payload).toEqual(critical);
    // The default entity feed still flows: anomaly, asset, alert.
    await feed.waitFor('alert', (m) => m.alert.kind === 'anomaly_critical');
    await other.waitFor('alert', (m) => m.alert.kind === 'anomaly_critical');
    expect(feed.messages.filter((m) => m.type === 'event' && m.assetId === 'fan-9')).toEqual([]);
    expect(other.messages.filter((m) => m.type === 'event')).toEqual([]);

    // Unsubscribing stops the stream.
    await request(feed, { type: 'unsubscribe', topics: ['extracted-features'] });
    await publishEvents(bus, TOPICS.extractedFeatures, [events.features(features('pump-1', Date.now() + 1000))]);
    await publishEvents(bus, TOPICS.rulPredictions, [events.rul(rul('pump-1'))]);
    await feed.waitFor('rul');
    expect(feed.messages.filter((m) => m.type === 'event' && m.topic === 'extracted-features')).toHaveLength(1);
  });

  it('narrows entity topics to the assets asked for', async () => {
    const feed = await connect();
    await request(feed, { type: 'unsubscribe', topics: ['rul', 'asset'] });
    const reply = await request(feed, { type: 'subscribe', topics: ['rul'], assets: ['mill-1'] });
    expect(reply.type === 'subscriptions' && reply.subscriptions.find((s) => s.topic === 'rul')).toEqual({
      topic: 'rul',
      assets: ['mill-1'],
    });
    await publishEvents(bus, TOPICS.rulPredictions, [events.rul(rul('mill-2')), events.rul(rul('mill-1'))]);
    await feed.waitFor('rul', (m) => m.prediction.assetId === 'mill-1');
    await feed.waitFor('alert', (m) => m.alert.assetId === 'mill-2'); // alerts were not narrowed
    expect(feed.messages.filter((m) => m.type === 'rul').map((m) => m.type === 'rul' && m.prediction.assetId)).toEqual(['mill-1']);
    expect(feed.messages.filter((m) => m.type === 'asset')).toEqual([]);
  });

  it('decimates sensor data to at most ~2 Hz per (asset, sensor), keeping the latest value', async () => {
    const feed = await connect();
    await request(feed, { type: 'subscribe', topics: ['sensor-data'], assets: ['press-1'] });
    const started = Date.now();
    let ts = 1_000_000;
    // 40 batches of 100 samples over ~1 s on one sensor, plus one batch on another sensor.
    for (let i = 0; i < 40; i++) {
      await publishEvents(bus, TOPICS.sensorData, [
        SensorData.create({ source: 't', subject: 'press-1', data: sensorBatch('press-1', 'press-1.vib', ts, 100) }),
      ]);
      ts += 100;
      await new Promise((r) => setTimeout(r, 25));
    }
    await publishEvents(bus, TOPICS.sensorData, [
      SensorData.create({ source: 't', subject: 'press-1', data: sensorBatch('press-1', 'press-1.temp', 0, 5) }),
    ]);
    const last = ts - 1;
    await feed.waitFor('event', (m) => m.topic === 'sensor-data' && m.payload.samples.at(-1)?.ts === last);
    const elapsed = Date.now() - started;
    const vib = feed.messages.filter(
      (m): m is Of<'event'> & { topic: 'sensor-data' } =>
        m.type === 'event' && m.topic === 'sensor-data' && m.payload.sensorId === 'press-1.vib',
    );
    // ≤ 2 per second of wall time (+1 for the first), each one sample: the latest of its batch.
    expect(vib.length).toBeLessThanOrEqual(Math.floor(elapsed / 500) + 2);
    expect(vib.length).toBeGreaterThanOrEqual(2);
    for (const m of vib) expect(m.payload.samples).toHaveLength(1);
    const temp = await feed.waitFor('event', (m) => m.topic === 'sensor-data' && m.payload.sensorId === 'press-1.temp');
    expect(temp.topic === 'sensor-data' && temp.payload.samples).toEqual([{ ts: 4, value: 4, quality: 'good' }]);
  });
});
