import { expect } from 'vitest';
import { shiftWindows, type PlanTechnician } from '../src/domain/planning';

interface Slot {
  readonly technicianId: string;
  readonly start: string | Date;
  readonly end: string | Date;
}

const ms = (d: string | Date): number => new Date(d).getTime();

/**
 * No technician holds two overlapping slots, and every slot lies inside one of its shifts within the horizon (or
 * runs past its end by at most `overtimeHours`).
 */
export function expectConsistentPlan(
  slots: readonly Slot[],
  technicians: readonly PlanTechnician[],
  from: Date,
  to: Date,
  overtimeHours = 0,
): void {
  const byTech = new Map<string, Slot[]>();
  for (const s of slots) byTech.set(s.technicianId, [...(byTech.get(s.technicianId) ?? []), s]);
  for (const [techId, own] of byTech) {
    const tech = technicians.find((t) => t.id === techId);
    expect(tech, `unknown technician ${techId}`).toBeDefined();
    const windows = shiftWindows(tech!, from.getTime(), to.getTime());
    const sorted = [...own].sort((a, b) => ms(a.start) - ms(b.start));
    sorted.forEach((s, i) => {
      expect(ms(s.end)).toBeGreaterThan(ms(s.start));
      const inside = windows.some((w) => ms(s.start) >= w.start && ms(s.end) <= w.end + overtimeHours * 3_600_000);
      expect(inside, `${techId} ${String(s.start)} outside its shifts`).toBe(true);
      const next = sorted[i + 1];
      if (next) expect(ms(next.start), `${techId} double-booked`).toBeGreaterThanOrEqual(ms(s.end));
    });
  }
}
