import type { FailedNode, SourceLogger, SourceNode } from './types';

/**
 * The nodes that cannot be acquired, each logged once per distinct error so that a node
 * failing on every poll does not flood the log, and listed in the source's status.
 */
export interface NodeHealth {
  fail(node: SourceNode | { nodeId: string; sensorId: string }, error: string): void;
  recover(node: SourceNode): void;
  isFailed(node: SourceNode): boolean;
  /** Wall-clock ms of the first failure, for retry pacing. */
  failedAt(node: SourceNode): number | undefined;
  list(): FailedNode[];
}

export function createNodeHealth(logger: SourceLogger, now: () => number = Date.now): NodeHealth {
  const failed = new Map<string, FailedNode & { at: number }>();
  const key = (node: { nodeId: { toString(): string } | string }) => node.nodeId.toString();
  return {
    fail(node, error) {
      const k = key(node);
      const previous = failed.get(k);
      if (previous?.error === error) return;
      const at = previous?.at ?? now();
      failed.set(k, { nodeId: k, sensorId: node.sensorId, error, since: new Date(at).toISOString(), at });
      logger.warn({ node: k, sensorId: node.sensorId, error }, 'OPC UA node skipped');
    },
    recover(node) {
      const k = key(node);
      if (!failed.delete(k)) return;
      logger.info({ node: k, sensorId: node.sensorId }, 'OPC UA node recovered');
    },
    isFailed: (node) => failed.has(key(node)),
    failedAt: (node) => failed.get(key(node))?.at,
    list: () => [...failed.values()].map(({ at: _at, ...rest }) => rest),
  };
}
