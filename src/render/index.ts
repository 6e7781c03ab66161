/**
 * The `loss-landscape/render` entry point: the renderers: a `Document` and data in, SVG text out.
 *
 * @module loss-landscape/render
 */
// Rendering building blocks and figure compositions. Everything takes a Document
// (jsdom in Node) and data, and returns SVG text; nothing here reads flags or files.

export { createSvg, localId, FONT_STACK, SVG_NS, type Svg, type G, type FigureSpec } from "./svg.js";
export { serializeSvg, round2, roundNumbers } from "./serialize.js";
export { colorBands, bandIndex, bandScale, finiteExtent, COLOR_SCHEMES, SCALE_TYPES, type ColorBands, type ColorScheme, type ScaleType } from "./scales.js";
export { plotFrame, defs, clippedLayer, type GridField, type PlotFrame, type Rect } from "./frame.js";
export { contourSet, gridToData, multiPolygonPath, log10Field } from "./geometry.js";
export { drawHeatmap, contourSpace, type HeatmapLayer } from "./heatmap.js";
export { drawContourLines, drawBandEdges } from "./contours.js";
export { drawFlatRegion, flatRegionPath, hatchPattern, GRAD_FLOOR } from "./flat-region.js";
export { drawTrajectories, polylinePoints, type Trajectory } from "./trajectories.js";
export { drawAxes } from "./axes.js";
export { drawColorbar } from "./colorbar.js";
export { drawLegend, legendHeight, type LegendEntry } from "./legend.js";
export { drawHeading, headingHeight, type Heading } from "./text.js";
export { runColor, RUN_COLORS } from "./palette.js";
export { runStages, type Stage } from "./pipeline.js";
export { drawPanel, PANEL_STAGES, type PanelInput, type PointMarker } from "./panel.js";
export { renderLandscapeFigure, FIGURE_WIDTH, type LandscapeFigureInput, type LabelledTrajectory } from "./figures/landscape.js";
export { renderTwoPanel, type TwoPanelInput } from "./figures/two-panel.js";
export { renderLossCurves, type LossCurve, type LossCurvesInput } from "./figures/loss-curves.js";
export { renderLayerStats, type LayerStatsInput, type LayerStatsSeries } from "./figures/layer-stats.js";
export { renderSaturation, type SaturationInput, type SaturationSample } from "./figures/saturation.js";
export { renderSliceFigure, evenIndices, MAX_DRAWN_SIDE, type SliceFigureInput, type SlicePath } from "./figures/slice.js";
export { renderSliceResult, type SliceResultLike } from "./figures/slice-result.js";
export { renderSlice1dFigure, type Slice1dFigureInput, type SliceLine } from "./figures/slice-1d.js";
export { drawChart, type ChartSeries, type ChartOptions } from "./figures/slice-chart.js";
export { renderGallery, escapeHtml, type GalleryItem, type GalleryLink } from "./gallery.js";
export { formatPower, formatPoint, formatPercent } from "./format.js";
export { applyTheme, themeStyle, THEMES, type Theme } from "./theme.js";
export { columnExtremes, fitPolyline, thinByDistance, MAX_POLYLINE_POINTS } from "./reduce.js";
export { renderBasinsFigure, accuracyBands, SUPPORT_STYLES, type BasinPanel, type BasinsFigureInput, type SupportBox } from "./basins.js";
export { renderInitStudyFigure, type InitStudyFigureInput, type StudyFigureRow, type StudyPoint, type StudySeries } from "./init-study.js";
export { renderSpectrum, type SpectrumInput, type SpectrumSeries } from "./figures/spectrum.js";
export { eigenvalueScale, symlogConstant, symlogTicks, SPECTRUM_AXES, type SpectrumAxis } from "./figures/spectrum-scale.js";
