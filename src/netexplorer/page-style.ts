// The network explorer's stylesheet: light and dark themes as custom properties (the
// canvases read them too), panels in a grid that stacks on a phone.

export const STYLE = `
:root { --bg: #ffffff; --fg: #1a1a1a; --muted: #555555; --grid: #dddddd; --panel: #f7f7f7; --border: #c8c8c8; --accent: #0072b2;
  --class0: #e69f00; --class1: #0072b2; --surface-mid: #f4f4f4;
  --run0: #0072b2; --run1: #d55e00; --run2: #009e73; --run3: #cc79a7; color-scheme: light; }
:root[data-theme="dark"] { --bg: #121212; --fg: #eeeeee; --muted: #b5b5b5; --grid: #3a3a3a; --panel: #1d1d1d; --border: #444444; --accent: #56b4e9;
  --class0: #e69f00; --class1: #56b4e9; --surface-mid: #262626;
  --run0: #56b4e9; --run1: #e69f00; --run2: #009e73; --run3: #cc79a7; color-scheme: dark; }
@media (prefers-color-scheme: dark) { :root[data-theme="auto"] { --bg: #121212; --fg: #eeeeee; --muted: #b5b5b5; --grid: #3a3a3a; --panel: #1d1d1d; --border: #444444; --accent: #56b4e9;
  --class0: #e69f00; --class1: #56b4e9; --surface-mid: #262626;
  --run0: #56b4e9; --run1: #e69f00; --run2: #009e73; --run3: #cc79a7; color-scheme: dark; } }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; padding: .8rem; color: var(--fg); background: var(--bg); font-size: 15px; }
h1 { font-size: 1.25rem; margin: 0 0 .2rem; }
h2 { font-size: 1rem; margin: 0 0 .4rem; }
.intro { margin: 0 0 .4rem; max-width: 70rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
header { position: relative; }
.topbar { display: flex; gap: .4rem; align-items: center; margin-bottom: .5rem; }
.layout { display: grid; grid-template-columns: 19.5rem minmax(0, 1fr); gap: .8rem; align-items: start; }
#controls fieldset { border: 1px solid var(--border); border-radius: 6px; padding: .4rem .5rem .5rem; margin: 0 0 .6rem; display: grid; grid-template-columns: minmax(0, 1fr) 9.2rem; gap: .3rem .4rem; align-items: center; min-width: 0; }
#controls legend { font-weight: 600; padding: 0 .2rem; }
#controls .wide { grid-column: 1 / 3; min-width: 0; }
#controls input[type=number], #controls select, #controls input[list] { width: 100%; min-width: 0; }
#controls input[type=file] { max-width: 100%; }
.row { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
.layer-row, .start-row { display: grid; grid-template-columns: minmax(0, 1fr) 4.2rem; gap: .3rem; align-items: center; margin-bottom: .25rem; }
.start-row { grid-template-columns: 1.6rem minmax(0, 1fr) 4.6rem; }
.start-row .swatch { width: 1.2rem; height: 1.2rem; border-radius: 3px; display: inline-block; }
button, select, input { font: inherit; color: inherit; }
button { background: var(--panel); border: 1px solid var(--border); border-radius: 4px; padding: .2rem .55rem; cursor: pointer; }
select, input { background: var(--bg); border: 1px solid var(--border); border-radius: 3px; padding: .1rem .25rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.toolbar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.toolbar button { min-width: 4.5rem; }
.epoch { font-variant-numeric: tabular-nums; margin-left: .4rem; }
#status { min-height: 1.3em; margin: .3rem 0; color: var(--muted); }
.panels { display: grid; align-items: start; grid-template-columns: repeat(auto-fit, minmax(min(100%, 330px), 1fr)); gap: .7rem; }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: .5rem .6rem; min-width: 0; overflow: hidden; }
.panel canvas { display: block; max-width: 100%; }
#surface { width: 100%; max-width: 360px; aspect-ratio: 1; }
#curves { width: 100%; height: 220px; }
#layer-stats { width: 100%; height: 300px; }
#slice { width: 100%; max-width: 320px; aspect-ratio: 1; }
#sharpness { width: 100%; height: 140px; margin-top: .4rem; }
.legend, .small, #unit-info, #slice-status, #layers-text { font-size: .85rem; color: var(--muted); margin: .3rem 0 0; overflow-wrap: anywhere; }
.sw { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; }
.sw.c0 { background: var(--class0); } .sw.c1 { background: var(--class1); }
.run-key { display: inline-flex; gap: .25rem; align-items: center; margin-right: .6rem; }
#units .unit-layer { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin-bottom: 4px; }
#units .unit-layer > span { font-size: .8rem; color: var(--muted); width: 2.2rem; }
#units canvas { width: 40px; height: 40px; border: 1px solid var(--border); border-radius: 2px; }
#units canvas:hover, #units canvas:focus-visible { border-color: var(--fg); }
#cli { font-size: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg); border: 1px solid var(--border); padding: .4rem; margin: .3rem 0; max-height: 14rem; overflow: auto; }
#run-summary { font-variant-numeric: tabular-nums; margin: 0; overflow-wrap: anywhere; }
#notice { border: 2px solid #d55e00; background: var(--panel); padding: .4rem .7rem; margin: 0 0 .6rem; }
#notice ul { margin: .2rem 0 0 1.2rem; padding: 0; }
body.dragging { outline: 4px dashed var(--accent); outline-offset: -6px; }
@media (max-width: 760px) {
  .layout { grid-template-columns: minmax(0, 1fr); }
  body { padding: .5rem; }
}
`;
