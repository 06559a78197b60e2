import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { summarizeIssues } from '@vigie/contracts';
import { SourceConfigSchema, type SourceConfig } from './index';

export const PlantFileSchema = z
  .object({
    sources: z.array(SourceConfigSchema).min(1),
  })
  .strict()
  .refine((f) => new Set(f.sources.map((s) => s.id)).size === f.sources.length, { message: 'source ids must be unique', path: ['sources'] });

export class PlantFileError extends Error {
  constructor(path: string, reason: string) {
    super(`plant file ${path}: ${reason}`);
    this.name = 'PlantFileError';
  }
}

/** Reads a plant file (YAML or JSON: JSON is YAML) and validates it; errors name the file and the field. */
export async function loadPlantFile(path: string): Promise<SourceConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new PlantFileError(path, (err as Error).message);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new PlantFileError(path, `not valid YAML/JSON: ${(err as Error).message}`);
  }
  const parsed = PlantFileSchema.safeParse(raw);
  if (!parsed.success) throw new PlantFileError(path, summarizeIssues(parsed.error.issues));
  return parsed.data.sources;
}
