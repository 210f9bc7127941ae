// Fails the build if dist/index.html holds anything the Content-Security-Policy
// the client is served with (script-src 'self'; style-src 'self') would block:
// an inline <script>, a <style> element, a style="" attribute, an inline event
// handler, or a script or stylesheet from another origin.
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const problems = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  const [, attrs = '', body = ''] = m;
  if (!/\ssrc\s*=/.test(attrs) || body.trim()) problems.push('inline <script>');
  const src = attrs.match(/\ssrc\s*=\s*["']([^"']+)/)?.[1];
  if (src && /^[a-z]+:\/\/|^\/\//i.test(src)) problems.push(`script from another origin: ${src}`);
}
if (/<style\b/i.test(html)) problems.push('<style> element');
if (/\sstyle\s*=/i.test(html)) problems.push('style="" attribute');
if (/\son[a-z]+\s*=/i.test(html)) problems.push('inline event handler');
for (const m of html.matchAll(/<link\b[^>]*href\s*=\s*["']([^"']+)/gi)) {
  if (/^[a-z]+:\/\/|^\/\//i.test(m[1] ?? '')) problems.push(`link to another origin: ${m[1]}`);
}
if (problems.length) {
  console.error(`dist/index.html breaks the Content-Security-Policy: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('dist/index.html: no inline script or style');
