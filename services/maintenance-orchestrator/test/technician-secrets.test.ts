import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaintenancePlanSchema, TechnicianListResponse, type Technician } from '@vigie/contracts';
import {
  createLogger,
  generateDataKey,
  InMemoryEventBus,
  isSealed,
  Keyring,
  PgliteDatabase,
  REDACTED,
  runMigrations,
  silentLogger,
  type Logger,
} from '@vigie/service-kit';
import { insertTechnician, type TechnicianRow } from '../src/adapters/planning-repository';
import { migrations } from '../src/migrations';
import { createMaintenanceOrchestratorService, type MaintenanceOrchestratorService } from '../src/service';
import { DEMO_TECHNICIANS } from '../src/use-cases/seed-demo-technicians';
import { NOW } from './support';

/**
 * Technicians' personal data at rest (issue 9): name, email and phone are sealed in the `technicians` table, opened
 * only for GET /api/v1/technicians, with key rotation and clear error codes; the planner plans without any key that
 * opens them; no log line carries them in clear.
 */
const [k1Spec, k2Spec] = [generateDataKey('k1'), generateDataKey('k2')];
const ringOld = Keyring.fromConfig({ keys: k1Spec });
const ringRotated = Keyring.fromConfig({ keys: `${k2Spec},${k1Spec}` });
const ringNewOnly = Keyring.fromConfig({ keys: k2Spec });

const capture = (lines: string[]): Logger =>
  createLogger('maintenance-orchestrator', 'debug', { write: (l: string) => void lines.push(l) });

const PERSONAL = ['name', 'email', 'phone'] as const;
const clearValues = (t: TechnicianRow): string[] => [t.name, t.email, t.phone].filter((v): v is string => typeof v === 'string');

let db: PgliteDatabase;
let bus: InMemoryEventBus;
const running: MaintenanceOrchestratorService[] = [];

beforeEach(async () => {
  db = await PgliteDatabase.open();
  bus = new InMemoryEventBus();
});
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  await bus.close();
  await db.close();
});

async function boot(
  secrets: Keyring | undefined,
  options: { demo?: boolean; logger?: Logger } = {},
): Promise<MaintenanceOrchestratorService> {
  const service = createMaintenanceOrchestratorService({
    bus,
    db,
    logger: options.logger ?? silentLogger(),
    ...(secrets ? { secrets } : {}),
    config: { outbox: { pollIntervalMs: 60_000 }, demoTechnicians: options.demo ?? false, planning: { solverTimeLimitSeconds: 2 } },
    clock: () => NOW,
  });
  await service.start();
  running.push(service);
  return service;
}

async function stop(service: MaintenanceOrchestratorService): Promise<void> {
  running.splice(running.indexOf(service), 1);
  await service.stop();
}

type Raw = { id: string; name: string; email: string | null; phone: string | null; whole: string };
const raw = async (): Promise<Raw[]> =>
  (await db.query<Raw>('SELECT id, name, email, phone, t::text AS whole FROM technicians t ORDER BY id')).rows;
const keyIdOf = (sealed: string | null): string | undefined => sealed?.split(':')[1];

async function technicians(service: MaintenanceOrchestratorService): Promise<Technician[]> {
  const res = await service.app.inject({ method: 'GET', url: '/api/v1/technicians' });
  expect(res.statusCode, res.body).toBe(200);
  return TechnicianListResponse.parse(res.json()).technicians;
}

async function errorCode(service: MaintenanceOrchestratorService): Promise<[number, string]> {
  const res = await service.app.inject({ method: 'GET', url: '/api/v1/technicians' });
  return [res.statusCode, (res.json() as { error: { code: string } }).error.code];
}

const extra: TechnicianRow = {
  id: 'tech-99',
  name: 'Inès Fabre',
  email: 'ines.fabre@example.org',
  phone: '+33 7 11 22 33 44',
  skills: ['mechanical'],
  shiftStart: '07:00',
  shiftEnd: '15:00',
  site: 'main',
};

