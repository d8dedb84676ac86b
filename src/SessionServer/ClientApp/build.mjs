// Bundles the candidate page into ../wwwroot/app: interview.js at once, the code editor (CodeMirror and its
// grammars, most of the bytes) as a chunk loaded only when a coding question arrives. Run by `npm run build`,
// which SessionServer.csproj runs on every build whose sources changed.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../wwwroot/app/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { interview: "src/main.ts" },
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2020",
  minify: true,
  sourcemap: true,
  outdir,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
