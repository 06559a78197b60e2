import { beforeAll, describe, expect, it } from 'vitest';
import { ConvAutoencoder, initNnBackend } from '../src';
import { skab } from './support/datasets';
import { rocAuc } from './support/roc-auc';

// SKAB's protocol: fit on the first 400 rows of an experiment (normal), score the rest online, ROC AUC against the
// `anomaly` column. Weights are deterministic per seed and backend, so these figures are reproducible on WASM.
describe('ConvAutoencoder on SKAB valve1/1.csv (default options)', () => {
  const { train, test, labels } = skab('valve1/1.csv');
  beforeAll(async () => {
    await initNnBackend();
  });

  it('separates the valve anomalies from normal running (causal ROC AUC ≥ 0.7 for each of three seeds)', () => {
    const aucs = [0, 1, 2].map((seed) => {
      const ae = new ConvAutoencoder({ seed });
      ae.fit(train);
      return rocAuc(ae.score(test), labels);
    });
    console.log(`conv-autoencoder SKAB valve1/1 causal ROC AUC by seed: ${aucs.map((a) => a.toFixed(3)).join(' ')}`);
    for (const auc of aucs) expect(auc).toBeGreaterThanOrEqual(0.7);
  });
});
