/**
 * Taro resolves `./subscribe` per platform: `subscribe.weapp.ts` in the mini-program build,
 * `subscribe.h5.ts` in the H5 build. This file is what TypeScript and jest see; it is the weapp one.
 */
export { askMessages } from './subscribe.weapp'
