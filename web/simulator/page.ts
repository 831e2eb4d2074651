/** Placeholder until the simulator page lands; replaced by the full page. */
export function simulatorPage(opts: { serviceNumber: string }): string {
  return `<!doctype html><title>Stem simulator</title><p>${opts.serviceNumber}</p>`;
}
