/**
 * npm run bench:planning [-- --seed N] [--gap 0.01] [--sizes 50x5,200x20,500x40]
 *   node --import tsx bench/planning.bench.ts
 * Technician scheduling (issue 7): seeded generated instances over 7 days, planned by the greedy earliest-due-date
 * heuristic and by the MILP (services/maintenance-orchestrator/src/domain/milp-planning.ts: local search from the greedy
 * plan, then set partitioning over technician-day schedules by column generation with HiGHS WASM — the gap is against
 * its Lagrangian/LP bound — and HiGHS's MIP over the generated columns), both priced by the same cost function (Σ priority weight × hours late + 2 × overtime hours
 * + 1,000 × weight per job left out; at most 2 h overtime per technician-day).
 * Instances: technicians on ⌈T/10⌉ sites, each with a base trade (mechanical or electrical) and one or two
 * specialties, on 06–14, 08–16 or 14–22 shifts every day; jobs at a random site needing 0–2 of the skills held there,
 * 1–6 h long, P1 10% / P2 25% / P3 40% / P4 25%, due between 1 day overdue and 6 days ahead (8% overdue).
 * Time limits: 10 s below 300 jobs, 55 s above (the targets: 200 × 20 to ≤ 1% gap in ≤ 10 s, 500 × 40 feasible in
 * ≤ 60 s); HiGHS stops at the --gap relative gap (default 1%). solve_s counts model building and solving.
 * Prints one line per instance, then (last line) JSON [{"interventions","technicians","solve_s","gap",
 * "saving_vs_greedy", …}]. Bad arguments: `BENCH_ARGUMENT_INVALID: message` on stderr, exit 2.
 */
import { pathToFileURL } from 'node:url';
import { planMilp } from '../services/maintenance-orchestrator/src/domain/milp-planning';
import { DEFAULT_PLAN_COST } from '../services/maintenance-orchestrator/src/domain/plan-cost';
import type { PlanJob, PlanTechnician } from '../services/maintenance-orchestrator/src/domain/planning';
import { seededRandom } from '@vigie/service-kit-testing';

const HOUR = 3_600_000;
const FROM = new Date('2030-01-07T00:00:00Z');
const TO = new Date(FROM.getTime() + 7 * 24 * HOUR);
const TRADES = ['mechanical', 'electrical'] as const;
const SPECIALTIES = ['vibration', 'lubrication', 'instrumentation', 'hydraulics', 'motors', 'welding'] as const;
const SHIFTS = [
  ['06:00', '14:00'],
  ['08:00', '16:00'],
  ['14:00', '22:00'],
] as const;
const DURATIONS = [1, 1, 1.5, 2, 2, 2.5, 3, 3, 4, 6];

export function generateInstance(jobCount: number, techCount: number, seed: number): { jobs: PlanJob[]; technicians: PlanTechnician[] } {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sites = Array.from({ length: Math.ceil(techCount / 10) }, (_, i) => `site-${i + 1}`);
  const technicians: PlanTechnician[] = Array.from({ length: techCount }, (_, i) => {
    const specialties = new Set([pick(SPECIALTIES)]);
    if (r() < 0.5) specialties.add(pick(SPECIALTIES));
    const [shiftStart, shiftEnd] = SHIFTS[i % SHIFTS.length]!;
    return {
      id: `tech-${String(i + 1).padStart(3, '0')}`,
      skills: [TRADES[i % 2]!, ...specialties],
      site: sites[i % sites.length]!,
      shiftStart,
      shiftEnd,
    };
  });
  const jobs: PlanJob[] = Array.from({ length: jobCount }, (_, i) => {
    const site = pick(sites);
    const holder = pick(technicians.filter((t) => t.site === site));
    const held = holder.skills ?? [];
    const need = r();
    const requiredSkills = need < 0.3 ? [] : need < 0.8 ? [pick(held)] : [...new Set([pick(held), pick(held)])];
    const p = r();
    const priority = p < 0.1 ? 'P1' : p < 0.35 ? 'P2' : p < 0.75 ? 'P3' : 'P4';
    const dueHours = r() < 0.08 ? -24 * r() : 4 + r() * (6 * 24 - 4);
    return {
      interventionId: `i-${i + 1}`,
      workOrderId: `wo-${String(i + 1).padStart(4, '0')}`,
      priority,
      dueDate: new Date(FROM.getTime() + Math.round(dueHours * 4) * 900_000),
      durationHours: pick(DURATIONS),
      createdAt: new Date(FROM.getTime() - Math.floor(r() * 72) * HOUR),
      requiredSkills,
      site,
    };
  });
  return { jobs, technicians };
}

function parseArgs(argv: readonly string[]): { seed: number; gap: number; sizes: [number, number][] } {
  const opts = {
    seed: 7,
    gap: 0.01,
    sizes: [
      [50, 5],
      [200, 20],
      [500, 40],
    ] as [number, number][],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) fail(`${flag} needs a value`);
    if (flag === '--seed' && /^\d+$/.test(value)) opts.seed = Number(value);
    else if (flag === '--gap' && Number(value) >= 0 && Number(value) < 1) opts.gap = Number(value);
    else if (flag === '--sizes' && /^\d+x\d+(,\d+x\d+)*$/.test(value))
      opts.sizes = value.split(',').map((s) => s.split('x').map(Number) as [number, number]);
    else fail(`unknown or bad argument ${flag} ${value}`);
  }
  return opts;
}

function fail(message: string): never {
  console.error(`BENCH_ARGUMENT_INVALID: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  console.log(`planning bench: seed ${opts.seed}, mip_rel_gap ${opts.gap}, horizon ${FROM.toISOString()} + 7 days (shared 2-core machine)`);
  const out: Record<string, number | string | null>[] = [];
  for (const [n, t] of opts.sizes) {
    const { jobs, technicians } = generateInstance(n, t, opts.seed + n * 1000 + t);
    const timeLimitSeconds = n >= 300 ? 55 : 10;
    const plan = await planMilp(jobs, technicians, FROM, TO, { ...DEFAULT_PLAN_COST, timeLimitSeconds, mipRelGap: opts.gap });
    const saving = plan.greedyObjective > 0 ? (plan.greedyObjective - plan.objective) / plan.greedyObjective : 0;
    const gap = plan.gap === null ? null : Number(plan.gap.toFixed(4));
    console.log(
      `${n} × ${t}: ${plan.method} ${plan.status} in ${plan.solveSeconds.toFixed(2)} s (limit ${timeLimitSeconds} s), ` +
        `gap ${gap === null ? 'n/a' : `${(gap * 100).toFixed(2)}%`}, greedy ${plan.greedyObjective}, optimum ${plan.objective} ` +
        `(tardiness ${plan.cost.tardiness}, overtime ${plan.cost.overtimeHours} h, left out ${plan.unassigned.length}), ` +
        `saving ${(saving * 100).toFixed(1)}%; model ${plan.model.columns} cols × ${plan.model.rows} rows, ${plan.model.nonzeros} nz` +
        (plan.fallbackReason ? `; fallback: ${plan.fallbackReason}` : ''),
    );
    out.push({
      interventions: n,
      technicians: t,
      solve_s: Number(plan.solveSeconds.toFixed(2)),
      gap,
      saving_vs_greedy: Number(saving.toFixed(4)),
      greedy: plan.greedyObjective,
      optimum: plan.objective,
      dual_bound: plan.dualBound,
      status: plan.status,
    });
  }
  console.log(JSON.stringify(out));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
