import { DataType, DataValue, StatusCodes, resolveNodeId, type ClientSession, type StatusCode } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { eventually } from '@vigie/service-kit-testing';
import { startAcquisition, type AcquireOptions } from '../src/adapters/opcua/acquire';
import { createNodeHealth } from '../src/adapters/opcua/node-health';
import type { SourceNode } from '../src/adapters/opcua/types';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const nodes: SourceNode[] = ['A', 'B', 'C'].map((id) => ({ nodeId: resolveNodeId(`ns=2;s=${id}`), assetId: 'x', sensorId: `x.${id}`, unit: 'bar' }));

/**
 * A session whose subscription services answer as given; Read always works. Servers that
 * behave like this (subscriptions "supported" but no monitored item accepted, or the service
 * missing altogether) are embedded PLC servers we cannot start here, hence a fake.
 */
function fakeSession(answer: { createSubscription?: StatusCode; monitor?: (i: number) => StatusCode }) {
  const calls = { terminated: false, reads: 0 };
  let i = 0;
  const subscription = {
    monitor: async () => ({ statusCode: answer.monitor?.(i++) ?? StatusCodes.Good, on: () => undefined, terminate: async () => undefined }),
    terminate: async () => { calls.terminated = true; },
  };
  const session = {
    createSubscription2: async () => {
      if (!answer.createSubscription) return subscription;
      // The shape node-opcua gives a ServiceFault: the status travels on error.response.
      throw Object.assign(new Error(`serviceResult = ${answer.createSubscription.name}`), { response: { responseHeader: { serviceResult: answer.createSubscription } } });
    },
    read: async (items: unknown[]) => {
      calls.reads++;
      return items.map(() => new DataValue({ value: { dataType: DataType.Double, value: 1.5 }, sourceTimestamp: new Date(1000 + calls.reads) }));
    },
  };
  // Only the members startAcquisition uses exist: the cast says so.
  return { session: session as unknown as ClientSession, calls };
}

function options(seen: string[], health = createNodeHealth(quiet)): AcquireOptions {
  return {
    endpointUrl: 'opc.tcp://fake', mode: 'subscribe', publishingIntervalMs: 100, pollIntervalMs: 20, queueSize: 10,
    samplingIntervalMs: 0, onValue: (n) => seen.push(n.sensorId), health, logger: quiet,
  };
}

describe('subscribe, or fall back to polling', () => {
  it.each([StatusCodes.BadServiceUnsupported, StatusCodes.BadTooManySubscriptions])('polls when CreateSubscription fails with %s', async (status) => {
    const seen: string[] = [];
    const { session } = fakeSession({ createSubscription: status });
    const acquisition = await startAcquisition(session, nodes, options(seen));
    expect(acquisition).toMatchObject({ mode: 'poll', fallbackReason: `CreateSubscription refused: ${status.name}`, subscription: null });
    await eventually(() => seen.length >= 6, 2000);
    await acquisition.poller!.stop();
  });

  it.each([StatusCodes.BadServiceUnsupported, StatusCodes.BadTooManyMonitoredItems])('polls when every monitored item fails with %s', async (status) => {
    const seen: string[] = [];
    const { session, calls } = fakeSession({ monitor: () => status });
    const acquisition = await startAcquisition(session, nodes, options(seen));
    expect(acquisition).toMatchObject({ mode: 'poll', fallbackReason: `CreateMonitoredItems refused: ${status.name}` });
    expect(calls.terminated).toBe(true);
    await eventually(() => new Set(seen).size === 3, 2000);
    await acquisition.poller!.stop();
  });

  it('keeps the subscription when only one node is refused, and reports that node', async () => {
    const health = createNodeHealth(quiet);
    const { session } = fakeSession({ monitor: (i) => (i === 1 ? StatusCodes.BadNodeIdUnknown : StatusCodes.Good) });
    const acquisition = await startAcquisition(session, nodes, options([], health));
    expect(acquisition.mode).toBe('subscribe');
    expect(health.list()).toEqual([{ nodeId: 'ns=2;s=B', sensorId: 'x.B', error: 'BadNodeIdUnknown', since: expect.any(String) }]);
  });

  it('does not mistake an unrelated failure for a refusal', async () => {
    const { session } = fakeSession({ createSubscription: StatusCodes.BadSessionIdInvalid });
    await expect(startAcquisition(session, nodes, options([]))).rejects.toThrow(/BadSessionIdInvalid/);
  });
});
