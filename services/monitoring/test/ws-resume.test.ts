import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOPICS, type Alert, type WsMessage } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, silentLogger, type Service } from '@vigie/service-kit';
import { createMonitoringService } from '../src/service';
import { FeedClient, anomaly, events, rul, startMonitoring, testConfig, wsUrl } from './helpers';

type Of<T extends WsMessage['type']> = Extract<WsMessage, { type: T }>;

const toClose: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0).reverse()) await c.close();
});

async function open(service: Service, query = ''): Promise<FeedClient> {
  const feed = new FeedClient(`${wsUrl(service.app.server.address())}${query}`);
  toClose.push(feed);
  await feed.waitFor('snapshot');
  return feed;
}

async function allAlerts(service: Service): Promise<Alert[]> {
  return (await service.app.inject('/api/v1/monitoring/alerts?all=true')).json<{ alerts: Alert[] }>().alerts;
}

/** rul_low raised, cleared, raised again on one asset, each step stored before the next. */
async function raiseClearRaise(bus: InMemoryEventBus, service: Service, assetId: string, at: number): Promise<void> {
  const steps = [
    rul(assetId, { lower: 40, healthIndex: 0.3, predictedAt: at }),
    rul(assetId, { lower: 500, rul: 700, upper: 900, healthIndex: 0.95, predictedAt: at + 1 }),
    rul(assetId, { lower: 30, healthIndex: 0.2, predictedAt: at + 2 }),
  ];
  const expected = [1, 1, 2];
  for (const [i, step] of steps.entries()) {
    await publishEvents(bus, TOPICS.rulPredictions, [events.rul(step)]);
    await vi.waitFor(async () => {
      const mine = (await allAlerts(service)).filter((a) => a.assetId === assetId);
      expect(mine).toHaveLength(expected[i] ?? 0);
      if (i === 1) expect(mine[0]?.clearedAt).not.toBeNull();
    }, 10_000);
  }
}

describe('/ws/monitoring resume (?sinceSeq=)', () => {
  it('replays every alert change missed while away, in seq order, before live updates — across a restart', async () => {
    const db = await PgliteDatabase.open();
    toClose.push(db);
    const bus = new InMemoryEventBus();
    toClose.push(bus);
    const first = await startMonitoring(bus, db);
    toClose.push({ close: () => first.stop() });
    await first.listen(0, '127.0.0.1');

    const before = await open(first);
    const seen = before.messages[0] as Of<'snapshot'>;
    before.close();
    await raiseClearRaise(bus, first, 'fan-2', Date.now());

    const back = await open(first, `?sinceSeq=${seen.seq}`);
    const resumed = await back.waitFor('resumed');
    const types = back.messages.map((m) => m.type);
    expect(types.slice(0, 5)).toEqual(['snapshot', 'alert', 'alert', 'alert', 'resumed']);
    const replay = back.messages.slice(1, 4) as Of<'alert'>[];
    expect(replay.map((m) => m.seq)).toEqual([seen.seq + 1, seen.seq + 2, seen.seq + 3]);
    expect(replay.every((m) => m.replayed === true)).toBe(true);
    const [raised, cleared, again] = replay.map((m) => m.alert);
    expect(raised).toMatchObject({ kind: 'rul_low', assetId: 'fan-2', clearedAt: null });
    expect(cleared).toMatchObject({ id: raised?.id, clearedAt: expect.any(String) });
    expect(again).toMatchObject({ kind: 'rul_low', clearedAt: null });
    expect(again?.id).not.toBe(raised?.id);
    const snapshot = back.messages[0] as Of<'snapshot'>;
    expect(snapshot.seq).toBe(seen.seq + 3);
    expect(resumed).toEqual({ type: 'resumed', sinceSeq: seen.seq, seq: snapshot.seq, count: 3 });
    expect(snapshot.alerts.map((a) => a.id)).toEqual([again?.id]);

    // Live updates follow, numbered on.
    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(anomaly('fan-2'))]);
    const live = await back.waitFor('alert', (m) => m.alert.kind === 'anomaly_critical');
    expect(live.seq).toBe(snapshot.seq + 1);
    expect(live.replayed).toBeUndefined();
    back.close();

    // The numbering is in the database: a restarted service resumes the same history and counts on.
    await first.stop();
    const second = createMonitoringService({ bus, db, logger: silentLogger(), config: testConfig() });
    toClose.push({ close: () => second.stop() });
    await second.listen(0, '127.0.0.1');
    const afterRestart = await open(second, `?sinceSeq=${seen.seq}`);
    const again2 = await afterRestart.waitFor('resumed');
    expect(again2).toEqual({ type: 'resumed', sinceSeq: seen.seq, seq: live.seq, count: 4 });
    expect(afterRestart.messages.slice(1, 5).map((m) => (m as Of<'alert'>).alert.id)).toEqual([
      raised?.id,
      raised?.id,
      again?.id,
      live.alert.id,
    ]);
  });

  it('says so when the seq is unknown or malformed, and still serves the snapshot', async () => {
    const db = await PgliteDatabase.open();
    toClose.push(db);
    const bus = new InMemoryEventBus();
    toClose.push(bus);
    const service = await startMonitoring(bus, db);
    toClose.push({ close: () => service.stop() });
    await service.listen(0, '127.0.0.1');
    const ahead = await open(service, '?sinceSeq=99');
    expect(await ahead.waitFor('error')).toMatchObject({ code: 'WS_RESUME_UNKNOWN_SEQ' });
    const bad = await open(service, '?sinceSeq=-1');
    expect(await bad.waitFor('error')).toMatchObject({ code: 'WS_INVALID_MESSAGE' });
    expect(bad.messages[0]?.type).toBe('snapshot');
  });
});
