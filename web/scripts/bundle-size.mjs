// The initial JavaScript a shopper downloads (the entry script and what index.html preloads), gzipped.
// Fails past the budget: lazy pages (seller console, admin, wallet) are not counted, they load on demand.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((match) => match[1]);
let total = 0;
for (const src of new Set(scripts)) {
  const size = gzipSync(readFileSync(join(dist, src.replace(/^\//, "")))).length;
  total += size;
  console.log(`  ${src}  ${(size / 1024).toFixed(1)} KB gzipped`);
}
const verdict = total <= BUDGET ? "within" : "OVER";
console.log(
  `Initial JS: ${(total / 1024).toFixed(1)} KB gzipped (${verdict} the ${BUDGET / 1024} KB budget)`,
);
if (total > BUDGET || scripts.length === 0) process.exit(1);
