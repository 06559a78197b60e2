import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, TechnicianListResponse, type Role, type ServiceName } from '@vigie/contracts';
import { loadSettings, serviceUrl } from '@vigie/platform';
import { createLogger } from '@vigie/service-kit';
import { TestIssuer } from '../../packages/service-kit/test/fixtures/test-issuer';
import { startGuardedServices } from './support/guarded-services';

/**
 * Issue 9, "Must show": schemathesis (PyPI, pinned in infra/python/requirements-test.txt) run against every service's
 * OpenAPI document with a valid token finds no 5xx and no response that breaks its schema. The seven services are built
 * as the embedded platform builds them (as in permission-matrix.int.test.ts: one in-process bus, PGlite, a temporary
 * data directory, no source auto-start), with authentication on against a real issuer, and each listens on its
 * settings port (a free offset is chosen) so that the peers one service calls over HTTP answer. An `admin` token opens
 * every operation; every operation runs, destructive ones included: they hit throw-away databases, and the ingestion
 * loop that stopping a source would end is not started here. Then the same services are run as a `technician` (one
 * the orchestrator knows: `sub` and `technician_id` of the first technician it lists) and as a `viewer`, with far
 * fewer cases (ROLE_PHASES): their refusals (403 AUTH_FORBIDDEN / AUTH_NOT_ASSIGNED) are declared in every document (service-kit
 * http/openapi.ts) and checked against that schema like any other answer. A run also fails when schemathesis warns
 * that it skipped parts of a schema it could not resolve. The CLI runs as a child process (asynchronously: the
 * services answer from this process's event loop) with a fixed seed and a bounded number of examples per operation;
 * each run gets a fresh token. VIGIE_PYTHON chooses the interpreter (python3 by default).
 */
const python = process.env.VIGIE_PYTHON ?? 'python3';
const SEED = 20_260_009;
const MAX_EXAMPLES = Number(process.env.VIGIE_SCHEMATHESIS_EXAMPLES ?? 10);
/**
 * The non-admin roles skip the coverage phase, which sends its own boundary cases whatever --max-examples says (about
 * 1 500 per service, 60 s a role on a loaded 2-core machine): the admin run already sends them through the same
 * handlers, and a refusal by role does not depend on the input (it comes before validation). Their fuzzing and
 * stateful phases run every operation with this many examples.
 */
const ROLE_EXAMPLES = Number(process.env.VIGIE_SCHEMATHESIS_ROLE_EXAMPLES ?? 10);
const ROLE_PHASES = 'examples,fuzzing,stateful';
const CHECKS = 'not_a_server_error,response_schema_conformance';
/** The CLI's entry point, called through the interpreter so VIGIE_PYTHON picks the installation. */
const CLI = 'import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())';

const probe = spawnSync(python, ['-c', 'import schemathesis; print(schemathesis.__version__)'], { encoding: 'utf8' });
if (probe.status !== 0) {
  throw new Error(
    `schemathesis is needed: \`${python} -m pip install -r infra/python/requirements-test.txt\` (or set VIGIE_PYTHON). ${probe.stderr ?? probe.error?.message}`,
  );
}
const version = probe.stdout.trim();

/** A port offset under which the seven service ports are all free on 127.0.0.1. */
async function freeOffset(): Promise<number> {
  const { createServer } = await import('node:net');
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 40_000 + Math.floor(Math.random() * 150) * 100;
    const ports = SERVICE_NAMES.map((n) => servicePortAt(n, offset));
    if ((await Promise.all(ports.map(free))).every(Boolean)) return offset;
  }
  throw new Error('no free port offset for the seven services');
}
function servicePortAt(name: ServiceName, offset: number): number {
  return Number(new URL(serviceUrl(loadSettings({}, { portOffset: offset }), name)).port);
}

