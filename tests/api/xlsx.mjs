// A minimal reader of the .xlsx files the exports write (a zip of XML parts), shared by
// the API and browser tests: the entries are found through the zip's central directory
// and inflated (deflate or stored); a sheet is read as rows of cell strings.
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';

/* The entries of a zip: [{ name, data }] with data still compressed as stored. */
function entries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'zip end record');
  const out = [];
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0, n = buf.readUInt16LE(eocd + 10); i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'zip central directory entry');
    const method = buf.readUInt16LE(p + 10), csize = buf.readUInt32LE(p + 20);
    const nl = buf.readUInt16LE(p + 28), xl = buf.readUInt16LE(p + 30), cl = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nl);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `zip local header of ${name}`);
    assert.ok(method === 0 || method === 8, `zip method ${method} of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.push({ name, method, data: buf.subarray(start, start + csize) });
    p += 46 + nl + xl + cl;
  }
  return out;
}
const text = (e) => (e.method === 8 ? inflateRawSync(e.data) : e.data).toString('utf8');

/** One entry of a zip as text; null when absent. */
export function unzipEntry(buf, name) {
  const e = entries(buf).find((x) => x.name === name);
  return e ? text(e) : null;
}

/** Every entry of a zip as text, by name. */
export function unzipAll(buf) {
  return Object.fromEntries(entries(buf).map((e) => [e.name, text(e)]));
}

/** The XML of every part of an .xlsx, one after the other (for "holds / holds not" checks). */
export function xlsxText(buf) {
  return Object.values(unzipAll(buf)).join('\n');
}

/* XML character data → text (the five entities and numeric references). */
const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unescape(s) {
  return s.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (_, hex, dec, name) =>
    (name ? NAMED[name] : String.fromCodePoint(parseInt(hex ?? dec, hex ? 16 : 10))));
}
/* The text runs (<t>) of a string item (<si>) or an inline string (<is>), joined. */
const runs = (xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => unescape(t[1])).join('');
/* Column letters of a cell reference (A1, AB12) → 0-based column. */
const column = (ref) => [...ref.replace(/\d+$/, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/**
 * The rows of a sheet (default the first; a 1-based number or an entry name) as arrays of
 * cell strings: shared strings and inline strings resolved, numbers as written. Empty cells
 * are not written in the file: each cell is placed by its column letters and the gaps are ''.
 * Rows come in file order (rows with no cells at all are not written either).
 */
export function sheetRows(buf, sheet = 1) {
  const name = typeof sheet === 'number' ? `xl/worksheets/sheet${sheet}.xml` : sheet;
  const xml = unzipEntry(buf, name);
  assert.ok(xml !== null, `no ${name}`);
  const shared = [...(unzipEntry(buf, 'xl/sharedStrings.xml') || '').matchAll(/<si>(.*?)<\/si>/gs)]
    .map((m) => runs(m[1]));
  return [...xml.matchAll(/<row\b[^>]*?(?:\/>|>(.*?)<\/row>)/gs)].map((r) => {
    const out = [];
    for (const c of (r[1] || '').matchAll(/<c\b([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const attrs = c[1], body = c[2] || '';
      const type = (attrs.match(/\bt="([^"]*)"/) || [])[1];
      const v = unescape((body.match(/<v>([^<]*)<\/v>/) || [])[1] ?? '');
      out[column(attrs.match(/\br="([A-Z]+\d+)"/)[1])] =
        type === 's' ? shared[Number(v)] : type === 'inlineStr' ? runs(body) : v;
    }
    return Array.from(out, (v) => v ?? '');
  });
}
