// `npm run whisper:install`: the whisper.cpp binding for local transcription, in .whisper/ — apart from
// the project's dependencies, so `npm ci` stays small and does not fetch CUDA/Vulkan builds (266 MB).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VERSION = '1.1.3';
const PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const platform = `${process.platform}-${process.arch}`;
if (!PLATFORMS.includes(platform)) {
  console.error(`No prebuilt whisper.cpp binding for ${platform}: local transcription is not available here (the human queue still is).`);
  process.exit(1);
}
const dir = fileURLToPath(new URL('../.whisper/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(
  `${dir}package.json`,
  `${JSON.stringify({ name: 'stem-whisper', private: true, description: 'Installed by npm run whisper:install' }, null, 2)}\n`,
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(
  npm,
  // --omit=optional: only this platform's CPU build, named explicitly, not every GPU variant.
  [
    'install',
    '--prefix',
    dir,
    '--omit=optional',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    `@fugood/whisper.node@${VERSION}`,
    `@fugood/node-whisper-${platform}@${VERSION}`,
  ],
  { stdio: 'inherit' },
);
console.log(`whisper.cpp binding installed in ${dir}. Start with WHISPER_MODEL=/path/to/ggml-base.bin npm start`);
