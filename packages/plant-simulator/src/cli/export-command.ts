import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simulateRunToFailure } from '../export';
import { writeHistories, type ExportFormat } from '../export-files';
import { TRAINING_FAILURES } from '../failure-modes';
import { log, numberArg } from './log';

const FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'both'];

/** `export`: writes run-to-failure histories plus a manifest.json describing them. */
export async function runExport(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      format: { type: 'string', default: 'both' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '42' },
      'sampling-hz': { type: 'string' },
    },
  });
  if (!values.out) throw new Error('export needs --out DIR');
  const format = values.format as ExportFormat;
  if (!FORMATS.includes(format)) throw new Error(`--format expects ${FORMATS.join('|')}, got ${values.format}`);
  const seed = numberArg('seed', values.seed)!;
  const runs = numberArg('runs', values.runs)!;
  const samplingHz = numberArg('sampling-hz', values['sampling-hz']);

  const t0 = performance.now();
  const histories = simulateRunToFailure({ seed, runs, ...(samplingHz === undefined ? {} : { samplingHz }) });
  const files = await writeHistories(values.out, histories, format);
  const manifest = {
    seed,
    runs,
    failures: TRAINING_FAILURES,
    assets: histories.map((h) => ({ assetId: h.assetId, rows: h.ts.length, failureTimes: h.failureTimes.map((t) => new Date(t).toISOString()) })),
    files: files.map((f) => ({ ...f, file: path.basename(f.file) })),
  };
  await writeFile(path.join(values.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log('info', 'run-to-failure histories written', {
    out: values.out,
    rows: histories.reduce((n, h) => n + h.ts.length, 0),
    files: files.length,
    ms: Math.round(performance.now() - t0),
  });
}
