// A slice as Li et al.'s surface file (--format h5) and ParaView surface (--format vtp):
// their datasets (xcoordinates, ycoordinates, train_loss, train_acc in percent) and,
// under our own names, everything else the JSON holds (accuracy as a fraction, ‖∇L‖,
// the directions, the metadata as JSON attributes).

import type { SurfaceFile } from "./h5-surface.js";
import type { VtpSurface } from "./vtp-surface.js";
import type { SliceDocument } from "./slice.js";

export function sliceSurfaceFile(doc: SliceDocument, version: string): SurfaceFile {
  const r = doc.result;
  const f = r.fields;
  const acc = f.accuracy.data as Float64Array;
  const attributes: Record<string, string | number> = {
    generator: `loss-landscape ${version}`,
    layout: "train_loss[i][k] is the value at (xcoordinates[k], ycoordinates[i]): rows by y, as plot_2D.py reads it",
  };
  for (const [k, v] of Object.entries(doc.header)) attributes[k] = typeof v === "number" || typeof v === "string" ? v : JSON.stringify(v);
  attributes.directions = JSON.stringify(doc.directionMeta);
  if (doc.trajectory) attributes.trajectory = JSON.stringify(doc.trajectory);
  return {
    x: r.alpha,
    y: doc.d2 ? r.beta : null,
    fields: [
      { name: "train_loss", data: f.loss.data as Float64Array },
      { name: "train_acc", data: acc.map((a) => 100 * a) },
      { name: "accuracy", data: acc },
      { name: "grad_norm", data: f.gradNorm.data as Float64Array },
      ...(doc.extraFields ?? []).map((e) => ({ name: e.h5Name, data: e.data })),
    ],
    vectors: [{ name: "d1", data: doc.d1 }, ...(doc.d2 ? [{ name: "d2", data: doc.d2 }] : [])],
    attributes,
  };
}

export function sliceVtp(doc: SliceDocument, log: boolean): VtpSurface {
  const r = doc.result;
  return {
    x: r.alpha,
    y: r.beta,
    z: r.fields.loss.data as Float64Array,
    extra: [
      { name: "accuracy", data: r.fields.accuracy.data as Float64Array },
      { name: "gradNorm", data: r.fields.gradNorm.data as Float64Array },
    ],
    log,
  };
}
