import { isModelRegistryError, ModelRegistryError } from './errors';
import { CHAMPION_ALIAS, type ModelRegistry, type ModelVersion } from './model-registry';
import { assertValidAlias, assertValidKey } from './validation';

export interface PromotionCriterion {
  /** The validation metric both versions' runs logged, e.g. `val_rmse`. */
  readonly metric: string;
  /** `false` for an error (RMSE), `true` for a score (accuracy, AUC). */
  readonly greaterIsBetter: boolean;
  /** Default `champion`. */
  readonly alias?: string;
}

export type PromotionReason =
  /** Promoted: the alias pointed nowhere (the model's first version). */
  | 'no-champion'
  /** Promoted: strictly better than the champion. */
  | 'better'
  /** Kept: the candidate is worse. */
  | 'worse'
  /** Kept: equal values; a new version has to earn the switch. */
  | 'tie'
  /** Kept: the candidate already is the champion. */
  | 'already-champion'
  /** Kept: the champion's run has no value for the metric, so nothing shows the candidate is better. */
  | 'champion-unmeasured';

export interface PromotionDecision {
  readonly promoted: boolean;
  readonly reason: PromotionReason;
  /** One sentence for the training log, e.g. `v4 val_rmse 3.1 beats champion v3 (3.4; lower is better)`. */
  readonly explanation: string;
  readonly candidate: { readonly version: number; readonly value: number };
  /** The champion before the decision, when there was one. */
  readonly champion?: { readonly version: number; readonly value: number | undefined };
}

/**
 * Points `champion` (or `criterion.alias`) at `candidate` only when the candidate's validation metric beats the
 * current champion's; ties keep the champion. Both values are read from the registry, not taken from the caller, so
 * the decision is about what is stored. A candidate without the metric is a caller mistake (REGISTRY_BAD_INPUT).
 *
 * Not atomic: two trainers promoting versions of the same model at the same moment may both compare against the old
 * champion, and the later `setAlias` wins. One training job per model (the orchestrating use-case's rule) avoids it.
 */
export async function promoteIfBetter(
  registry: ModelRegistry,
  model: string,
  candidate: number | Pick<ModelVersion, 'version'>,
  criterion: PromotionCriterion,
): Promise<PromotionDecision> {
  const alias = criterion.alias ?? CHAMPION_ALIAS;
  assertValidAlias(alias);
  assertValidKey('metric', criterion.metric);
  const stored = await registry.getVersion(model, typeof candidate === 'number' ? candidate : candidate.version);
  const value = stored.metrics[criterion.metric];
  if (value === undefined) {
    throw new ModelRegistryError('REGISTRY_BAD_INPUT', {
      model,
      version: stored.version,
      reason: `its run has no metric ${criterion.metric} to compare`,
    });
  }
  const current = await currentHolder(registry, model, alias);
  const held0 = current?.metrics[criterion.metric];
  const subject = `v${stored.version} ${criterion.metric} ${shown(value, held0)}`;
  const decide = async (promoted: boolean, reason: PromotionReason, explanation: string): Promise<PromotionDecision> => {
    if (promoted) await registry.setAlias(model, alias, stored.version);
    const champion = current && { version: current.version, value: current.metrics[criterion.metric] };
    return { promoted, reason, explanation, candidate: { version: stored.version, value }, ...(champion ? { champion } : {}) };
  };

  if (current === undefined) return decide(true, 'no-champion', `${subject} becomes ${alias}: there was none`);
  if (current.version === stored.version) return decide(false, 'already-champion', `v${stored.version} already is ${alias}`);
  const held = held0;
  if (held === undefined) {
    return decide(false, 'champion-unmeasured', `${subject} kept out: ${alias} v${current.version} has no ${criterion.metric} to compare`);
  }
  const direction = criterion.greaterIsBetter ? 'higher is better' : 'lower is better';
  if (value === held) return decide(false, 'tie', `${subject} ties ${alias} v${current.version}, which stays`);
  const better = criterion.greaterIsBetter ? value > held : value < held;
  return better
    ? decide(true, 'better', `${subject} beats ${alias} v${current.version} (${shown(held, value)}; ${direction})`)
    : decide(false, 'worse', `${subject} does not beat ${alias} v${current.version} (${shown(held, value)}; ${direction})`);
}

/**
 * A metric as the explanation shows it: six significant digits (1.84848, not 1.848484713987138), or every digit when
 * six would make it read equal to the value it is compared with.
 */
function shown(value: number, other: number | undefined): string {
  const short = (v: number): string => String(Number(v.toPrecision(6)));
  return other !== undefined && other !== value && short(other) === short(value) ? String(value) : short(value);
}

async function currentHolder(registry: ModelRegistry, model: string, alias: string): Promise<ModelVersion | undefined> {
  try {
    return await registry.getVersionByAlias(model, alias);
  } catch (error) {
    if (isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) return undefined;
    throw error;
  }
}
