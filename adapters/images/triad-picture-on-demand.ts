import type { TriadPictureRenderer } from '../../core/conversation/ports.js';

/**
 * The triad renderer (triad-picture.ts) with its module imported on the first picture and kept: fontkit,
 * resvg's wasm and the fonts (~3 MB) stay out of a process's start until a picture is asked for.
 */
export const renderTriadPictureOnDemand: TriadPictureRenderer = async (input) => (await import('./triad-picture.js')).renderTriadPicture(input);
