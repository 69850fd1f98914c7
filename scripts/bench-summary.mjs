/** A benchmark figure over its runs: the median with the smallest and largest, as every bench reports them. */
export function summary(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}
