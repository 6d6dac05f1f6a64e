/** Kept equal to package.json's version by a test (no file reads at run time). */
export const CLI_VERSION = '0.1.0';
