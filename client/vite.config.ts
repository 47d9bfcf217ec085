import { defineConfig } from 'vite';

/** The Preact client. Built into client/dist: served by the server at / (hybrid mode) and used as
 * the Neutralino app's resources. Hashed file names under /assets/ are cached for a year. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // The release signing key the desktop app trusts (scripts/desktop-build.mjs sets it; '' = none).
  define: { __RELEASE_PUBLIC_KEY__: JSON.stringify(process.env.RELEASE_PUBLIC_KEY ?? '') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
