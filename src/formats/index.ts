/**
 * `loss-landscape/formats`: every file format the toolkit reads or writes, each as a pure
 * reader (text or bytes → plain data) and writer (plain data → text or bytes). Nothing here
 * touches the file system: the CLI reads and writes the files.
 *
 * | format | reader | writer |
 * | --- | --- | --- |
 * | params JSON | `parseParamsDocument`, `parseParamsJson` | `serializeParams` |
 * | params safetensors (nn.Sequential names) | `parseSafetensors`, `safetensorsLayers`, `safetensorsMeta` | `serializeSafetensors` |
 * | params file, either spelling | `parseParamsFile` | `serializeParamsFile` |
 * | keyed safetensors (a model's parameters by name) | `readKeyed` | `writeKeyed` (on `packSafetensors`, the safetensors writer) |
 * | directions files | `parseDirection` (network), `readKeyed` (model) | `serializeDirection`, `writeKeyed` |
 * | trajectory JSON and CSV | `parseTrajectory` | `trajectoryJsonChunks` |
 * | keyed trajectory safetensors | `readKeyedTrajectory` | `writeKeyedTrajectory` |
 * | grid JSON and CSV | `parseGridJson`, `parseGridCsv` | `gridJsonChunks`, `gridCsvChunks` (ndarray fields), `gridResultJsonChunks`, `gridResultCsvChunks` (the plain `grid` result) |
 * | basins JSON and CSV | — | `basinsJsonChunks`, `basinsCsvChunks` (the plain `basins` result) |
 * | slice JSON and CSV | `parseSliceJson`, `parseSliceCsv`, `sliceDocumentOfJson` (of the plain `slice` result) | `sliceJsonChunks`, `sliceCsvChunks` |
 * | HDF5 surface (Li et al.'s layout) | `readSurfaceH5` | `surfaceH5` (of `sliceSurfaceFile`) |
 * | VTK PolyData surface (h52vtp.py's) | — | `vtpSurfaceChunks` (of `sliceVtp`) |
 *
 * @module loss-landscape/formats
 */

export { parseParamsDocument, parseParamsJson, serializeParams, layersToTheta, thetaToLayers, thetaToRawLayers, hiddenFromLayers, ParamsError, type RawLayer } from "./params-json.js";
export { paramsMeta, metaFromObject, metaToStrings, metaMismatches, type ParamsMeta } from "./params-meta.js";
export { parseSafetensors, safetensorsLayers, safetensorsMeta, serializeSafetensors, packSafetensors, PARAM_NAMES, type ParamNames } from "./safetensors.js";
export { parseParamsFile, serializeParamsFile, paramsSpellingOf, parseDirection, serializeDirection, type ParamsFile, type ParamsSpelling } from "./params-file.js";
export { readKeyed, writeKeyed, checkKeyedNames } from "./keyed-safetensors.js";
export { parseTrajectory, trajectorySteps, trajectoryJsonChunks, MAX_TRAJECTORY_ENTRIES, MAX_TRAJECTORY_POINTS, type TrajectoryFile } from "./trajectory.js";
export { readKeyedTrajectory, writeKeyedTrajectory, TRAJECTORY_FORMAT } from "./keyed-trajectory.js";
export { parseGridJson, parseGridCsv, gridJsonChunks, gridCsvChunks, gridResultJsonChunks, gridResultCsvChunks, GRID_FORMATS, type GridFormat, type GridFields, type GridCsvFields, type GridJson } from "./grid.js";
export { basinsJsonChunks, basinsCsvChunks, BASINS_FORMATS, type BasinsFormat, type BasinsJson, type BasinsMapJson } from "./basins.js";
export { parseSliceJson, parseSliceCsv, sliceDocumentOfJson, sliceJsonChunks, sliceCsvChunks, SLICE_FORMATS, STANDARD_ERROR_FIELD, type SliceFormat, type SliceDocument } from "./slice.js";
export { sliceSurfaceFile, sliceVtp } from "./slice-surface.js";
export { surfaceH5, readSurfaceH5, type SurfaceFile } from "./h5-surface.js";
export { vtpSurfaceChunks, type VtpSurface } from "./vtp-surface.js";
