/**
 * Taro resolves `./transport` per platform: `transport.weapp.ts` in the mini-program build,
 * `transport.h5.ts` in the H5 build. This file is what TypeScript and jest see; it is the weapp one.
 */
export { send } from './transport.weapp'
