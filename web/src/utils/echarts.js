// ECharts, tree-shaken to the charts anjian draws (bar, pie, line, scatter on a grid
// or a geo map). Imported only by lazily loaded pages; vite.config.js puts it (and
// zrender) into its own "vendor-echarts" chunk.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, ScatterChart, GeoComponent, GridComponent, LegendComponent,
  TitleComponent, TooltipComponent, CanvasRenderer]);

export default echarts;
