import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestHarness, eventually } from '@vigie/service-kit-testing';
import { buildService } from '../src/services';
import { loadSettings } from '../src/settings';

const TRAIN_FD001 = fileURLToPath(new URL('../../../../shared/datasets/cmapss/train_FD001.txt', import.meta.url));

describe('rul-prediction wiring', () => {
  it('trains into the platform registry (<dataDir>/models) and object store (<dataDir>/objects/rul-models)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigie-rul-wiring-'));
    const h = await createTestHarness();
    const service = buildService(
      'rul-prediction',
      h.deps('rul_wiring'),
      loadSettings({ VIGIE_DATA_DIR: dataDir, MLFLOW_URL: '', S3_ENDPOINT: '' }),
    );
    try {
      await service.start();
      const text = readFileSync(TRAIN_FD001, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && Number(l.trim().split(/\s+/)[0]) <= 12)
        .join('\n');
      await service.app.inject({ method: 'POST', url: '/api/v1/rul/training-data', payload: { source: 'W', text } });
      const job = (await service.app.inject({ method: 'POST', url: '/api/v1/rul/train', payload: { source: 'W', rounds: 20 } })).json();
      const done = await eventually(async () => {
        const j = (await service.app.inject({ method: 'GET', url: `/api/v1/rul/jobs/${job.id}` })).json();
        return j.status === 'succeeded' || j.status === 'failed' ? j : null;
      }, 60_000);
      expect(done).toMatchObject({ status: 'succeeded', models: [{ model: 'rul-W', version: 1, promoted: true }] });
      expect(existsSync(join(dataDir, 'models', 'models', 'rul-W'))).toBe(true);
      expect(readdirSync(join(dataDir, 'objects', 'rul-models', 'rul-W'))).toHaveLength(1);
    } finally {
      await service.stop();
      await h.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
