// A study that crossed from the worker by structured clone keeps its data but not its
// classes: the grid fields come back as plain objects (ndarray's data and strides) and
// the sample table loses its iterator. This puts them back, sharing the typed arrays.

import ndarray from "ndarray";
import { SampleTable } from "../landscape/samples.js";
import type { Study } from "../landscape/study.js";
import type { Field, FieldName, GridResult } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";

function reviveGrid(g: GridResult): GridResult {
  // Fields are [rows, cols] = [b values, w values], row-major (makeField's layout).
  const fields = Object.fromEntries(
    Object.entries(g.fields).map(([name, f]) => [name, ndarray((f as { data: Float64Array }).data, [g.b.length, g.w.length])]),
  ) as Record<FieldName, Field>;
  return { ...g, fields };
}

export function reviveStudy(cloned: Study): Study {
  const grids: Partial<Record<LossName, GridResult>> = {};
  for (const [loss, g] of Object.entries(cloned.grids) as Array<[LossName, GridResult]>) grids[loss] = reviveGrid(g);
  return { ...cloned, grids, samples: new SampleTable(cloned.data, cloned.badStart) };
}
