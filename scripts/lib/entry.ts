/**
 * True when `mod` is the script node was started with. The mini-program typings (pulled in by
 * @tarojs/taro) redeclare the global `require` without `main`, so Node's own type is named here.
 */
export function isEntry(mod: NodeJS.Module): boolean {
  return (require as unknown as NodeJS.Require).main === mod
}
