import { brotliDecompressSync } from 'node:zlib';

/**
 * Stands in for the `brotli` package's decoder (`brotli/decompress.js`, with which fontkit reads the WOFF2
 * fonts of the triad picture) in Lambda bundles, through an esbuild alias (cdk/stem-stack.ts). Node's own
 * Brotli does the same in native code, where the package's JavaScript decoder and dictionary take ~490 KB
 * of the 500 KB bundle budget. Tests and the local stack use the package itself.
 */
export default function decompress(input: Uint8Array): Uint8Array {
  return brotliDecompressSync(input);
}
