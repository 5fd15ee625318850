// Prints the table of bench/firstload.sh from the JSON the browser test wrote:
// per role the median of the runs (ms since navigation start; KB = 1024 bytes).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const roles = [...new Set(data.results.map((r) => r.role))];
const ms = (v) => `${Math.round(v)}`;
const kb = (v) => (v / 1024).toFixed(0);
const lines = [
  `# first screen, cold cache — ${data.at}, ${data.runs} run(s) per role, median; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`,
  '',
  '| role | width | ttfb ms | bundle ran ms | session ms | dcl ms | first screen ms | interactive ms | JS KB (first screen) | JS KB (all) | JS KB decoded |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const role of roles) {
  const rs = data.results.filter((r) => r.role === role);
  const m = (k) => median(rs.map((r) => r[k]));
  const mk = (k) => { const v = rs.map((r) => r.marks && r.marks[k]).filter((x) => x !== undefined); return v.length ? ms(median(v)) : '—'; };
  lines.push(`| ${role} | ${rs[0].viewport} | ${ms(m('ttfb'))} | ${mk('main')} | ${mk('session')} | ${ms(m('dcl'))} | ${ms(m('firstScreen'))} | ${ms(m('interactive'))} | ${kb(m('jsBytesFirst'))} | ${kb(m('jsBytes'))} | ${kb(m('jsDecoded'))} |`);
}
const worst = Math.max(...roles.map((role) => median(data.results.filter((r) => r.role === role).map((r) => r.interactive))));
lines.push('', `slowest role interactive: ${Math.round(worst)} ms (target ≤ 500 ms on localhost)`);
console.log(lines.join('\n'));
