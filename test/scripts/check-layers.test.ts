import path from 'node:path'
import { checkLayers } from '../../scripts/check-layers'

describe('the layer check', () => {
  it('reports each kind of violation in a tree that breaks every rule', () => {
    const found = checkLayers(path.join(__dirname, '..', 'fixtures', 'layers'))
    const seen = found.map((v) => `${v.file}: ${v.rule}`).sort()
    expect(seen).toEqual(
      [
        'cloudfunctions/a/domain/rule.ts: a domain module imports the SDK or a file-format library',
        'cloudfunctions/a/domain/rule.ts: a domain module imports the database',
        'cloudfunctions/a/index.ts: a function imports another function',
        'cloudfunctions/b/index.ts: import cycle',
        // one for the function, one for the local cloud
        'src/pages/page.ts: the mini-program imports a function or the local cloud',
        'src/pages/page.ts: the mini-program imports a function or the local cloud',
        'src/shared/platform.ts: src/shared imports a platform package',
      ].sort(),
    )
    expect(found.find((v) => v.rule === 'import cycle')?.detail).toBe(
      'cloudfunctions/b/index.ts → cloudfunctions/b/other.ts → cloudfunctions/b/index.ts',
    )
  })
})