describe('technicians at rest', () => {
  it('stores name, email and phone sealed; the raw table holds none of them in clear', async () => {
    await boot(ringOld, { demo: true });
    const rows = await raw();
    expect(rows.map((r) => r.id)).toEqual(DEMO_TECHNICIANS.map((t) => t.id));
    for (const row of rows) {
      for (const field of PERSONAL) expect(isSealed(row[field]), `${row.id}.${field}`).toBe(true);
      for (const t of DEMO_TECHNICIANS) for (const clear of clearValues(t)) expect(row.whole).not.toContain(clear);
    }
    // Each value under its own random IV: two equal plaintexts never give equal ciphertexts.
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it('answers the API with the personal data in clear', async () => {
    const service = await boot(ringOld, { demo: true });
    const list = await technicians(service);
    const personal = (t: Pick<Technician, 'id' | 'name' | 'email' | 'phone' | 'skills' | 'site'>) => [
      t.id,
      t.name,
      t.email,
      t.phone,
      t.skills,
      t.site,
    ];
    expect(list.map(personal)).toEqual(DEMO_TECHNICIANS.map(personal));
    expect(list.every((t, i) => t.shiftStart.startsWith(DEMO_TECHNICIANS[i]!.shiftStart))).toBe(true);
  });

  it('seals rows stored in clear (before migration 008) at start, once; a sealed row is left alone', async () => {
    const first = await boot(ringOld);
    await stop(first);
    await db.query(
      `INSERT INTO technicians (id, name, email, phone, skills, shift_start, shift_end, site) VALUES ($1, $2, $3, $4, $5, $6, $7, $8),
              ('tech-98', 'Paul Girard', NULL, NULL, '{electrical}', '08:00', '16:00', 'north')`,
      [extra.id, extra.name, extra.email, extra.phone, extra.skills, extra.shiftStart, extra.shiftEnd, extra.site],
    );
    const lines: string[] = [];
    const second = await boot(ringOld, { logger: capture(lines) });
    const sealed = await raw();
    expect(
      sealed.map((r) => [r.id, isSealed(r.name), r.email === null || isSealed(r.email), r.phone === null || isSealed(r.phone)]),
    ).toEqual([
      ['tech-98', true, true, true],
      ['tech-99', true, true, true],
    ]);
    expect(sealed.find((r) => r.id === 'tech-98')).toMatchObject({ email: null, phone: null });
    expect(lines.some((l) => l.includes('"sealed":2'))).toBe(true);
    const byId = new Map((await technicians(second)).map((t) => [t.id, t]));
    expect(byId.get('tech-99')).toMatchObject({ name: extra.name, email: extra.email, phone: extra.phone });
    expect(byId.get('tech-98')).toMatchObject({ name: 'Paul Girard', email: null, phone: null, site: 'north' });
    await stop(second);
    await boot(ringOld);
    expect(await raw()).toEqual(sealed); // idempotent: same ciphertexts, nothing resealed
  });

  it('on a database of before migration 008 (no email, phone; names in clear): migrates, then seals the names at start', async () => {
    const index = migrations.findIndex((m) => m.id === '008_technician_personal_data');
    expect(index).toBeGreaterThan(0);
    await runMigrations(db, 'maintenance-orchestrator', migrations.slice(0, index));
    await db.query(
      "INSERT INTO technicians (id, name, skills, shift_start, shift_end) VALUES ('tech-01', 'Camille Durand', '{mechanical}', '06:00', '14:00')",
    );
    const service = await boot(ringOld);
    const [row] = await raw();
    expect([isSealed(row!.name), row!.email, row!.phone, row!.whole.includes('Camille')]).toEqual([true, null, null, false]);
    expect(await technicians(service)).toMatchObject([{ id: 'tech-01', name: 'Camille Durand', email: null, phone: null }]);
  });

  it('binds each value to its row and field: a ciphertext copied to another technician does not open', async () => {
    const service = await boot(ringOld, { demo: true });
    await db.query("UPDATE technicians SET name = (SELECT name FROM technicians WHERE id = 'tech-01') WHERE id = 'tech-02'");
    expect(await errorCode(service)).toEqual([500, 'SECRET_DECRYPT_FAILED']);
  });
});

describe('key rotation', () => {
  it('reads rows of the old key with a new key first in the ring, seals new writes with the new key, reseals old rows at start', async () => {
    const old = await boot(ringOld, { demo: true });
    expect(new Set((await raw()).map((r) => keyIdOf(r.name)))).toEqual(new Set(['k1']));
    await stop(old);

    // A row sealed under k1 that the start below has not seen: the rotated ring still opens it.
    const rotated = await boot(ringRotated);
    expect(new Set((await raw()).map((r) => keyIdOf(r.email)))).toEqual(new Set(['k2'])); // resealed at start
    await insertTechnician(db, ringOld, extra);
    expect(keyIdOf((await raw()).find((r) => r.id === extra.id)!.name)).toBe('k1');
    const listed = await technicians(rotated);
    expect(listed.find((t) => t.id === extra.id)).toMatchObject({ name: extra.name, email: extra.email, phone: extra.phone });
    expect(listed.find((t) => t.id === 'tech-01')).toMatchObject({ name: 'Camille Durand', email: 'camille.durand@example.com' });

    // New writes use the current (first) key.
    await insertTechnician(db, ringRotated, { ...extra, id: 'tech-100' });
    expect(keyIdOf((await raw()).find((r) => r.id === 'tech-100')!.phone)).toBe('k2');

    // Before the k1 row is resealed, a ring without k1 cannot open it: SECRET_KEY_UNKNOWN. Its start leaves that row
    // as stored (logged with the code) and still serves.
    await stop(rotated);
    const lines: string[] = [];
    const newOnly = await boot(ringNewOnly, { logger: capture(lines) });
    expect(await errorCode(newOnly)).toEqual([500, 'SECRET_KEY_UNKNOWN']);
    expect(lines.map((l) => JSON.parse(l) as { technician?: string; code?: string }).filter((l) => l.code)).toEqual([
      expect.objectContaining({ technician: extra.id, code: 'SECRET_KEY_UNKNOWN' }),
    ]);
  }, 30_000);

  it('once every row is under the new key, the old key can be dropped', async () => {
    await stop(await boot(ringOld, { demo: true }));
    await stop(await boot(ringRotated));
    const service = await boot(ringNewOnly);
    expect((await technicians(service)).map((t) => t.name)).toEqual(DEMO_TECHNICIANS.map((t) => t.name));
    expect(new Set((await raw()).flatMap((r) => [r.name, r.email, r.phone].map(keyIdOf)))).toEqual(new Set(['k2']));
  });
});

describe('missing or wrong key', () => {
  it('without a key ring: nothing is seeded in clear, clear rows stay and are reported, the API answers SECRET_KEY_MISSING', async () => {
    await stop(await boot(ringOld)); // the schema only
    await db.query(
      "INSERT INTO technicians (id, name, email, skills, shift_start, shift_end) VALUES ('tech-99', 'Inès Fabre', 'ines.fabre@example.org', '{}', '07:00', '15:00')",
    );
    const lines: string[] = [];
    const service = await boot(undefined, { logger: capture(lines), demo: false });
    expect(await errorCode(service)).toEqual([500, 'SECRET_KEY_MISSING']);
    expect(lines.some((l) => l.includes('"code":"SECRET_KEY_MISSING"') && l.includes('"technician":"tech-99"'))).toBe(true);
    await stop(service);
    await db.query('DELETE FROM technicians');
    // Seeding the demo technicians needs the key: refused with the same code rather than stored in clear.
    await expect(boot(undefined, { demo: true })).rejects.toMatchObject({ code: 'SECRET_KEY_MISSING' });
    expect(await raw()).toEqual([]);
  });

  it('a key with the right id but other bytes: SECRET_DECRYPT_FAILED; a ring without the id: SECRET_KEY_UNKNOWN', async () => {
    await stop(await boot(ringOld, { demo: true }));
    const impostor = await boot(Keyring.fromConfig({ keys: generateDataKey('k1') }));
    expect(await errorCode(impostor)).toEqual([500, 'SECRET_DECRYPT_FAILED']);
    await stop(impostor);
    const stranger = await boot(Keyring.fromConfig({ keys: generateDataKey('k9') }));
    expect(await errorCode(stranger)).toEqual([500, 'SECRET_KEY_UNKNOWN']);
  });

  it('the planner plans without opening anything: with no key that opens the personal data, every job is assigned', async () => {
    await stop(await boot(ringOld, { demo: true }));
    const service = await boot(Keyring.fromConfig({ keys: generateDataKey('k9') }));
    for (let i = 0; i < 3; i++) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/api/v1/work-orders',
        payload: { assetId: 'line-1', title: `Job ${i}` },
      });
      expect(res.statusCode).toBe(201);
    }
    const res = await service.app.inject({ method: 'GET', url: '/api/v1/planning/optimize' });
    expect(res.statusCode, res.body).toBe(200);
    const plan = MaintenancePlanSchema.parse(res.json());
    expect(plan.assignments).toHaveLength(3);
    for (const a of plan.assignments) expect(DEMO_TECHNICIANS.map((t) => t.id)).toContain(a.technicianId);
  }, 30_000);
});

describe('logs', () => {
  it("no log line carries a technician's clear name, email or phone; email and phone keys are redacted", async () => {
    const lines: string[] = [];
    const logger = capture(lines);
    await stop(await boot(ringOld, { logger }));
    await db.query(
      'INSERT INTO technicians (id, name, email, phone, skills, shift_start, shift_end, site) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [extra.id, extra.name, extra.email, extra.phone, extra.skills, extra.shiftStart, extra.shiftEnd, extra.site],
    );
    const service = await boot(ringRotated, { demo: true, logger });
    await technicians(service);
    await service.app.inject({ method: 'POST', url: '/api/v1/work-orders', payload: { assetId: 'line-1', title: 'Check' } });
    expect((await service.app.inject({ method: 'GET', url: '/api/v1/planning/optimize' })).statusCode).toBe(200);
    logger.info({ technician: { id: extra.id, email: extra.email, phone: extra.phone } }, 'a careless log line');
    expect(lines.length).toBeGreaterThan(3);
    const all = lines.join('\n');
    for (const t of [...DEMO_TECHNICIANS, extra]) for (const clear of clearValues(t)) expect(all).not.toContain(clear);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ technician: { id: extra.id, email: REDACTED, phone: REDACTED } });
  }, 30_000);
});
