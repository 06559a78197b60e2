/** One JSON object per line on stdout, the shape every Vigie process logs in. */
export function log(level: 'info' | 'error', msg: string, fields: object = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, name: 'plant-simulator', msg, ...fields })}\n`);
}

/** A numeric flag, with the flag's name in the error when it does not parse. */
export function numberArg(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${name} expects a number, got ${raw}`);
  return value;
}
