import { describe, expect, it } from 'vitest';
import { countByHealth, countByPriority, lowestRul, rulHistogram, withoutRul } from '../../src/pages/overview/overview-stats';
import { asset, rul, workOrder } from '../fixtures';

const withRul = (id: string, hours: number) => asset({ id, lastRul: rul({ predictionId: `r-${id}`, assetId: id, rul: hours }) });

describe('rulHistogram', () => {
  it('puts each asset in the bucket of its latest RUL, edges going to the upper bucket', () => {
    const assets = [
      withRul('a', 0),
      withRul('b', 23.9),
      withRul('c', 24),
      withRul('d', 71.99),
      withRul('e', 72),
      withRul('f', 167),
      withRul('g', 168),
      withRul('h', 671),
      withRul('i', 672),
      withRul('j', 50_000),
    ];
    expect(rulHistogram(assets).map((b) => [b.id, b.count])).toEqual([
      ['day', 2],
      ['threeDays', 2],
      ['week', 2],
      ['month', 2],
      ['later', 2],
    ]);
  });

  it('counts neither assets without a prediction nor a faulty (negative, NaN, infinite) estimate', () => {
    const assets = [
      asset({ id: 'none' }),
      withRul('neg', -1),
      withRul('nan', Number.NaN),
      withRul('inf', Number.POSITIVE_INFINITY),
      withRul('ok', 10),
    ];
    const total = rulHistogram(assets).reduce((n, b) => n + b.count, 0);
    expect(total).toBe(1);
    expect(withoutRul(assets)).toBe(1);
  });

  it('returns every bucket, empty ones at 0, for an empty plant', () => {
    expect(rulHistogram([]).map((b) => b.count)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('lowestRul', () => {
  it('lists the assets closest to failure first, ties by id, capped at the limit', () => {
    const assets = [withRul('z', 5), withRul('b', 300), asset({ id: 'none' }), withRul('a', 5), withRul('c', 2)];
    expect(lowestRul(assets, 3).map((a) => a.id)).toEqual(['c', 'a', 'z']);
    expect(lowestRul(assets, 0)).toEqual([]);
  });
});

describe('counts', () => {
  it('counts open work orders per priority, every priority present', () => {
    const orders = [workOrder({ id: '1', priority: 'P1' }), workOrder({ id: '2', priority: 'P3' }), workOrder({ id: '3', priority: 'P1' })];
    expect(countByPriority(orders)).toEqual({ P1: 2, P2: 0, P3: 1, P4: 0 });
  });

  it('counts assets per health state, every state present', () => {
    const assets = [asset({ id: 'a', status: 'alarm' }), asset({ id: 'b', status: 'ok' }), asset({ id: 'c', status: 'ok' })];
    expect(countByHealth(assets)).toEqual({ alarm: 1, warning: 0, ok: 2, unknown: 0 });
  });
});
