import { describe, expect, it } from 'vitest';
import { FeastFeatureStore } from '@vigie/service-kit';
import { featureStoreFor } from '../src/services';
import { loadSettings } from '../src/settings';

describe('featureStoreFor', () => {
  it('talks to Feast when FEAST_URL is set, and leaves the windows to the service database otherwise', () => {
    expect(featureStoreFor(loadSettings({ FEAST_URL: 'http://127.0.0.1:16566' }))).toBeInstanceOf(FeastFeatureStore);
    expect(featureStoreFor(loadSettings({}))).toBeUndefined();
    expect(featureStoreFor(loadSettings({ FEAST_URL: '' }))).toBeUndefined();
  });
});
