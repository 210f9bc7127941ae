// Prints the gzipped size of the JavaScript the login page loads before it can
// show anything: every <script src> and <link rel="modulepreload"> in
// dist/index.html (lazy chunks of role screens are not counted). Also prints
// the CSS for reference. `--json` prints a machine-readable line instead.
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const attr = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, 'i'))?.[1];
const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
const js = [];
const css = [];
for (const tag of tags) {
  if (/^<script/i.test(tag)) {
    const src = attr(tag, 'src');
    if (src) js.push(src);
  } else {
    const rel = attr(tag, 'rel');
    const href = attr(tag, 'href');
    if (href && rel === 'modulepreload') js.push(href);
    if (href && rel === 'stylesheet') css.push(href);
  }
}
if (js.length === 0) {
  console.error('size: dist/index.html loads no script');
  process.exit(1);
}

const gz = (href) => {
  if (/^[a-z]+:\/\//i.test(href)) throw new Error(`size: ${href} is not served by us`);
  const bytes = readFileSync(join(dist, href.replace(/^\//, '')));
  return { href, raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length };
};
const files = [...new Set(js)].map(gz);
const styles = [...new Set(css)].map(gz);
const kb = (n) => (n / 1000).toFixed(1); // kB as Vite prints them: 1000 bytes
const total = files.reduce((s, f) => s + f.gzip, 0);
const cssTotal = styles.reduce((s, f) => s + f.gzip, 0);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ initialJsGzipBytes: total, cssGzipBytes: cssTotal, files, styles }));
} else {
  for (const f of files) console.log(`  ${f.href}  ${kb(f.raw)} kB → ${kb(f.gzip)} kB gzip`);
  console.log(`initial JS of the login page: ${kb(total)} kB gzipped (${files.length} files); CSS ${kb(cssTotal)} kB gzipped`);
}
