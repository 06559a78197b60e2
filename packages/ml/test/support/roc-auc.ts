/**
 * ROC AUC of `scores` against 0/1 `labels` (the probability that a random positive outscores a random negative, ties
 * counting half), over the rows where `keep` is true (all by default). Mann–Whitney U from average ranks.
 */
export function rocAuc(scores: ArrayLike<number>, labels: readonly number[], keep: (i: number) => boolean = () => true): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).filter(keep);
  idx.sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]!] !== 1) continue;
      rankSum += rank;
      positives++;
    }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
