// Element Plus and its icons imported where they are used, so each lazily loaded
// page's chunk carries the components it draws and no page loads the whole library
// (the staff's phone pages need buttons and inputs, not tables and date pickers).
//
// The Vue compiler turns a template tag that is not imported in the component
// (<el-table>, <Umbrella />) into resolveComponent("el-table"), a look-up among the
// globally registered components. This plugin runs after @vitejs/plugin-vue and
// replaces each such look-up whose name is an Element Plus component (El…) or an
// @element-plus/icons-vue icon by an import of that export, which Rollup then
// tree-shakes and splits by route like any other import. Names that are neither
// (router-view, a page's own components) are left to the runtime.
//
// The menu names its icons as strings in the route meta (router/modules/*.js);
// "virtual:menu-icons" exports exactly those icons, read from the route files, so
// the sidebar needs no registry of all 300 icons.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MENU_ICONS = 'virtual:menu-icons';
const RESOLVED_MENU_ICONS = '\0' + MENU_ICONS;
/* _resolveComponent("el-button") and _resolveComponent("X", true) (self reference). */
const RESOLVE_RE = /\b_?resolveComponent\("([^"]+)"(?:,\s*true)?\)/g;

/** "el-table-column" → "ElTableColumn"; "ArrowDown" stays. */
function pascal(name) {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
}

/** The icon names the route files give as meta icon / groupIcon. */
export function menuIconNames(routeDir) {
  const names = new Set();
  for (const f of readdirSync(routeDir).filter((n) => n.endsWith('.js')).sort()) {
    const src = readFileSync(join(routeDir, f), 'utf8');
    for (const m of src.matchAll(/\b(?:icon|groupIcon)\s*:\s*'([A-Za-z0-9]+)'/g)) names.add(m[1]);
  }
  return [...names].sort();
}

export default function elementOnDemand({ routeDir }) {
  let elNames = null;
  let iconNames = null;
  const known = async () => {
    if (!elNames) {
      const [ep, icons] = await Promise.all([import('element-plus'), import('@element-plus/icons-vue')]);
      elNames = new Set(Object.keys(ep).filter((k) => /^El[A-Z]/.test(k)));
      iconNames = new Set(Object.keys(icons).filter((k) => /^[A-Z]/.test(k)));
    }
  };
  return {
    name: 'anjian-element-on-demand',
    enforce: 'post',
    resolveId(id) { return id === MENU_ICONS ? RESOLVED_MENU_ICONS : undefined; },
    async load(id) {
      if (id !== RESOLVED_MENU_ICONS) return undefined;
      await known();
      for (const f of readdirSync(routeDir)) this.addWatchFile(join(routeDir, f));
      const names = menuIconNames(routeDir);
      const missing = names.filter((n) => !iconNames.has(n));
      if (missing.length) this.error(`route meta names icons that @element-plus/icons-vue lacks: ${missing.join(', ')}`);
      return `export { ${names.join(', ')} } from '@element-plus/icons-vue';\n`;
    },
    async transform(code, id) {
      if (!/\.vue$/.test(id.split('?')[0]) || /[?&]type=style/.test(id) || !code.includes('resolveComponent(')) return undefined;
      await known();
      const imports = new Map();	/* "element-plus" / icons → Map(export → local) */
      let n = 0;
      const out = code.replace(RESOLVE_RE, (all, name) => {
        const p = pascal(name);
        const from = elNames.has(p) ? 'element-plus' : iconNames.has(p) ? '@element-plus/icons-vue' : null;
        if (!from) return all;
        if (!imports.has(from)) imports.set(from, new Map());
        const m = imports.get(from);
        if (!m.has(p)) m.set(p, `__od_${p}_${n++}`);
        return m.get(p);
      });
      if (!imports.size) return undefined;
      const head = [...imports].map(([from, m]) => `import { ${[...m].map(([e, l]) => `${e} as ${l}`).join(', ')} } from '${from}';`);
      /* imports are hoisted: appended at the end, they move no line of the component */
      return { code: out + '\n' + head.join('\n') + '\n', map: null };
    },
  };
}
