import { describe, expect, it } from 'vitest';
import { formatDate, formatHours, formatPercent, formatRelative, formatScore, formatSigma, formatTime, shortId } from '../src/format';
import { reconnectDelay } from '../src/state/backoff';
import { parseDashboardConfig } from '../src/state/dashboard-config';

describe('reconnectDelay', () => {
  const opts = (r: number) => ({ initialMs: 1_000, maxMs: 30_000, random: () => r });

  it('doubles per attempt and stays between half and the whole step', () => {
    expect([0, 1, 2].map((n) => reconnectDelay(n, opts(0)))).toEqual([500, 1_000, 2_000]);
    expect([0, 1, 2].map((n) => reconnectDelay(n, opts(0.5)))).toEqual([750, 1_500, 3_000]);
  });

  it('is capped', () => {
    expect(reconnectDelay(20, opts(0.999))).toBeLessThanOrEqual(30_000);
  });
});

describe('parseDashboardConfig', () => {
  it('accepts the shape the dashboard server provides', () => {
    const raw = { monitoringUrl: 'http://host:8086', wsUrl: 'ws://host:8086/ws/monitoring' };
    expect(parseDashboardConfig(raw)).toEqual(raw);
  });

  it.each([null, 'x', {}, { monitoringUrl: 'http://h', wsUrl: 'http://h/ws' }, { monitoringUrl: 1, wsUrl: 'ws://h' }])(
    'rejects %j',
    (raw) => expect(parseDashboardConfig(raw)).toBeNull(),
  );
});

describe('format', () => {
  it('formats numbers for the given locale', () => {
    expect(formatPercent(0.724, 'en-US')).toBe('72%');
    expect(formatPercent(null, 'en-US')).toBe('—');
    expect(formatScore(0.8, 'en-US')).toBe('0.80');
    expect(formatScore(0.876, 'fr-FR')).toBe('0,88');
    expect(formatHours(41.25, 'en-US')).toBe('41.3');
    expect(formatHours(1234.4, 'en-US')).toBe('1,234');
    expect(formatSigma(5.62, 'en-US')).toBe('+5.6σ');
    expect(formatSigma(-2, 'en-US')).toBe('-2.0σ');
  });

  it("shows only the time of day for today's events and the date for older ones", () => {
    const now = new Date(2025, 0, 10, 15, 0, 0);
    expect(formatTime(new Date(2025, 0, 10, 14, 5, 9).getTime(), 'en-GB', now)).toBe('14:05:09');
    expect(formatTime(new Date(2025, 0, 8, 14, 5).getTime(), 'en-GB', now)).toBe('08 Jan, 14:05');
    expect(formatTime('not a date', 'en-GB', now)).toBe('—');
  });

  it('formats due dates and short ids', () => {
    expect(formatDate(null)).toBe('—');
    const now = new Date(2025, 0, 10, 15, 0, 0);
    expect(formatDate('2025-01-15T12:00:00Z', 'en-GB', now)).toBe('15 Jan');
    expect(formatDate('2026-01-15T12:00:00Z', 'en-GB', now)).toBe('15 Jan 2026');
    expect(shortId('3f2a9c1e-1111-2222-3333-444455556666')).toBe('3f2a9c1e');
    expect(shortId('wo-42')).toBe('wo-42');
  });

  it('says how far a due date is, in the largest whole unit', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');
    expect(formatRelative('2025-01-10T18:00:00Z', now, 'en')).toBe('in 6 hr.');
    expect(formatRelative('2025-01-10T10:00:00Z', now, 'en')).toBe('2 hr. ago');
    expect(formatRelative('2025-01-13T12:00:00Z', now, 'en')).toBe('in 3 days');
    expect(formatRelative('2025-01-10T12:00:20Z', now, 'en')).toBe('this minute');
  });
});
