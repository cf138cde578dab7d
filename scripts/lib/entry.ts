/**
 * True when `filename` is the script node was started with (call as `isEntry(__filename)`). The
 * mini-program typings pulled in by @tarojs/taro redeclare the globals `require` and `module` without
 * `main`, so Node's own types are named here.
 */
export function isEntry(filename: string): boolean {
  return (require as unknown as NodeJS.Require).main?.filename === filename
}
