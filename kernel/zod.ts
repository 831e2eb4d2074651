/**
 * zod, the tree-shakeable "mini" build, with English messages. The classic build adds ~450 KB to every
 * Lambda bundle because its chainable API cannot be tree-shaken. Use `import * as z from '…/kernel/zod.js'`
 * (a namespace import, which bundlers tree-shake); never import 'zod' itself.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
