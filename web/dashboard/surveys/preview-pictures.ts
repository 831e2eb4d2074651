import type { ApiHandler } from '../api/api-client.js';
import type { Preview } from '../api/api-shapes.js';

/** A triad picture is ~50-70 KB; anything much larger is not one of ours. */
const MAX_PICTURE_BYTES = 1_000_000;

/**
 * The WhatsApp pictures of a preview, by the path the API gave (the signed address the conversation sends
 * Twilio), fetched from the service's own URL and put in the page as data: URLs — the dashboard's policy
 * takes images from data: only, and this keeps it so. A picture that cannot be had (a built-in template
 * never saved, so the picture route does not know it; labels no font can draw) is null: the page says so.
 */
export async function previewPictures(media: ApiHandler, preview: Preview): Promise<ReadonlyMap<string, string | null>> {
  const paths = new Set(preview.messages.flatMap((m) => m.whatsapp?.messages.flatMap((w) => (w.picture ? [w.picture] : [])) ?? []));
  const entries = await Promise.all(
    [...paths].map(async (path): Promise<[string, string | null]> => {
      // Only the picture route's own paths: the API names them, and nothing else is fetched.
      if (!path.startsWith('/media/triad/')) return [path, null];
      const response = await Promise.resolve(media.request(path, { method: 'GET', headers: { accept: 'image/png' } })).catch(() => null);
      if (!response?.ok || response.headers.get('content-type') !== 'image/png') return [path, null];
      const bytes = Buffer.from(await response.arrayBuffer());
      return [path, bytes.length > 0 && bytes.length <= MAX_PICTURE_BYTES ? `data:image/png;base64,${bytes.toString('base64')}` : null];
    }),
  );
  return new Map(entries);
}
