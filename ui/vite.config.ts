// Builds the viewer page into dist/ (the share server embeds it) and runs the
// component tests. JSX goes through esbuild's automatic runtime with Preact,
// so no framework plugin is needed.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The page runs under a CSP without inline scripts or data URIs for code.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: { input: { viewer: 'viewer.html', app: 'index.html' } },
  },
  server: {
    // `npm run dev` against a running `afterword serve`.
    proxy: { '/s/': 'http://127.0.0.1:7878', '/oembed': 'http://127.0.0.1:7878' },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
