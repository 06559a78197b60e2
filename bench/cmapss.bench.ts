/**
 * npm run bench:cmapss -- --data <dir> --subset FD00X [--predictions FILE] [--seed N] [--models gbdt]
 *                         [--protocol auto|validation] [--level 0.9] [--intervals cqr|normalized] [--bags N] [--uncap on|off]
 *                         [--trajectory on|off]
 *                         [--xgboost]
 *   node --import tsx bench/cmapss.bench.ts --data ../shared/datasets/cmapss --subset FD001
 * Remaining useful life on NASA C-MAPSS (Saxena et al., PHM08).
 * Protocol: train on train_FD00X.txt; predict the RUL after the last cycle of each unit of test_FD00X.txt and score
 * against RUL_FD00X.txt. When the test or RUL file is absent (or with --protocol validation) the VALIDATION protocol
 * runs instead and says so in the output and the JSON (`"protocol":"validation"`): 30% of the training units (split
 * by unit, seeded) are held out, each cut to an RUL drawn uniformly in [1, min(life − 31, 200)] as the test units
 * were built (`truncate`), and the model trains on the other 70% only.
 * Scores: RMSE and PHM08 score (Σ e^(−d/13) − 1 for d < 0, e^(d/10) − 1 for d ≥ 0, d = predicted − true) against the
 * TRUE RUL — the headline, `rmse`/`score` in the JSON — and against the true RUL capped at 125, as much of the
 * literature scores (`rmse125`/`score125`); coverage and mean width of the `--level` (90%) intervals against the true
 * RUL (`coverage`, `width`) and the capped one (`coverage125`). Nothing is fitted or chosen on the test RUL.
 * Method (bench/support/cmapss-models.ts; features: packages/ml/src/rul/history-features.ts):
 *   1. RulPreprocessor on the training units: operating regimes (6 on FD002/FD004), per-regime standardisation,
 *      sensor selection, target min(RUL, 125);
 *   2. per cycle and selected sensor: last value, 5-cycle mean, W-cycle mean and slope, drift of the W-cycle mean
 *      from the unit's first W cycles; plus the cycle number; for W = 20 and W = 50;
 *   3. 5 folds by unit: per fold a GradientBoostedTrees per W (squared error, η 0.05, depth 6, early stopping on the
 *      fold's rows) and two quantile GBDTs (5% and 95%, on the true uncapped RUL, 200 rounds); the prediction is the
 *      mean of the 10 point models. `--models a,b` trains several families (FAMILIES: gbdt, gbdt-history with the
 *      operating-history features, gbdt-ewm, gru) and weights their means by non-negative least squares on the
 *      out-of-fold predictions against the capped truth (weights printed and in the JSON `weights`);
 *   4. CQR (conformalised quantile regression): [lo − q, hi + q], q calibrated on out-of-fold predictions of every
 *      training unit cut at 5 random points, against their true RUL (`--intervals normalized`: ŷ ± q·(10 + ŷ));
 *   5. `--trajectory on` (the default; off restores the plain stack): a second stage (RulTrajectoryStage, packages/ml)
 *      refines each fold's prediction from the same model's predictions at the 12 earlier cycles t − k (k ≤ 30), each
 *      shifted by k, and the cycles observed; learnt on out-of-fold rows (every training unit cut at 20 random points)
 *      against the capped truth; the fold-wise refined predictions are averaged. CQR intervals are unchanged;
 *   6. `--uncap on` (off by default, see docs/rul.md): a second stage (RulUncapper, packages/ml) fitted on those same
 *      out-of-fold rows maps (capped prediction, cycles observed) to the true RUL — their random cuts are its prior of
 *      how far into its life a unit is observed. CQR intervals are unchanged (their scores ignore the point
 *      prediction); normalized ones are calibrated on the stage's predictions cross-fitted over the units; with the
 *      trajectory stage, it uncaps the refined prediction. Whenever a second stage runs, the plain stack's own figures
 *      are printed too (JSON `stage1`).
 * --xgboost also trains our trees and xgboost's (PyPI) on the same matrices, same options, and prints both RMSEs
 * (JSON `xgboost`: {ours, xgboost, ratio}; issue 6 wants ratio ≤ 1.05).
 * Prints the protocol, per-fold fits, the figures, then (last line) JSON {"subset","protocol","rmse","score",
 * "coverage","width","rmse125","score125","coverage125","train_s", …}. --predictions FILE writes
 * `unit,rul,lower,upper` per evaluation unit. Bad arguments or a missing train file: `CODE: message` on stderr, exit 2.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initNnBackend, RulPreprocessor } from '../packages/ml/src/index';
import { crossFit, FAMILIES, predictWithInterval } from './support/cmapss-models';
import { compareWithXgboost, type XgboostComparison } from './support/cmapss-xgboost';
import { CmapssBenchError, loadEvaluation, parseArgs, predictionsCsv, scoreResult } from './support/cmapss-protocol';

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2), Object.keys(FAMILIES), join(import.meta.dirname, '../../shared/datasets/cmapss'));
  const evaluation = loadEvaluation(opts.data, opts.subset, opts.protocol, opts.seed);
  const { protocol, train, test, truth } = evaluation;
  console.log(`${opts.subset}: ${evaluation.note}`);
  console.log(
    `train ${train.length} units, evaluate ${test.length} units; models ${opts.models.join('+')}, seed ${opts.seed}, bags ${opts.bags}, ` +
      `trajectory ${opts.trajectory ? 'on' : 'off'}, uncap ${opts.uncap ? 'on' : 'off'}`,
  );

  const families = opts.models.map((m) => FAMILIES[m]!);
  if (families.some((f) => f.needsNnBackend)) await initNnBackend();
  const started = performance.now();
  const prep = RulPreprocessor.fit(train, { cap: 125, window: 30 });
  console.log(`regimes ${prep.regimes.count}, sensors ${prep.features.join(' ')}`);
  const fitted = crossFit(train, families, {
    prep,
    seed: opts.seed,
    level: opts.level,
    intervals: opts.intervals,
    bags: opts.bags,
    uncap: opts.uncap,
    trajectory: opts.trajectory,
    log: (line) => console.log(line),
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const predictStarted = performance.now();
  const { rul, stage1, lower, upper } = predictWithInterval(fitted, test);
  const predictSeconds = (performance.now() - predictStarted) / 1000;
  const s = scoreResult(truth, rul, lower, upper);
  const s1 = scoreResult(truth, stage1, lower, upper);
  const c = fitted.calibrator.calibration;
  console.log(
    `calibration: ${fitted.calibrationRows} out-of-fold rows, RMSE ${fitted.oofRmse.toFixed(2)} vs true RUL, ${fitted.oofRmse125.toFixed(2)} vs capped, ` +
      `q ${fitted.calibrator.quantile.toFixed(3)} (expected coverage ${c.expectedCoverage.toFixed(3)})`,
  );
  if (opts.predictions)
    writeFileSync(
      opts.predictions,
      predictionsCsv(
        test.map((u) => u.unit),
        rul,
        lower,
        upper,
      ),
    );

  const label = protocol === 'test' ? 'TEST' : 'VALIDATION (not the official test set)';
  console.log(`${label} ${opts.subset}, vs true RUL (headline): RMSE ${s.rmse.toFixed(2)}  PHM08 score ${s.score.toFixed(1)}`);
  console.log(
    `${label} ${opts.subset}, vs RUL capped at 125:      RMSE ${s.rmseCapped.toFixed(2)}  PHM08 score ${s.scoreCapped.toFixed(1)}`,
  );
  console.log(
    `${(100 * opts.level).toFixed(0)}% intervals: coverage ${(100 * s.coverage).toFixed(1)}% (capped truth ${(100 * s.coverageCapped).toFixed(1)}%), ` +
      `mean width ${s.width.toFixed(1)} cycles`,
  );
  if (opts.uncap || opts.trajectory) {
    console.log(
      `first stage alone (no trajectory stage, no uncap): RMSE ${s1.rmse.toFixed(2)} true / ${s1.rmseCapped.toFixed(2)} capped, ` +
        `PHM08 ${s1.score.toFixed(1)} / ${s1.scoreCapped.toFixed(1)}; out-of-fold ${fitted.stage1OofRmse.toFixed(2)} / ${fitted.stage1OofRmse125.toFixed(2)}`,
    );
  }
  console.log(`train ${trainSeconds.toFixed(1)} s, predict ${predictSeconds.toFixed(2)} s`);
  let xgb: XgboostComparison | undefined;
  if (opts.xgboost) {
    xgb = compareWithXgboost(prep, train, test, truth);
    console.log(
      `same matrices, same options, no sampling (vs true RUL): GradientBoostedTrees RMSE ${xgb.ours.toFixed(2)} (${xgb.oursSeconds.toFixed(1)} s), ` +
        `xgboost ${xgb.version} ${xgb.xgboost.toFixed(2)} (${xgb.xgboostSeconds.toFixed(1)} s): ratio ${xgb.ratio.toFixed(3)}; ` +
        `vs capped truth ${xgb.ours125.toFixed(2)} / ${xgb.xgboost125.toFixed(2)}`,
    );
  }
  const r = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;
  console.log(
    JSON.stringify({
      subset: opts.subset,
      protocol,
      rmse: r(s.rmse),
      score: r(s.score, 2),
      coverage: r(s.coverage),
      width: r(s.width, 2),
      rmse125: r(s.rmseCapped),
      score125: r(s.scoreCapped, 2),
      coverage125: r(s.coverageCapped),
      level: opts.level,
      units: test.length,
      train_s: r(trainSeconds, 1),
      models: opts.models,
      bags: opts.bags,
      uncap: opts.uncap,
      trajectory: opts.trajectory,
      ...(opts.uncap || opts.trajectory
        ? { stage1: { rmse: r(s1.rmse), score: r(s1.score, 2), rmse125: r(s1.rmseCapped), score125: r(s1.scoreCapped, 2) } }
        : {}),
      ...(families.length > 1 ? { weights: Array.from(fitted.weights, (w) => r(w)) } : {}),
      seed: opts.seed,
      ...(xgb
        ? {
            xgboost: {
              ours: r(xgb.ours),
              xgboost: r(xgb.xgboost),
              ratio: r(xgb.ratio),
              ours125: r(xgb.ours125),
              xgboost125: r(xgb.xgboost125),
            },
          }
        : {}),
    }),
  );
}

main().catch((error: unknown) => {
  if (!(error instanceof CmapssBenchError)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 2;
});
