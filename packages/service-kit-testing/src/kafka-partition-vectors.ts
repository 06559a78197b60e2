/**
 * Reference placements from Apache Kafka's own Java client (kafka-clients 4.4.0): for each UTF-8 key,
 * `Utils.murmur2(bytes)` and `BuiltInPartitioner.partitionForKey(bytes, n)` for n = 3 and n = 12, printed by a
 * small Java program run against the jars of infra/kafka. The first vectors are also those of Kafka's UtilsTest.
 * An independent oracle: the bus adapters must place keys exactly as a Java producer would.
 */
export interface PartitionVector {
  readonly key: string;
  readonly murmur2: number;
  readonly partitionOf3: number;
  readonly partitionOf12: number;
}

const rows: readonly [string, number, number, number][] = [
  ['', 275646681, 0, 9],
  ['a', -1563381124, 1, 4],
  ['ab', 316155434, 2, 2],
  ['abc', 479470107, 0, 3],
  ['21', -973932308, 0, 0],
  ['foobar', -790332482, 0, 6],
  ['a-little-bit-long-string', -985981536, 2, 8],
  ['a-little-bit-longer-string', -1486304829, 2, 11],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 2, 5],
  ['asset-42', 1482436492, 1, 4],
  ['pump-007/bearing-DE', 1348282370, 2, 2],
  ['machine:é✓', 589088892, 0, 0],
  ['k-0', 43242055, 1, 7],
  ['k-1', 1029908798, 2, 2],
  ['k-2', -1782643956, 2, 8],
  ['k-3', 1221307294, 1, 10],
  ['k-17', -1841731575, 2, 5],
  ['sensor-1234567', -1771781085, 2, 11],
];

export const KAFKA_PARTITION_VECTORS: readonly PartitionVector[] = rows.map(([key, murmur2, partitionOf3, partitionOf12]) => ({
  key,
  murmur2,
  partitionOf3,
  partitionOf12,
}));
