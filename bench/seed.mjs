// Seeds a benchmark district through the real import API: N enterprises with valid
// 统一社会信用代码 (GB 32100-2015 check character), uploaded as CSV by the regulator.
// Usage: node bench/seed.mjs BASE_URL N
import { Client } from '../tests/api/lib.mjs';

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function uscc(body17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += CHARS.indexOf(body17[i]) * W[i];
  const c = 31 - (s % 31);
  return body17 + CHARS[c === 31 ? 0 : c];
}

const [base, nArg] = process.argv.slice(2);
const n = Number(nArg || 200);
const c = new Client(base);
const r = await c.login('regulator');
if (r.status !== 200) throw new Error(`login: ${r.status} ${r.body}`);
const tpl = await c.get('/api/meta');
const ent = tpl.json.entities.find((e) => e.name === 'enterprise');
const col = (name) => ent.fields.find((f) => f.name === name).label;
const opt = (name, code) => ent.fields.find((f) => f.name === name).options.find((o) => o.value === code).label;
const header = ['name', 'uscc', 'address', 'industry_section', 'industry_division', 'high_risk', 'scale', 'employee_count', 'principal_name'];
// a regulator's import names the supervision kind of each row (监管类型)
let csv = [...header.map(col), '监管类型'].join(',') + '\n';
for (let i = 0; i < n; i++) {
  const id = String(700000000 + i);
  csv += [`压测企业${i}号有限公司`, uscc(`91310118${id}`), `上海市青浦区测试路${i}号`, opt('industry_section', 'C'), '33',
    opt('high_risk', i % 5 ? 'none' : 'metal_smelting'), opt('scale', i % 2 ? 'above' : 'below'), 50 + i, `负责人${i}`, '出资监管'].join(',') + '\n';
}
const fd = new FormData();
fd.append('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
const imp = await c.req('POST', '/api/enterprise/import', fd);
if (imp.status !== 200) throw new Error(`import: ${imp.status} ${imp.body.slice(0, 500)}`);
console.log(`seeded ${imp.json.imported} enterprises`);
