/** How a transport reports that no CallResult came back: the client maps `network` to UNAVAILABLE and
 * `function` (the function failed before answering) to INTERNAL. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'network' | 'function',
    message: string,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}
