/**
 * Recordings of opened notices in the browser (local mode): kept in Cache Storage under made-up paths
 * and played from a blob URL. Without Cache Storage (a page not served from localhost or HTTPS) nothing
 * is kept. (recordings.ts does the same in the mini-program with saved files.)
 */
const CACHE = 'shiliuzi-notice-audio'
const PATH = '/notice-audio/'

export async function keepRecording(url: string, name: string): Promise<{ ref: string; bytes: number }> {
  if (typeof caches === 'undefined') throw new Error('no Cache Storage here')
  const response = await fetch(url)
  if (!response.ok) throw new Error(`recording download answered HTTP ${response.status}`)
  const blob = await response.blob()
  const ref = `${PATH}${name}`
  await (await caches.open(CACHE)).put(ref, new Response(blob, { headers: { 'content-type': blob.type } }))
  return { ref, bytes: blob.size }
}

export async function playableRecording(ref: string): Promise<string | undefined> {
  if (typeof caches === 'undefined') return undefined
  const kept = await (await caches.open(CACHE)).match(ref)
  return kept ? URL.createObjectURL(await kept.blob()) : undefined
}

export function dropRecording(ref: string): void {
  if (typeof caches !== 'undefined')
    void caches
      .open(CACHE)
      .then((cache) => cache.delete(ref))
      .catch(() => undefined)
}
