import { isModelRegistryError, ModelRegistryError } from './errors';
import type { MlflowHttp } from './mlflow-http';
import { PROXIED_URI } from './mlflow-mapping';
import { createExperimentResponse, experimentResponse } from './mlflow-schemas';

/**
 * MLflow experiments by name, created on first use, each looked up once per process (name → id for new runs,
 * id → name for reading runs back). A failed lookup is not remembered: the next call tries again.
 */
export class MlflowExperiments {
  readonly #ids = new Map<string, Promise<string>>();
  readonly #names = new Map<string, Promise<string>>();

  constructor(private readonly http: MlflowHttp) {}

  /** The experiment's id, created on first use; it must store artifacts through the server's proxy. */
  id(name: string): Promise<string> {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.#resolve(name);
      this.#ids.set(name, id);
      // A failure is not remembered: the next run tries again.
      id.catch(() => this.#ids.delete(name));
    }
    return id;
  }

  async #resolve(name: string): Promise<string> {
    const byName = () => this.http.get('experiments/get-by-name', { experiment_name: name }, experimentResponse);
    let found;
    try {
      found = await byName();
    } catch (error) {
      if (!isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) throw error;
      await this.http.post('experiments/create', { name }, createExperimentResponse).catch((failure: unknown) => {
        // Created meanwhile by another process: fine, it is read back below.
        if (!isModelRegistryError(failure, 'REGISTRY_CONFLICT')) throw failure;
      });
      found = await byName();
    }
    const { experiment_id: id, lifecycle_stage: stage, artifact_location: location } = found.experiment;
    if (stage !== 'active')
      throw new ModelRegistryError('REGISTRY_CONFLICT', { reason: `experiment ${name} is ${stage}: restore it or pick another name` });
    if (!PROXIED_URI.test(location)) {
      throw new ModelRegistryError('REGISTRY_BAD_INPUT', {
        reason: `experiment ${name} stores artifacts at ${location}, not through the server's proxy (mlflow-artifacts:)`,
      });
    }
    return id;
  }

  name(id: string): Promise<string> {
    let name = this.#names.get(id);
    if (name === undefined) {
      name = this.http.get('experiments/get', { experiment_id: id }, experimentResponse).then(({ experiment }) => experiment.name);
      this.#names.set(id, name);
      name.catch(() => this.#names.delete(id));
    }
    return name;
  }
}
