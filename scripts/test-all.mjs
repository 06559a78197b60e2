#!/usr/bin/env node
// The README's test command (what .ci/run calls), run by scripts/bootstrap.mjs under Node 24:
//   1. installs what the tests need when missing (Debian: PostgreSQL 15, Chromium, Mosquitto, Redis; PyPI: the Python
//      reference peers), as root;
//   2. starts fresh Kafka (KRaft, :19092), PostgreSQL 15 (:15432), Redis (:16379) and an S3 server (Versity Gateway, :19000, built
//      once with `go install`) in a throw-away state directory;
//   3. runs the type check and lint, then the vitest projects unit → integration → e2e;
//   4. stops the servers, whatever happened, and prints one line `N passed, N failed[, N skipped]`.
// `npm test -- --project unit` runs one project (no servers are started for unit alone).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => process.stdout.write(`\n[vigie test] ${msg}\n`);
const isRoot = process.getuid?.() === 0;

const args = process.argv.slice(2);
const only = args.includes('--project') ? args[args.indexOf('--project') + 1] : null;
const projects = only ? [only] : ['unit', 'integration', 'e2e'];
const needsServers = projects.some((p) => p !== 'unit');

const totals = { passed: 0, failed: 0, skipped: 0 };
/** Each failed test with the head of its message, repeated at the end so a truncated CI log still names it. */
const failedTests = [];
const failures = [];

function sh(cmd, cmdArgs, opts = {}) {
  return spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...opts });
}

