import { describe, expect, it } from 'vitest';
import { AlarmPersistence } from '../src/domain/persistence';

const span = (i: number, width = 1000) => ({ windowStart: i * 1000, windowEnd: i * 1000 + width });
const normal = { anomalous: false, criticality: 'low' } as const;
const low = { anomalous: true, criticality: 'low' } as const;
const critical = { anomalous: true, criticality: 'critical' } as const;

describe('alarm persistence per sensor', () => {
  it('reports an anomalous window only after two in a row, and a single-window excursion never', () => {
    const p = new AlarmPersistence(2);
    expect([normal, low, normal, low, low, low].map((v, i) => p.admit('s', span(i), v))).toEqual([false, false, false, false, true, true]);
  });

  it('reports a critical window at once', () => {
    const p = new AlarmPersistence(3);
    expect(p.admit('s', span(0), critical)).toBe(true);
  });

  it('counts each sensor apart, restarts after a gap, and follows windows that slide by half their width', () => {
    const p = new AlarmPersistence(2);
    expect(p.admit('a', span(0), low)).toBe(false);
    expect(p.admit('b', span(1), low)).toBe(false);
    expect(p.admit('a', span(2), low)).toBe(false);
    expect(p.admit('a', span(3), low)).toBe(true);
    const slide = new AlarmPersistence(2);
    expect(slide.admit('v', { windowStart: 0, windowEnd: 2000 }, low)).toBe(false);
    expect(slide.admit('v', { windowStart: 1000, windowEnd: 3000 }, low)).toBe(true);
  });

  it('reports every anomalous window with a persistence of 1, and rejects a persistence that is not a count', () => {
    const p = new AlarmPersistence(1);
    expect(p.admit('s', span(0), low)).toBe(true);
    expect(() => new AlarmPersistence(0)).toThrow(RangeError);
    expect(() => new AlarmPersistence(1.5)).toThrow(RangeError);
  });
});
