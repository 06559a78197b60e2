import type { Database, Keyring } from '@vigie/service-kit';
import { insertTechnician, type TechnicianRow } from '../adapters/planning-repository';

/** Four technicians with staggered day shifts (UTC), so the embedded demo can plan without setup. */
export const DEMO_TECHNICIANS: readonly TechnicianRow[] = [
  {
    id: 'tech-01',
    name: 'Camille Durand',
    email: 'camille.durand@example.com',
    phone: '+33 6 00 00 00 01',
    skills: ['mechanical', 'vibration'],
    shiftStart: '06:00',
    shiftEnd: '14:00',
    site: 'main',
  },
  {
    id: 'tech-02',
    name: 'Karim Benali',
    email: 'karim.benali@example.com',
    phone: '+33 6 00 00 00 02',
    skills: ['electrical', 'motors'],
    shiftStart: '08:00',
    shiftEnd: '16:00',
    site: 'main',
  },
  {
    id: 'tech-03',
    name: 'Julie Moreau',
    email: 'julie.moreau@example.com',
    phone: '+33 6 00 00 00 03',
    skills: ['mechanical', 'lubrication'],
    shiftStart: '10:00',
    shiftEnd: '18:00',
    site: 'main',
  },
  {
    id: 'tech-04',
    name: 'Thomas Leroy',
    email: 'thomas.leroy@example.com',
    phone: '+33 6 00 00 00 04',
    skills: ['electrical', 'instrumentation'],
    shiftStart: '14:00',
    shiftEnd: '22:00',
    site: 'main',
  },
];

/** Inserts the demo technicians, personal data sealed, only when the table is empty; returns how many were inserted. */
export async function seedDemoTechnicians(db: Database, keyring: Keyring | undefined): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM technicians');
    if ((rows[0]?.n ?? 0) > 0) return 0;
    for (const t of DEMO_TECHNICIANS) await insertTechnician(tx, keyring, t);
    return DEMO_TECHNICIANS.length;
  });
}
