// Vite's defaults for an app, except the browser's modulepreload polyfill (it needs `document`), so that
// Node can run the bundle. No resolve options: the package resolves as published.
export default { logLevel: "warn", build: { outDir: "vite-dist", modulePreload: { polyfill: false } } };
