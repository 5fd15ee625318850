// Work that may wait until the first screen is on the glass (issue 12): charts and
// the panels below the fold are drawn in a task after the next two frames, so the
// frame that paints what a page has just rendered does not wait for them, and a tap
// on it is handled before they start.

/** Resolves in a task after the next two animation frames. */
export function afterPaint() {
  return new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(res, 0))));
}

/** Resolves after afterPaint(), once the page is idle (requestIdleCallback, within
 * 500 ms): for work that should not delay even the first tap on the first screen
 * (the sidebar's entries below the fold). */
export function whenIdle() {
  return afterPaint().then(() => new Promise((res) => {
    if (window.requestIdleCallback) window.requestIdleCallback(() => res(), { timeout: 500 });
    else setTimeout(res, 50);
  }));
}
