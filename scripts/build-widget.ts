/**
 * Bundles the embeddable widget into public/: the loader (`/widget.js`) and the frame's script
 * and styles (`/widget-frame.js`, `/widget-frame.css`). These are build output (not committed),
 * rebuilt by `npm run build`, `npm run dev` and `npm start`; the sources are in widget/.
 */
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

export const widgetBundles = (outDir = path.join(root, "public")) => ({
  loader: path.join(outDir, "widget.js"),
  frameScript: path.join(outDir, "widget-frame.js"),
  frameStyles: path.join(outDir, "widget-frame.css"),
});

export async function buildWidget(outDir?: string): Promise<ReturnType<typeof widgetBundles>> {
  const out = widgetBundles(outDir);
  const common = { bundle: true, minify: true, legalComments: "none", logLevel: "warning" } as const;
  await Promise.all([
    build({ ...common, entryPoints: [path.join(root, "widget", "loader.ts")], outfile: out.loader, format: "iife", target: "es2019" }),
    build({ ...common, entryPoints: [path.join(root, "widget", "frame.ts")], outfile: out.frameScript, format: "iife", target: "es2020" }),
    build({ ...common, entryPoints: [path.join(root, "widget", "frame.css")], outfile: out.frameStyles }),
  ]);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  await buildWidget();
}
