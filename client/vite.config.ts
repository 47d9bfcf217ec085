import { defineConfig } from 'vite';

/** The Preact client. Built into client/dist: served by the server at / (hybrid mode) and used as
 * the Neutralino app's resources. Hashed file names under /assets/ are cached for a year. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
