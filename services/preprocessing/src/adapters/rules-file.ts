import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { summarizeIssues } from '@vigie/contracts';
import { PipelineRules, PreprocessingConfigError, resolveOptions } from '../domain/options';

export class PreprocessingConfigFileError extends Error {
  constructor(path: string, reason: string) {
    super(`preprocessing config ${path}: ${reason}`);
    this.name = 'PreprocessingConfigFileError';
  }
}

/** Reads pipeline rules (YAML or JSON: JSON is YAML) and checks them; errors name the file and the field. */
export async function loadRulesFile(path: string): Promise<PipelineRules> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (err) {
    throw new PreprocessingConfigFileError(path, (err as Error).message);
  }
  const parsed = PipelineRules.safeParse(raw ?? {});
  if (!parsed.success) throw new PreprocessingConfigFileError(path, summarizeIssues(parsed.error.issues));
  try {
    checkRules(parsed.data);
  } catch (err) {
    if (err instanceof PreprocessingConfigError) throw new PreprocessingConfigFileError(path, err.message);
    throw err;
  }
  return parsed.data;
}

/** Resolves every layer once (defaults, each unit, kind and sensor over the defaults), so a mistake stops the start. */
export function checkRules(rules: PipelineRules): void {
  const layer = (where: string, sensor: { sensorId: string; unit: string }) => {
    try {
      resolveOptions(rules, sensor);
    } catch (err) {
      if (err instanceof PreprocessingConfigError)
        throw new PreprocessingConfigError(err.issues.map((i) => ({ ...i, path: `${where}.${i.path}` })));
      throw err;
    }
  };
  layer('defaults', { sensorId: '', unit: '' });
  for (const unit of Object.keys(rules.units)) layer(`units.${unit}`, { sensorId: '', unit });
  for (const kind of Object.keys(rules.kinds)) layer(`kinds.${kind}`, { sensorId: `.${kind}`, unit: '' });
  for (const sensorId of Object.keys(rules.sensors)) layer(`sensors.${sensorId}`, { sensorId, unit: '' });
}
