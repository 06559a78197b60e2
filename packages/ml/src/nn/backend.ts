import { MlError } from '../errors';

/** The `@tensorflow/tfjs` module, loaded on first use so that importing @vigie/ml does not load TensorFlow.js. */
export type Tf = typeof import('@tensorflow/tfjs');

/** The tfjs backend neural detectors train on: WASM (SIMD, single-threaded in Node) or, failing that, plain JS. */
export type NnBackendName = 'wasm' | 'cpu';

export interface NnBackendOptions {
  /** Skip WASM and train on the pure-JS backend (≈ 10× slower; for environments without WebAssembly). */
  readonly preferCpu?: boolean;
  /** Told why WASM could not be used. Default: `console.warn`. */
  readonly onFallback?: (reason: string) => void;
}

let loading: Promise<NnBackendName> | undefined;
let ready: { tf: Tf; backend: NnBackendName } | undefined;

/**
 * Loads tfjs and selects its backend, once per process (later calls return the first call's promise, whatever their
 * options): WASM when it initialises, else 'cpu' with the reason passed to `onFallback`. Weights trained with one seed
 * are identical run to run on the same backend, not across backends. Browsers must call the WASM backend's
 * `setWasmPaths` before this if the .wasm files are not served beside the bundle.
 */
export function initNnBackend(options: NnBackendOptions = {}): Promise<NnBackendName> {
  loading ??= load(options).catch((error: unknown) => {
    loading = undefined; // tfjs itself failed to load: let a later call try again
    throw error;
  });
  return loading;
}

async function load({
  preferCpu = false,
  onFallback = (r: string) => console.warn(`@vigie/ml: ${r}`),
}: NnBackendOptions): Promise<NnBackendName> {
  const tf = await import('@tensorflow/tfjs');
  let backend: NnBackendName = 'cpu';
  if (!preferCpu) {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) backend = 'wasm';
      else onFallback('the tfjs WASM backend did not initialise; training on the cpu backend');
    } catch (error) {
      onFallback(`the tfjs WASM backend failed (${error instanceof Error ? error.message : String(error)}); training on the cpu backend`);
    }
  }
  if (backend === 'cpu' && !(await tf.setBackend('cpu')))
    throw new MlError('ML_BACKEND_NOT_READY', 'the tfjs cpu backend did not initialise');
  await tf.ready();
  ready = { tf, backend };
  return backend;
}

/** The loaded tfjs module and its backend; fails with ML_BACKEND_NOT_READY before `await initNnBackend()`. */
export function requireNn(what: string): { tf: Tf; backend: NnBackendName } {
  if (!ready)
    throw new MlError('ML_BACKEND_NOT_READY', `${what} needs TensorFlow.js: await initNnBackend() first (or use the async method)`);
  return ready;
}
