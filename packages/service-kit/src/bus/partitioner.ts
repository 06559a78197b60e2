/**
 * Kafka's default key partitioner, bit for bit: `toPositive(Utils.murmur2(keyBytes)) % numPartitions`
 * (org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey). Both bus adapters place a key
 * with it, so a key keeps its partition — and therefore its order — when a deployment moves between the embedded
 * bus and Kafka, or when a Java/Python producer (whose clients use the same function) writes to the same topic.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const encoder = new TextEncoder();

/** Java's `Utils.murmur2(byte[])`: a signed 32-bit hash. Math.imul gives Java's wrapping int multiply. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length & ~3;
  for (let i = 0; i < length4; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch falls through: 3 → 2 → 1, then one multiply.
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= data[length4 + 2]! << 16;
    if (rest >= 2) h ^= data[length4 + 1]! << 8;
    h ^= data[length4]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's `Utils.toPositive`: masks the sign bit (not `Math.abs`, not `>>> 0`, which give other partitions). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's producer picks for `key` (UTF-8 bytes, as the Java StringSerializer writes it). */
export function partitionFor(key: string | Uint8Array, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  const bytes = typeof key === 'string' ? encoder.encode(key) : key;
  return toPositive(murmur2(bytes)) % partitions;
}