const started = performance.now();
const issuer = await new TestIssuer().start();
const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-schemathesis-'));
// VIGIE_SCHEMATHESIS_LOG=error shows the services' own account of a failure schemathesis reports.
const { settings, close } = await startGuardedServices({
  dataDir,
  portOffset: await freeOffset(),
  logger: createLogger('schemathesis', (process.env.VIGIE_SCHEMATHESIS_LOG ?? 'silent') as 'silent'),
  auth: issuer.config,
  listen: true,
});
/** The technician the `technician` runs act as: the first one the orchestrator lists, else one nobody knows. */
async function aTechnician(): Promise<string> {
  const token = await issuer.token({ roles: ['admin'], sub: 'schemathesis-setup' });
  const res = await fetch(`${serviceUrl(settings, 'maintenance-orchestrator')}/api/v1/technicians`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET /api/v1/technicians answered ${res.status}: ${await res.text()}`);
  return TechnicianListResponse.parse(await res.json()).technicians[0]?.id ?? `schemathesis-${crypto.randomUUID()}`;
}
const technicianId = await aTechnician();
/** A token for one run (minted when the run starts, so that none expires during a long run). */
function tokenFor(role: Role): Promise<string> {
  if (role === 'technician') return issuer.token({ roles: [role], sub: technicianId, claims: { technician_id: technicianId } });
  return issuer.token({ roles: [role], sub: `schemathesis-${role}` });
}
const setupSeconds = (performance.now() - started) / 1000;

interface Run {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}
/** Runs the CLI against one service as `role`; resolves with its exit code and its whole output. */
async function schemathesis(name: ServiceName, role: Role, examples: number): Promise<Run> {
  const token = await tokenFor(role);
  const t0 = performance.now();
  const args = [
    '-c',
    CLI,
    '--no-color',
    'run',
    `${serviceUrl(settings, name)}/openapi.json`,
    '-H',
    `Authorization: Bearer ${token}`,
    '--checks',
    CHECKS,
    '--max-examples',
    String(examples),
    ...(role === 'admin' ? [] : ['--phases', ROLE_PHASES]),
    '--seed',
    String(SEED),
    '--workers',
    '1',
    '--generation-database',
    'none',
    // An answer later than this is a failure (schemathesis's default, 10 s, is short on a loaded 2-core machine).
    '--request-timeout',
    '30',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: dataDir, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, seconds: (performance.now() - t0) / 1000 }));
  });
}

const figures = new Map<Role, string[]>();
afterAll(async () => {
  await close();
  await issuer.stop();
  rmSync(dataDir, { recursive: true, force: true });
  const total = (performance.now() - started) / 1000;
  const roles = [...figures].map(([role, lines]) => `${role}: ${lines.join('; ')}`);
  console.log(
    `schemathesis ${version}, seed ${SEED}, ≤ ${MAX_EXAMPLES} examples per operation as admin, ≤ ${ROLE_EXAMPLES} as the other roles (technician ${technicianId})\n${roles.join('\n')}\nsetup ${setupSeconds.toFixed(1)} s, total ${total.toFixed(1)} s`,
  );
});

const RUNS: readonly { readonly role: Role; readonly examples: number }[] = [
  { role: 'admin', examples: MAX_EXAMPLES },
  { role: 'technician', examples: ROLE_EXAMPLES },
  { role: 'viewer', examples: ROLE_EXAMPLES },
];

describe.each(RUNS)(`schemathesis against every service's OpenAPI document, as $role (checks ${CHECKS})`, ({ role, examples }) => {
  it.each([...SERVICE_NAMES])('%s: no 5xx, no response outside its declared schema', { timeout: 600_000 }, async (name) => {
    const run = await schemathesis(name, role, examples);
    const summary = /Test cases:\s*\n\s*(.+)/.exec(run.output)?.[1]?.trim() ?? 'no summary';
    const [, selected, tested] = /Selected: (\d+)\/\d+\s*\n\s*Tested: (\d+)/.exec(run.output) ?? [];
    figures.set(role, [...(figures.get(role) ?? []), `${name} ${run.seconds.toFixed(1)} s (${summary}, ${tested}/${selected} operations)`]);
    expect(Number(selected), `schemathesis found no operation:\n${run.output}`).toBeGreaterThan(0);
    expect(tested, `schemathesis left operations untested:\n${run.output}`).toBe(selected);
    expect(run.output, 'schemathesis skipped parts of a schema it could not resolve').not.toMatch(/Unresolvable references/);
    expect(run.code, `schemathesis run against ${name} as ${role} (exit ${run.code}):\n${run.output}`).toBe(0);
  });
});
