// A 1-input binary classification data set, as parallel Float64 columns.

export interface Dataset {
  /** Inputs x_i. */
  x: Float64Array;
  /** Labels y_i ∈ {0, 1}. */
  y: Float64Array;
  /** Where the data came from: "seed" or a file path. */
  source: string;
}

/**
 * The tutorial's data: x = −2, −1.9, …, 1.9 (40 points), y = 1 where x > 0.2.
 *
 * x_i = (i − 20)/10 is the float64 nearest each decimal, and 0.2 itself is labelled 0.
 * That matches PyTorch's float32 `torch.arange(-2, 2, 0.1)`, where x[22] compares
 * equal to float32(0.2) and so is not > 0.2: 17 positives, 23 negatives. (The naive
 * float64 −2 + 0.1·i puts x[22] at 0.20000000000000018 and gives 18.)
 */
export function seedDataset(): Dataset {
  const n = 40;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (i - 20) / 10;
    // Compare in integer tenths so the boundary is exact: x > 0.2 ⇔ i − 20 > 2.
    y[i] = i - 20 > 2 ? 1 : 0;
  }
  return { x, y, source: "seed" };
}

/** Number of samples with y = 1. */
export function countPositives(data: Dataset): number {
  let k = 0;
  for (const v of data.y) if (v === 1) k++;
  return k;
}
