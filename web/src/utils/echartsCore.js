// ECharts, tree-shaken to the charts anjian draws (bar, pie, line, scatter on a grid
// or a geo map). Only components/EChart.vue imports it, dynamically, once a chart is
// mounted: a page's KPIs and tables show before the library arrives, and pages
// without charts never load it. vite.config.js puts it (with zrender and the 上海
// map) into its own "vendor-echarts" chunk.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, ScatterChart, GeoComponent, GridComponent, LegendComponent,
  TitleComponent, TooltipComponent, CanvasRenderer]);

export default echarts;
