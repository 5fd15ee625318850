// The cold first screen (issue 12; src/boot.js): puts boot.js — built as an entry
// chunk of its own — into index.html as the first script, async, before the main
// bundle, and
// writes beside it the map boot.js preloads a home route's chunks from:
//   <script type="application/json" id="anjian-first-screen">
//     {"/cockpit": {"js": ["/assets/cockpit-….js", …], "css": ["/assets/cockpit-….css", …]}, …}
//   </script>
// For each home path: the chunk of the route's component (the import() of its route
// file in router/modules/) and the chunks it imports statically, with their CSS, less
// what the main bundle already loads. A data block is no script: the Content-Security-
// Policy (script-src 'self') does not apply to it, and index.html is revalidated on
// every load (src/http/static.c), so the map always names the current chunks.
// Build only; the dev server runs boot.js as the main bundle's first import.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** { '/cockpit': '<abs path of the view>' } for the paths given, read from the route files. */
export function routeViews(routeDir, srcDir, paths) {
  const out = {};
  for (const f of readdirSync(routeDir).filter((n) => n.endsWith('.js')).sort()) {
    const src = readFileSync(join(routeDir, f), 'utf8');
    const re = /path:\s*'([^']+)'[^}]*?component:\s*\(\)\s*=>\s*import\('@\/([^']+)'\)/g;
    for (const m of src.matchAll(re)) if (paths.includes(m[1])) out[m[1]] = resolve(srcDir, m[2]);
  }
  return out;
}

export default function firstScreen({ routeDir, srcDir, homes, bootName = 'boot' }) {
  return {
    name: 'anjian-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const boot = chunks.find((c) => c.isEntry && c.name === bootName);
        const main = chunks.find((c) => c.isEntry && c.facadeModuleId && c.facadeModuleId.endsWith('index.html'));
        if (!boot || !main) throw new Error('first-screen: the boot or the index.html entry chunk is missing');
        if (boot.imports.length) throw new Error(`first-screen: boot.js must import nothing (it imports ${boot.imports.join(', ')})`);
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const closure = (start) => {
          const seen = new Set();
          const walk = (f) => { if (seen.has(f)) return; seen.add(f); for (const i of byFile.get(f).imports) walk(i); };
          walk(start);
          return seen;
        };
        const loaded = closure(main.fileName);
        const views = routeViews(routeDir, srcDir, homes);
        const map = {};
        for (const path of homes) {
          const id = views[path];
          if (!id) throw new Error(`first-screen: no route file imports the view of ${path}`);
          const c = chunks.find((x) => x.facadeModuleId === id) || chunks.find((x) => x.moduleIds.includes(id));
          if (!c) throw new Error(`first-screen: no chunk holds ${id}`);
          const files = [...closure(c.fileName)].filter((f) => !loaded.has(f));
          const css = new Set();
          for (const f of files) for (const s of (byFile.get(f).viteMetadata?.importedCss || [])) css.add(s);
          map[path] = { js: files.map((f) => '/' + f), css: [...css].map((f) => '/' + f) };
        }
        const json = JSON.stringify(map).replace(/</g, '\\u003c');
        /* async: run as soon as it arrives, not after the stylesheet the deferred
         * main bundle waits for */
        const tags = `<script type="module" async crossorigin src="/${boot.fileName}"></script>\n`
          + `    <script type="application/json" id="anjian-first-screen">${json}</script>\n    `;
        const at = html.indexOf('<script');
        if (at < 0) throw new Error('first-screen: index.html has no script tag');
        return html.slice(0, at) + tags + html.slice(at);
      },
    },
  };
}
