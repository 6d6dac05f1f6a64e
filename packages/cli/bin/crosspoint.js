#!/usr/bin/env node
// Committed shim so the bin link exists before the first build; the real entry is dist/bin.js.
import('../dist/bin.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin.js')) {
    process.stderr.write('crosspoint: not built yet; run `npm run demo` (or `pnpm build`) in the repository first\n');
    process.exit(1);
  }
  throw err;
});
