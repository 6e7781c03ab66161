/**
 * The `loss-landscape/basins` entry point: basin maps and the init-scheme study.
 *
 * @module loss-landscape/basins
 */
// Basin maps and the init-scheme study: the library surface. Numerics only,
// no d3/jsdom; the figures are in render/basins.ts and render/init-study.ts.

export {
  basinMap,
  basinMapAsync,
  basinMapFromResult,
  checkBasinSpec,
  gridStarts,
  nearestCell,
  summarizeBasinMap,
  DEFAULT_BASIN_GRID,
  DEFAULT_BASIN_OPTIONS,
  DEFAULT_FLAT_EPSILON,
  MAX_BASIN_STARTS,
  type AsyncManyTrainer,
  type BasinMap,
  type BasinOptions,
  type BasinSummary,
  type ManyTrainer,
} from "./basin-map.js";
export {
  assembleStudy,
  checkStudyParams,
  defaultStudySchemes,
  distributionStd,
  drawStarts,
  initStudy,
  initStudyAsync,
  schemeLabel,
  studyDistribution,
  studyStarts,
  DEFAULT_STUDY_SIGMAS,
  FULL_STUDY_SAMPLES,
  MAX_STUDY_SAMPLES,
  type InitStudy,
  type StudyCell,
  type StudyParams,
  type StudyRow,
  type StudyScheme,
} from "./init-study.js";
export { studyJson } from "./study-json.js";
export { schemeSupports, type SchemeSupport } from "./supports.js";
export { proportion, wilsonInterval, Z95, type Proportion } from "./wilson.js";
