import { z } from 'zod';

/** CloudEvents 1.0 structured-mode envelope shared by every topic. `subject` carries the asset id (the Kafka key). */
export const CloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(200),
  type: z.string().regex(/^vigie\.[a-z-]+\.v\d+$/),
  time: z.string().datetime({ offset: true }),
  subject: z.string().min(1).max(200),
  datacontenttype: z.literal('application/json').optional(),
  data: z.unknown(),
});

export type CloudEvent<T = unknown> = Omit<z.infer<typeof CloudEventSchema>, 'data'> & { data: T };

/**
 * Pairs an event type with its data schema (Kysely-style frozen helper): `SensorData.parse(raw)`,
 * `SensorData.create({ source, subject, data })`.
 */
export interface EventContract<S extends z.ZodType> {
  readonly type: string;
  readonly schema: S;
  parse(data: unknown): z.infer<S>;
  create(input: { source: string; subject: string; data: z.infer<S>; id?: string; time?: Date }): CloudEvent<z.infer<S>>;
}

export function defineEvent<S extends z.ZodType>(type: string, schema: S): EventContract<S> {
  const contract: EventContract<S> = {
    type,
    schema,
    parse: (data) => schema.parse(data),
    create: ({ source, subject, data, id, time }) => ({
      specversion: '1.0' as const,
      id: id ?? crypto.randomUUID(),
      source,
      type,
      time: (time ?? new Date()).toISOString(),
      subject,
      datacontenttype: 'application/json' as const,
      data,
    }),
  };
  return Object.freeze(contract);
}
