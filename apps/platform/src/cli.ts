#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { createLogger } from '@vigie/service-kit';
import { startDashboardServer } from './dashboard-server';
import { runService, startDistributed } from './distributed';
import { runEmbeddedService, startEmbedded } from './embedded';
import { keysCommand, usersCommand } from './identity';
import { keyringFor } from './services';
import { dashboardPort, loadSettings, REPO_ROOT, servicePort, type Profile } from './settings';
import { startSimulator } from './simulator';

const USAGE = `vigie — predictive maintenance platform

  vigie start [--profile embedded|distributed] [--service NAME]
      embedded (default): all services, the demo plant and the dashboard in one process; with --service, that
                   service alone on the data directory's PGlite and bus log
      distributed: each service in its own process on Kafka + PostgreSQL (KAFKA_BROKERS, DATABASE_URL);
                   with --service, run only that service
      NAME is one of ${SERVICE_NAMES.join(', ')}
  vigie simulator            the demo plant's OPC UA server alone
  vigie dashboard            the dashboard server alone
  vigie users list | add NAME --role ROLE… | passwd NAME | roles NAME --role ROLE…
      the embedded OIDC issuer's users (on by default; VIGIE_AUTH=off turns it off); roles: viewer, operator, technician, planner,
      data-scientist, admin. The password is read from stdin when piped, else generated and printed once.
      Embedded profile: stop the platform first (one process per PGlite data directory).
  vigie keys rotate          a new token-signing key; the old one verifies until its tokens expire (restart after)
  vigie stack start|stop|status
      a local Kafka (KRaft, 127.0.0.1:19092) and PostgreSQL 15 (127.0.0.1:15432) for the distributed profile
`;

function onShutdown(stop: () => Promise<void>): void {
  let done = false;
  const handler = (signal: string) => {
    if (done) return;
    done = true;
    const logger = createLogger('platform');
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      service: { type: 'string' },
      role: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const settings = loadSettings(process.env, values.profile ? { profile: values.profile as Profile } : {});
  const logger = createLogger('platform');
  switch (command) {
    case 'start': {
      if (values.service && !SERVICE_NAMES.includes(values.service as ServiceName))
        throw new Error(`unknown service ${values.service}; one of ${SERVICE_NAMES.join(', ')}`);
      const service = values.service as ServiceName | undefined;
      // The issuer runs inside the whole embedded platform only: a service started alone (a development tool) verifies
      // tokens only when VIGIE_AUTH_ISSUER names an issuer, and asking it for VIGIE_AUTH=embedded is an error.
      const explicitEmbedded = process.env.VIGIE_AUTH?.trim() === 'embedded';
      if (explicitEmbedded && (settings.profile !== 'embedded' || service))
        throw new Error(
          'VIGIE_AUTH=embedded runs the OIDC issuer inside the whole embedded platform; elsewhere set VIGIE_AUTH_ISSUER to an issuer',
        );
      if (settings.profile === 'embedded') {
        if (service) onShutdown(await runEmbeddedService(service, settings, createLogger(service)));
        else onShutdown((await startEmbedded(settings, logger)).stop);
      } else if (service) {
        onShutdown(await runService(service, settings, createLogger(service)));
      } else {
        onShutdown(await startDistributed(settings, logger));
      }
      return;
    }
    case 'simulator': {
      const sim = await startSimulator(settings, null);
      logger.info({ endpoint: sim.server.endpointUrl }, 'demo plant simulator started');
      onShutdown(() => sim.server.stop());
      return;
    }
    case 'dashboard': {
      const app = await startDashboardServer({
        port: dashboardPort(settings),
        host: settings.host,
        monitoringPort: servicePort(settings, 'monitoring'),
        logger,
      });
      onShutdown(() => app.close());
      return;
    }
    case 'users':
      await usersCommand(settings, sub, { ...(arg ? { name: arg } : {}), ...(values.role ? { roles: values.role } : {}) });
      return;
    case 'keys':
      await keysCommand(settings, sub, keyringFor(settings, logger));
      return;
    case 'stack': {
      const action = sub ?? 'status';
      if (!['start', 'stop', 'status'].includes(action)) throw new Error('vigie stack start|stop|status');
      for (const script of ['infra/kafka/kafka.sh', 'infra/postgres/postgres.sh']) {
        const r = spawnSync('bash', [path.join(REPO_ROOT, script), action], { stdio: 'inherit' });
        if (r.status !== 0 && action !== 'status') process.exit(r.status ?? 1);
      }
      return;
    }
    default:
      process.stderr.write(`unknown command ${command}\n\n${USAGE}`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  createLogger('platform').fatal({ err }, (err as Error).message);
  process.exit(1);
});
