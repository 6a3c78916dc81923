// ECharts for the target desk, modular: only the bar and line charts (rankings, the trend), the grid and markLine components and the SVG renderer
// (crisp in screenshots, and its text is in the DOM). No tooltip or legend components: the bars carry their values
// as labels and the legend is HTML (RankChart.vue) — about 100 kB less. Imported dynamically by RankChart.vue, so
// the library is a chunk of its own that only a page with a chart fetches.
import { init, use } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, MarkLineComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, MarkLineComponent, SVGRenderer])

export { init }
