import { describe, expect, it } from 'vitest';
import { describeObjectStoreContract } from '@vigie/service-kit-testing';
import { S3ObjectStore, type S3ObjectStoreConfig } from '../src/object-store/index';

// Never skipped: a missing server must fail the run, not silently pass it.
function s3Config(): S3ObjectStoreConfig {
  const endpoint = process.env.VIGIE_TEST_S3_ENDPOINT;
  const accessKeyId = process.env.VIGIE_TEST_S3_ACCESS_KEY;
  const secretAccessKey = process.env.VIGIE_TEST_S3_SECRET_KEY;
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error(
      'VIGIE_TEST_S3_ENDPOINT, VIGIE_TEST_S3_ACCESS_KEY and VIGIE_TEST_S3_SECRET_KEY must be set. The integration test ' +
        'command starts an S3 server first: run `infra/s3/s3.sh start` and export the S3_ENDPOINT, S3_ACCESS_KEY and ' +
        'S3_SECRET_KEY it prints under those names.',
    );
  }
  return { endpoint, accessKeyId, secretAccessKey, region: 'us-east-1', forcePathStyle: true };
}
const config = s3Config();

describeObjectStoreContract('S3 (real server)', () => S3ObjectStore.fromConfig(config));

describe('S3ObjectStore', () => {
  it('fails with the server’s error, not OBJECT_NOT_FOUND, when the credentials are wrong', async () => {
    const store = S3ObjectStore.fromConfig({ ...config, secretAccessKey: `${config.secretAccessKey}-wrong`, maxAttempts: 1 });
    const error: unknown = await store.ensureBucket('vigie-auth-probe').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    await expect(store.get('vigie-auth-probe', 'k')).rejects.not.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await store.close();
  });
});