function aptInstall(packages) {
  if (!isRoot) {
    log(`missing ${packages.join(', ')}: install them (apt-get install ${packages.join(' ')}) or run as root`);
    return false;
  }
  log(`installing ${packages.join(', ')} from Debian`);
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  sh('apt-get', [...lock, 'update', '-q']);
  const r = sh('apt-get', [...lock, 'install', '-y', '-q', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

function ensurePrerequisites() {
  const missing = [];
  if (!existsSync('/usr/lib/postgresql/15/bin/initdb')) missing.push('postgresql-15');
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (spawnSync('java', ['-version']).status !== 0) missing.push('default-jre-headless');
  if (spawnSync('mvn', ['-v']).status !== 0) missing.push('maven');
  if (!existsSync('/usr/sbin/mosquitto')) missing.push('mosquitto');
  if (!existsSync('/usr/bin/redis-server')) missing.push('redis-server');
  if (spawnSync('curl', ['--version']).status !== 0) missing.push('curl');
  // infra/feast/feast.sh builds a virtualenv: Debian's python3 needs python3-venv for that (ensurepip lives there).
  if (spawnSync(process.env.VIGIE_PYTHON ?? 'python3', ['-c', 'import ensurepip, venv']).status !== 0) missing.push('python3-venv');
  if (missing.length && !aptInstall(missing)) throw new Error(`could not install ${missing.join(', ')}`);
  ensurePythonPeers();
}

/** The Python reference peers (pymodbus, asyncua, scipy, PyOD, xgboost, …), reader (pyarrow) and API fuzzer (schemathesis) of the integration tests. */
function ensurePythonPeers() {
  const python = process.env.VIGIE_PYTHON ?? 'python3';
  if (spawnSync(python, ['-c', 'import pymodbus, asyncua, pyarrow, scipy, pywt, tsfresh, pyod, sklearn, xgboost, schemathesis']).status === 0) return;
  log('installing the Python test peers (infra/python/requirements-test.txt)');
  const r = sh(python, ['-m', 'pip', 'install', '-q', '-r', 'infra/python/requirements-test.txt']);
  if (r.status !== 0) throw new Error('pip could not install infra/python/requirements-test.txt');
}

const stateDir = path.join(tmpdir(), `vigie-test-${process.pid}`);
// Go (for the S3 server's one-time build) lives in /usr/local/go on these machines; its binary is cached across runs.
const goBin = existsSync('/usr/local/go/bin') ? '/usr/local/go/bin:' : '';
const infraEnv = {
  ...process.env,
  PATH: `${goBin}${process.env.PATH ?? ''}`,
  VIGIE_STATE_DIR: stateDir,
  VIGIE_PG_FAST: '1',
  VIGIE_S3_BIN_DIR: process.env.VIGIE_S3_BIN_DIR ?? path.join(homedir(), '.cache', 'vigie', 's3-bin'),
};

/**
 * The servers integration and end-to-end tests talk to, each started by its infra script, which prints
 * `NAME=value` lines; `env` maps those names to the variables the tests read.
 */
const SERVERS = [
  { name: 'Kafka', script: 'infra/kafka/kafka.sh', env: { KAFKA_BROKERS: 'VIGIE_TEST_KAFKA_BROKERS' } },
  { name: 'PostgreSQL', script: 'infra/postgres/postgres.sh', env: { DATABASE_URL: 'VIGIE_TEST_DATABASE_URL' } },
  { name: 'Redis', script: 'infra/redis/redis.sh', env: { REDIS_URL: 'VIGIE_TEST_REDIS_URL' } },
  {
    name: 'S3 (Versity Gateway)',
    script: 'infra/s3/s3.sh',
    env: { S3_ENDPOINT: 'VIGIE_TEST_S3_ENDPOINT', S3_ACCESS_KEY: 'VIGIE_TEST_S3_ACCESS_KEY', S3_SECRET_KEY: 'VIGIE_TEST_S3_SECRET_KEY' },
  },
  { name: 'Feast', script: 'infra/feast/feast.sh', env: { FEAST_URL: 'VIGIE_TEST_FEAST_URL' } },
  { name: 'MLflow', script: 'infra/mlflow/mlflow.sh', env: { MLFLOW_URL: 'VIGIE_TEST_MLFLOW_URL' } },
];

function startServers() {
  mkdirSync(stateDir, { recursive: true });
  const testEnv = {};
  for (const server of SERVERS) {
    log(`starting ${server.name} (state in ${stateDir})`);
    const r = spawnSync('bash', [server.script, 'start'], { cwd: root, env: infraEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(r.stdout ?? '');
    if (r.status !== 0) throw new Error(`${server.name} did not start`);
    for (const [printed, variable] of Object.entries(server.env)) {
      const value = new RegExp(`^${printed}=(\\S+)$`, 'm').exec(r.stdout)?.[1];
      if (!value) throw new Error(`${server.script} did not print ${printed}`);
      testEnv[variable] = value;
    }
  }
  return testEnv;
}

function stopServers() {
  for (const server of [...SERVERS].reverse()) {
    log(`stopping ${server.name}`);
    sh('bash', [server.script, 'stop', '--wipe'], { env: infraEnv });
  }
  rmSync(stateDir, { recursive: true, force: true });
}

/** A static check counts as one test: passed when the tool exits 0. */
function runCheck(name, cmdArgs) {
  log(name);
  const r = sh(process.execPath, cmdArgs);
  if (r.status === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(name);
  }
}

function runVitest(project, env) {
  return new Promise((resolve) => {
    const report = path.join(stateDir, `vitest-${project}.json`);
    mkdirSync(stateDir, { recursive: true });
    log(`vitest project ${project}`);
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      { cwd: root, env, stdio: 'inherit' },
    );
    child.on('exit', (code) => {
      let counted = false;
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'));
        totals.passed += r.numPassedTests;
        totals.failed += r.numFailedTests;
        totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
        if (r.numFailedTests > 0 || r.numFailedTestSuites > 0) failures.push(project);
        for (const file of r.testResults ?? []) {
          const where = path.relative(root, file.name);
          if (file.status === 'failed' && (file.assertionResults ?? []).length === 0)
            failedTests.push(`${project} ${where}: ${String(file.message ?? 'failed to load').split('\n')[0]}`);
          for (const t of file.assertionResults ?? []) {
            if (t.status !== 'failed') continue;
            const message = String(t.failureMessages?.[0] ?? '').split('\n').slice(0, 3).join(' | ').slice(0, 400);
            failedTests.push(`${project} ${where} > ${t.fullName}: ${message}`);
          }
        }
        // A suite that fails to load has no test results: count it as a failure so it cannot pass silently.
        if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) totals.failed += r.numFailedTestSuites;
        counted = true;
      } catch {
        /* no report: counted below */
      }
      if (!counted || code !== 0) {
        if (!counted) totals.failed += 1;
        if (!failures.includes(project)) failures.push(project);
      }
      resolve();
    });
  });
}

let exitCode = 0;
try {
  let env = { ...process.env };
  if (needsServers) {
    ensurePrerequisites();
    // The Kafka TLS test starts a second broker of its own: it reuses these jars rather than copy them again.
    env = { ...env, ...startServers(), VIGIE_TEST_KAFKA_LIB_DIR: path.join(stateDir, 'infra', 'kafka', 'lib') };
  }
  if (!only) {
    runCheck('type check (tsc --noEmit)', [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
    runCheck('lint (eslint)', [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
  }
  for (const project of projects) await runVitest(project, env);
} catch (err) {
  log(`error: ${err.message}`);
  totals.failed += 1;
  exitCode = 1;
} finally {
  if (needsServers) stopServers();
  else rmSync(stateDir, { recursive: true, force: true });
}
if (failures.length) {
  for (const t of failedTests) log(`FAILED ${t}`);
  log(`failed: ${failures.join(', ')}`);
  exitCode = 1;
}
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(exitCode);
