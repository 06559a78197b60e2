import { describe, expect, it } from 'vitest';
import { resumeUrl, seqAfter } from '../../src/hooks/use-monitoring-socket';
import { alert } from '../fixtures';

describe('resuming the monitoring socket', () => {
  it('asks for the alert changes after the last seq seen, keeping the rest of the URL', () => {
    expect(resumeUrl('ws://localhost:8086/ws/monitoring', null)).toBe('ws://localhost:8086/ws/monitoring');
    expect(resumeUrl('ws://localhost:8086/ws/monitoring', 0)).toBe('ws://localhost:8086/ws/monitoring?sinceSeq=0');
    expect(resumeUrl('wss://plant.example/ws/monitoring?token=a', 42)).toBe('wss://plant.example/ws/monitoring?token=a&sinceSeq=42');
    expect(resumeUrl('ws://h/ws/monitoring?sinceSeq=3', 9)).toBe('ws://h/ws/monitoring?sinceSeq=9');
  });

  it('tracks the seq from the snapshot (authoritative), then the highest alert or resume seq', () => {
    let seq: number | null = null;
    seq = seqAfter(seq, { type: 'services', services: [] });
    expect(seq).toBeNull();
    seq = seqAfter(seq, { type: 'snapshot', seq: 7, services: [], assets: [], workOrders: [], alerts: [] });
    expect(seq).toBe(7);
    seq = seqAfter(seq, { type: 'alert', seq: 5, replayed: true, alert: alert({ id: 'a' }) });
    expect(seq).toBe(7);
    seq = seqAfter(seq, { type: 'alert', seq: 8, alert: alert({ id: 'b' }) });
    expect(seq).toBe(8);
    // A server whose alert history restarted: its snapshot wins even though lower.
    seq = seqAfter(seq, { type: 'snapshot', seq: 2, services: [], assets: [], workOrders: [], alerts: [] });
    expect(seq).toBe(2);
  });
});
