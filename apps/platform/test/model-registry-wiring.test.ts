import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalModelRegistry, MlflowModelRegistry } from '@vigie/service-kit';
import { modelRegistryFor } from '../src/services';
import { loadSettings } from '../src/settings';

describe('modelRegistryFor', () => {
  it('talks to MLflow when MLFLOW_URL is set, and keeps models under <dataDir>/models otherwise', async () => {
    expect(modelRegistryFor(loadSettings({ MLFLOW_URL: 'http://127.0.0.1:15500' }))).toBeInstanceOf(MlflowModelRegistry);
    const dataDir = await mkdtemp(join(tmpdir(), 'vigie-wiring-'));
    try {
      const local = modelRegistryFor(loadSettings({ VIGIE_DATA_DIR: dataDir, MLFLOW_URL: '' }));
      expect(local).toBeInstanceOf(LocalModelRegistry);
      const run = await local.startRun('wiring');
      await run.logArtifact('model/x.json', new TextEncoder().encode('{}'));
      await run.end();
      await local.registerVersion('wired', run.id, 'model/x.json');
      expect((await local.listVersions('wired')).map((v) => v.version)).toEqual([1]);
      expect(existsSync(join(dataDir, 'models', 'models', 'wired'))).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
