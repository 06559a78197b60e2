/**
 * The plant simulator's command line.
 *   serve (default)  node --import tsx packages/plant-simulator/src/cli.ts [serve] --port 4840 --accel 60 --seed 42
 *                    [--modbus-port 5020] [--mqtt-url mqtt://localhost:1883 --mqtt-format json|sparkplugb]
 *   export           node --import tsx packages/plant-simulator/src/cli.ts export --out DIR
 *                    [--format csv|parquet|both] [--runs 3] [--seed 42] [--sampling-hz 0.0833]
 * Logs one JSON object per line.
 */
import { runExport } from './cli/export-command';
import { log } from './cli/log';
import { runServe } from './cli/serve-command';

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'export') await runExport(rest);
  else if (command === 'serve') await runServe(rest);
  else await runServe(process.argv.slice(2));
} catch (error) {
  log('error', 'plant-simulator failed', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
