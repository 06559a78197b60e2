import { afterEach, describe, expect, it } from 'vitest';
import { TOPICS, type CloudEvent } from '@vigie/contracts';
import { InMemoryEventBus, silentLogger, type OutgoingMessage } from '@vigie/service-kit';
import { countUnpublished } from '../src/adapters/outbox';
import { parseConfig } from '../src/config';
import { RuleBook } from '../src/use-cases/rule-book';
import { createMaintenanceOrchestratorService } from '../src/service';
import { applyAnomaly } from '../src/use-cases/apply-anomaly';
import { anomaly, NOW, startHarness, workOrderEvents, type Harness } from './support';

/** A bus whose publishes to `work-orders` fail while `down` is set, as a broker outage would. */
class FlakyBus extends InMemoryEventBus {
  down = false;
  override async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.down && topic === TOPICS.workOrders) throw new Error('broker unavailable');
    return super.publish(topic, messages);
  }
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** The deps of a "crashed" process: its transactions commit, but its relay never runs. */
const crashedDeps = () => ({
  db: h.db,
  relay: { afterCommit: async () => undefined },
  config: parseConfig(),
  rules: new RuleBook(),
  clock: () => NOW,
});

describe('outbox relay', () => {
  it('publishes after a crash between commit and publish: the next start sends the committed rows', async () => {
    h = await startHarness();
    const crashed = crashedDeps();
    await applyAnomaly(crashed, anomaly({ assetId: 'a-1' }));
    await applyAnomaly(crashed, anomaly({ assetId: 'a-2' }));
    expect(workOrderEvents(h.bus)).toHaveLength(0);
    expect(await countUnpublished(h.db)).toBe(2);
    const { rows } = await h.db.query<{ payload: CloudEvent<unknown> }>('SELECT payload FROM outbox ORDER BY id');

    const restarted = createMaintenanceOrchestratorService({ bus: h.bus, db: h.db, logger: silentLogger() });
    await restarted.start();
    try {
      expect(await countUnpublished(h.db)).toBe(0);
      const events = workOrderEvents(h.bus);
      expect(events.map((e) => e.id).sort()).toEqual(rows.map((r) => r.payload.id).sort());
      expect(await restarted.relay.runOnce()).toBe(0);
      expect(workOrderEvents(h.bus)).toHaveLength(2);
    } finally {
      await restarted.stop();
    }
  });

  it('keeps rows queued while the bus is down and sends them, in order, once it is back', async () => {
    const bus = new FlakyBus();
    h = await startHarness({ bus });
    bus.down = true;
    const ids: string[] = [];
    for (const title of ['first', 'second', 'third']) {
      const res = await h.service.app.inject({ method: 'POST', url: '/api/v1/work-orders', payload: { assetId: 'belt-1', title } });
      expect(res.statusCode).toBe(201);
      ids.push((res.json() as { id: string }).id);
    }
    expect(await countUnpublished(h.db)).toBe(3);
    await expect(h.service.relay.runOnce()).rejects.toThrow('broker unavailable');
    bus.down = false;
    expect(await h.service.relay.runOnce()).toBe(3);
    expect(workOrderEvents(h.bus).map((e) => e.data.workOrder.id)).toEqual(ids);
    expect(await countUnpublished(h.db)).toBe(0);
  });

  it('publishes in batches until the outbox is empty', async () => {
    h = await startHarness({ config: { outbox: { batchSize: 2 } } });
    const crashed = crashedDeps();
    for (let i = 0; i < 5; i++) await applyAnomaly(crashed, anomaly({ assetId: `m-${i}` }));
    expect(await h.service.relay.runOnce()).toBe(5);
    expect(workOrderEvents(h.bus)).toHaveLength(5);
  });
});
