// The page's play loop: training in short tasks, the views drawn once per frame.
//
// Training runs in tasks of about SLICE_MS each (one MessageChannel message a slice), apart
// from the frame's drawing, so no single task holds the page much longer than the drawing
// itself. Between two frames it trains for as long as the last frame took (the views, then
// the browser's layout and paint: from the frame's start to the next slice), within
// [MIN_BUDGET_MS, MAX_BUDGET_MS], so training keeps about half of the time however costly
// the views are. The cap bounds only the frame rate (a frame at least every drawing + 50 ms):
// the training between frames is sliced either way.

export const MIN_BUDGET_MS = 12;
export const MAX_BUDGET_MS = 50;
export const SLICE_MS = 8;

export interface LoopHooks {
  /** One epoch of every unfinished run. */
  step(): void;
  finished(): boolean;
  /** Draws the views (once per frame). */
  draw(): void;
  /** Called after the last frame once every run is finished. */
  done(): void;
}

export interface TrainLoop {
  start(): void;
  stop(): void;
  readonly running: boolean;
}

export function trainLoop(win: Window, hooks: LoopHooks): TrainLoop {
  let running = false;
  /** Each start() is a generation: messages and frames of an earlier one (stopped since) do nothing. */
  let generation = 0;
  let frameStart = 0;
  let trained = 0;
  let budget = MIN_BUDGET_MS;
  const channel = new MessageChannel();
  channel.port1.onmessage = (ev: MessageEvent<number>) => {
    if (ev.data === generation) slice();
  };
  const nextSlice = (): void => channel.port2.postMessage(generation);

  function slice(): void {
    if (!running) return;
    const t0 = win.performance.now();
    if (trained === 0 && frameStart > 0) budget = Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, t0 - frameStart));
    // The slice ends at SLICE_MS or where the budget runs out, whichever comes first (at least one epoch).
    const room = Math.min(SLICE_MS, budget - trained);
    do hooks.step();
    while (!hooks.finished() && win.performance.now() - t0 < room);
    trained += win.performance.now() - t0;
    if (!hooks.finished() && trained < budget) return nextSlice();
    const gen = generation;
    win.requestAnimationFrame(() => {
      if (gen === generation) frame();
    });
  }

  function frame(): void {
    if (!running) return;
    frameStart = win.performance.now();
    trained = 0;
    hooks.draw();
    if (hooks.finished()) {
      running = false;
      hooks.done();
    } else nextSlice();
  }

  return {
    start() {
      if (running) return;
      running = true;
      generation++;
      frameStart = 0;
      trained = 0;
      budget = MIN_BUDGET_MS;
      nextSlice();
    },
    stop() {
      running = false;
      generation++;
    },
    get running() {
      return running;
    },
  };
}
