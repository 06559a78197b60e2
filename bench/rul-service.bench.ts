/**
 * node --import tsx bench/rul-service.bench.ts [--data <dir>] [--subset FD00X] [--seed N] [--members N]
 *   node --import tsx bench/rul-service.bench.ts --subset FD001 --seed 0
 * The RUL *service's* model on NASA C-MAPSS: what `POST /api/v1/rul/train` fits (fitRulModel,
 * services/rul-prediction — a bag of `members` gradient-boosted tree models, normalised conformal intervals whose
 * quantile pools the held-out units and the training units out of fold),
 * with the service's default training parameters, scored like bench/cmapss.bench.ts: the last cycle of each unit of
 * test_FD00X.txt against RUL_FD00X.txt (or, where those files are absent, the validation protocol of
 * bench/cmapss.bench.ts: 30 % of the training units held out and cut at random points). Prints the bag's figures and
 * each member's alone (what bagging buys), then (last line) JSON {"subset","protocol","members","rmse","rmse125",
 * "coverage" (true RUL, intervals that reach the cap open above), "coverageClosed" (true RUL, every interval closed at
 * its upper bound), "coverage125" (capped RUL), "unbounded" (intervals open above), "memberRmse125":[…],"val_rmse",
 * "held_out_coverage","train_s"}. Nothing is chosen on the
 * evaluation units. Bad arguments or a missing train file: `CODE: message` on stderr, exit 2.
 */
import { join } from 'node:path';
import { RulTrainRequest } from '../packages/contracts/src/index';
import { intervalCoverage, rmse } from '../packages/ml/src/index';
import { fitRulModel } from '../services/rul-prediction/src/domain/rul-gbdt-model';
import { RulGbdtPredictor } from '../services/rul-prediction/src/domain/rul-gbdt-predictor';
import { CmapssBenchError, loadEvaluation } from './support/cmapss-protocol';

function parse(argv: readonly string[]): { data: string; subset: string; seed: number; members: number } {
  const out = { data: join(import.meta.dirname, '../../shared/datasets/cmapss'), subset: 'FD001', seed: 0, members: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (value === undefined) throw new CmapssBenchError('CMAPSS_BENCH_BAD_ARGS', `${flag} wants a value`);
    if (flag === '--data') out.data = value;
    else if (flag === '--subset' && /^FD00[1-4]$/.test(value)) out.subset = value;
    else if ((flag === '--seed' || flag === '--members') && /^\d+$/.test(value))
      out[flag === '--seed' ? 'seed' : 'members'] = Number(value);
    else throw new CmapssBenchError('CMAPSS_BENCH_BAD_ARGS', `unknown or bad argument ${flag} ${value}`);
  }
  if (out.members < 2 || out.members > 10) throw new CmapssBenchError('CMAPSS_BENCH_BAD_ARGS', '--members wants 2…10');
  return out;
}

function main(): void {
  const opts = parse(process.argv.slice(2));
  const evaluation = loadEvaluation(opts.data, opts.subset, 'auto', opts.seed);
  const { train, test, truth } = evaluation;
  console.log(`${opts.subset}: ${evaluation.note}`);
  const started = performance.now();
  // What a POST /api/v1/rul/train {source, seed, members} trains: the contract fills in the other defaults.
  const params = RulTrainRequest.parse({ source: opts.subset, seed: opts.seed, members: opts.members });
  const { artifact, metrics } = fitRulModel(opts.subset, train, params);
  const trainSeconds = (performance.now() - started) / 1000;
  const capped = truth.map((v) => Math.min(v, params.cap));
  const bag = RulGbdtPredictor.fromArtifact(artifact).predict(test);
  const rul = bag.map((r) => r.rul);
  const lower = bag.map((r) => r.lower);
  const upper = bag.map((r) => r.upper);
  // An interval reaching the cap is open above for the true RUL (SeriesRul.upperUnbounded).
  const openUpper = bag.map((r) => (r.upperUnbounded ? Infinity : r.upper));
  const memberRmse125 = artifact.members!.map((m) =>
    rmse(
      RulGbdtPredictor.fromArtifact({ ...artifact, members: [m] })
        .predict(test)
        .map((r) => r.rul),
      capped,
    ),
  );
  const figures = {
    subset: opts.subset,
    protocol: evaluation.protocol,
    seed: opts.seed,
    members: metrics.members,
    rmse: round(rmse(rul, truth)),
    rmse125: round(rmse(rul, capped)),
    coverage: round(intervalCoverage(truth, lower, openUpper), 3),
    coverageClosed: round(intervalCoverage(truth, lower, upper), 3),
    coverage125: round(intervalCoverage(capped, lower, upper), 3),
    unbounded: bag.filter((r) => r.upperUnbounded).length,
    memberRmse125: memberRmse125.map((v) => round(v)),
    val_rmse: round(metrics.valRmse),
    held_out_coverage: round(metrics.heldOutCoverage, 3),
    train_s: round(trainSeconds, 1),
  };
  console.log(
    `bag of ${metrics.members} (${metrics.trees} trees, ${figures.train_s} s): RMSE ${figures.rmse} (true RUL), ${figures.rmse125} (capped); ` +
      `coverage ${figures.coverage} (true RUL, ${figures.unbounded} of ${bag.length} intervals open above; ${figures.coverageClosed} if closed at ` +
      `their upper bound) / ${figures.coverage125} (capped); members alone vs capped: ${figures.memberRmse125.join(', ')}`,
  );
  console.log(JSON.stringify(figures));
}

function round(v: number, digits = 2): number {
  return Number(v.toFixed(digits));
}

try {
  main();
} catch (error) {
  if (!(error instanceof CmapssBenchError)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exit(2);
}
