import { describe, expect, it } from 'vitest';
import { convert, normalizeReading } from '../src/domain/units';

const reading = (value: number | null, unit: string) => ({ assetId: 'A', sensorId: 'A.t', ts: 1, value, unit, quality: 'good' as const });

describe('unit conversion', () => {
  it('converts common field units to the declared ones', () => {
    expect(convert(212, '°F', '°C')).toBeCloseTo(100, 10);
    expect(convert(0, '°C', '°F')).toBeCloseTo(32, 10);
    expect(convert(300, 'K', '°C')).toBeCloseTo(26.85, 10);
    expect(convert(1, 'in/s', 'mm/s')).toBeCloseTo(25.4, 12);
    expect(convert(14.5037738, 'psi', 'bar')).toBeCloseTo(1, 6);
    expect(convert(250, 'kPa', 'bar')).toBeCloseTo(2.5, 12);
    expect(convert(100, 'gpm', 'm3/h')).toBeCloseTo(22.7124707, 6);
    expect(convert(25, 'Hz', 'rpm')).toBe(1500);
    expect(convert(5, 'bar', 'bar')).toBe(5);
    expect(convert(1, 'bar', '°C')).toBeNull();
  });

  it('normalises a reading to its sensor unit, and turns an unconvertible one into a visible gap', () => {
    expect(normalizeReading(reading(212, '°F'), '°C')).toMatchObject({ reading: { value: expect.closeTo(100, 10), unit: '°C' }, converted: true });
    expect(normalizeReading(reading(3, 'bar'), 'bar')).toEqual({ reading: reading(3, 'bar'), converted: false });
    const bad = normalizeReading(reading(3, 'bar'), 'mm/s');
    expect(bad).toMatchObject({ reading: { value: null, quality: 'bad', unit: 'mm/s' }, unconvertible: 'bar → mm/s' });
  });
});
