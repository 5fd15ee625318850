// Prints the ?fields= value a list screen sends for an entity (EntityList with slim:
// the declared list fields that are not hidden), so the benchmarks request exactly
// what the screens request. Usage: node bench/ui_fields.mjs BASE_URL COOKIE ENTITY
const [base, cookie, entity] = process.argv.slice(2);
const r = await fetch(`${base}/api/meta`, { headers: { cookie } });
if (!r.ok) throw new Error(`meta: ${r.status}`);
const e = (await r.json()).entities.find((x) => x.name === entity);
const names = e.fields.filter((f) => f.list && !f.hidden).map((f) => f.name);
if (e.display_field && !names.includes(e.display_field)) names.push(e.display_field);
console.log(names.join(','));
